"""Quality gates on the pages issue 12 added or changed, with every optional part filled in.

The programme page with its Key facts, a course page with At a glance, the staff preview of a
draft, and the admin pages staff use for them (change pages, history pages) must have no axe-core
violation and no Nu HTML Checker error.
"""

import json
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client

from core.models import Draft
from courses.models import Course, Teacher
from programmes.models import Programme

from .test_gates import AXE_OPTIONS, HX_ATTRIBUTE, axe_violations, fail_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
PROGRAMME = "/programmes/msc-machine-learning-mathematics/"


@pytest.fixture
def filled(site_data):
    """Every optional field filled with test values, a teacher, an edit in history and a draft pending."""
    Programme.objects.filter(pk=site_data.pk).update(
        fee_home="£1 (test value)",
        fee_international="£2 (test value)",
        additional_costs="Test costs one.\n\nTest costs two.",
        funding="Test funding.",
        entry_degree="Test degree.",
        entry_subjects="Test subjects.",
        entry_english="Test English.",
        location="Test location",
        contact_hours=7,
        self_study_hours=23,
        assessment="Test assessment.",
    )
    course = Course.objects.get(code="MLM 504")
    course.assessment = "Test course assessment."
    course.save()
    Teacher.objects.create(course=course, position=1, name="Test Person", role="Test role", bio="Test biography.")
    outcome = course.outcomes.first()
    outcome.text += " (edited)"
    outcome.save()
    user = User.objects.create_superuser("editor", "editor@dmath.example", PASSWORD)
    client = Client()
    client.force_login(user)
    url = f"/admin/courses/course/{course.pk}/change/"
    from tests.htmltext import form_fields

    data = form_fields(client.get(url).content.decode(), "course_form")
    assert client.post(url, {**data, "title": "Deep Learning Theory (draft)", "_save_draft": "1"}).status_code == 302
    assert Draft.objects.count() == 1
    return {"client": client, "course": course, "programme": Programme.objects.get(pk=site_data.pk)}


def staff_pages(filled) -> list[str]:
    course, programme = filled["course"], filled["programme"]
    return [
        f"/admin/programmes/programme/{programme.pk}/change/",
        f"/admin/programmes/programme/{programme.pk}/history/",
        f"/admin/courses/course/{course.pk}/change/",
        f"/admin/courses/course/{course.pk}/history/",
        f"/admin/activities/courseactivity/{course.activity_embeddings.first().pk}/change/",
        course.get_preview_url(),
        programme.get_preview_url(),
    ]


PUBLIC_PAGES = [PROGRAMME, "/courses/mlm-504/", "/courses/mlm-501/"]


def test_no_axe_violations_on_the_new_and_changed_pages(filled, browser, live_server, axe_js):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    problems = {}
    try:
        page = context.new_page()
        page.goto(live_server.url + "/admin/login/")
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state("load")
        for path in PUBLIC_PAGES + staff_pages(filled):
            page.goto(live_server.url + path, wait_until="load")
            if path.startswith("/admin/"):  # every folded list open (public pages: as test_gates checks them)
                page.eval_on_selector_all("details", "els => els.forEach(d => { d.open = true; })")
            problems[path] = axe_violations(page, axe_js)
    finally:
        context.close()
    fail_on(problems, "axe-core violations")
    assert AXE_OPTIONS["runOnly"]


def test_no_html_errors_on_the_new_and_changed_pages(filled, vnu_command):
    client = filled["client"]
    anonymous = Client()
    problems: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="vnu-") as tmp:
        files = {}
        pages = [(anonymous, p) for p in PUBLIC_PAGES] + [(client, p) for p in staff_pages(filled)]
        for index, (who, path) in enumerate(pages):
            response = who.get(path)
            assert response.status_code == 200, f"{path} answered {response.status_code}"
            file = Path(tmp) / f"page{index}.html"
            file.write_text(response.content.decode(), encoding="utf-8")
            files[str(file.resolve())] = path
        result = subprocess.run(
            [*vnu_command, "--format", "json", "--stdout", "--exit-zero-always", *files],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, f"vnu failed to run: {result.stderr}"
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] not in {"error", "non-document-error"} or HX_ATTRIBUTE.search(message["message"]):
            continue
        where = files.get(urlsplit(message.get("url", "")).path, message.get("url", "?"))
        extract = " ".join(message.get("extract", "").split())[:160]
        problems.setdefault(where, []).append(f"line {message.get('lastLine', '?')}: {message['message']} :: {extract}")
    fail_on(problems, "Nu HTML Checker errors")
