"""Quality gates on the pages issue 12 added or changed, with every optional part filled in.

The programme page with its Key facts, a course page with At a glance, the staff preview of a
draft, and the admin pages staff use for them (change pages, history pages) must have no axe-core
violation and no Nu HTML Checker error.
"""

import pytest
from django.test import Client

from core.models import Draft
from courses.models import Course, Teacher
from programmes.models import Programme
from tests.helpers.browser import admin_sign_in
from tests.helpers.gates import AXE_OPTIONS, axe_violations, fail_on, html_errors
from tests.helpers.htmltext import form_fields
from tests.helpers.pagesets import PROGRAMME
from tests.helpers.users import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    user = make_staff("editor", superuser=True)
    client = Client()
    client.force_login(user)
    url = f"/admin/courses/course/{course.pk}/change/"
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
    context = browser.new_context(bypass_csp=True)
    problems = {}
    try:
        page = context.new_page()
        admin_sign_in(page, live_server.url)
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
    pages = {}
    for who, path in [(anonymous, p) for p in PUBLIC_PAGES] + [(client, p) for p in staff_pages(filled)]:
        response = who.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        pages[path] = response.content.decode()
    fail_on(html_errors(vnu_command, pages), "Nu HTML Checker errors")
