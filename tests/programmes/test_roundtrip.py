"""Saving an admin form unchanged changes no public page: text round-trips through the browser's \\r\\n."""

import re

import pytest

from activities.models import Activity
from courses.models import Course
from programmes.models import Programme
from programmes.text import paragraphs_split
from tests.helpers.htmltext import form_fields, page_text

pytestmark = pytest.mark.django_db

# Per-response tokens: the CSRF token (masked afresh each time) and the enrolment form's signed start time.
TOKENS = re.compile(r'((?:name="csrfmiddlewaretoken"|name="started") value=")[^"]+|("x-csrftoken": ")[^"]+')


def as_browser_sends(data: dict[str, str]) -> dict[str, str]:
    """Browsers submit every newline in a textarea as \\r\\n (HTML's form submission rules)."""
    return {name: value.replace("\n", "\r\n") for name, value in data.items()}


def public_pages(client) -> dict[str, str]:
    paths = ["/programmes/msc-machine-learning-mathematics/", "/programmes/msc-machine-learning-mathematics/enrol/"]
    paths += [course.get_absolute_url() for course in Course.objects.all()]
    paths += [activity.get_absolute_url() for activity in Activity.objects.all()]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        # Per-response tokens aside, everything must be the same bytes.
        pages[path] = TOKENS.sub(lambda m: (m.group(1) or m.group(2)) + "…", response.content.decode())
    return pages


def save_unchanged(client, url: str, form_id: str) -> None:
    data = as_browser_sends(form_fields(client.get(url).content.decode(), form_id))
    response = client.post(url, {**data, "_continue": "Save"})
    assert response.status_code == 302, page_text(response.content.decode())[:2000]


def test_saving_every_admin_form_unchanged_leaves_every_public_page_byte_identical(client, seeded, staff):
    before = public_pages(client)
    assert len(paragraphs_split(text=seeded.overview)) == 2
    client.force_login(staff)
    save_unchanged(client, f"/admin/programmes/programme/{seeded.pk}/change/", "programme_form")
    for course in Course.objects.all():
        save_unchanged(client, f"/admin/courses/course/{course.pk}/change/", "course_form")
    for activity in Activity.objects.all():
        save_unchanged(client, f"/admin/activities/activity/{activity.pk}/change/", "activity_form")
    client.logout()
    after = public_pages(client)
    for path, html in before.items():
        assert after[path] == html, f"{path} changed after an unchanged save"
    programme = Programme.objects.get(pk=seeded.pk)
    assert "\r" not in programme.overview
    assert len(programme.overview_paragraphs) == 2


def test_overview_paragraphs_split_on_either_newline_convention(seeded):
    seeded.overview = "First paragraph.\r\n\r\nSecond paragraph.\n\nThird.\r\n \r\nFourth."
    assert seeded.overview_paragraphs == ["First paragraph.", "Second paragraph.", "Third.", "Fourth."]
    seeded.save()
    seeded.refresh_from_db()
    assert seeded.overview == "First paragraph.\n\nSecond paragraph.\n\nThird.\n \nFourth."


def test_tagline_edit_keeps_the_overview_paragraphs(client, seeded, staff):
    client.force_login(staff)
    url = f"/admin/programmes/programme/{seeded.pk}/change/"
    data = as_browser_sends(form_fields(client.get(url).content.decode(), "programme_form"))
    data["tagline"] = "A new tagline."
    assert client.post(url, data).status_code == 302
    client.logout()
    html = client.get("/programmes/msc-machine-learning-mathematics/").content.decode()
    overview = html.split('id="overview-heading"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r"<p[ >]", overview)) == 2
