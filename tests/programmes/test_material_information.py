"""Material information: empty in the fixtures, filled by staff through admin, shown only when filled."""

import re

import pytest

from courses.models import Course
from tests.helpers.htmltext import form_fields, page_text

pytestmark = pytest.mark.django_db

PATH = "/programmes/msc-machine-learning-mathematics/"
# Made-up values for the test only; the fixtures leave every one of these fields empty.
FACTS = {
    "fee_home": "£1,234 for the whole programme (test value)",
    "fee_international": "£5,678 for the whole programme (test value)",
    "additional_costs": "Test costs paragraph one.\r\n\r\nTest costs paragraph two.",
    "funding": "Test funding note.",
    "entry_degree": "Test degree requirement.",
    "entry_subjects": "Test subject requirement.",
    "entry_english": "Test English requirement.",
    "location": "Test location",
    "contact_hours": "7",
    "self_study_hours": "23",
    "assessment": "Test assessment note.",
}


def test_fixtures_leave_material_information_empty_and_the_page_shows_none_of_it(client, seeded):
    text = page_text(client.get(PATH).content.decode())
    assert "Key facts" in text
    assert re.search(r"Start date 20 September 2027 ?; applications close", text)  # the open cohort, said once
    assert "Duration 1 Year" in text and "Mode of study Online" in text
    for label in ["Tuition fees", "Funding and scholarships", "Entry requirements", "Location", "Contact hours"]:
        assert label not in text
    course_text = page_text(client.get("/courses/mlm-503/").content.decode())
    assert "At a glance" not in course_text and "Teaching staff" not in course_text


def test_staff_fill_key_facts_through_admin_and_the_programme_page_shows_them(client, seeded, staff):
    client.force_login(staff)
    url = f"/admin/programmes/programme/{seeded.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "programme_form")
    assert all(data[name] == "" for name in FACTS)
    response = client.post(url, {**data, **FACTS})
    assert response.status_code == 302, page_text(response.content.decode())[:2000]
    client.logout()
    html = client.get(PATH).content.decode()
    text = page_text(html)
    assert "Tuition fees Home students: £1,234 for the whole programme (test value)" in text
    assert "International students: £5,678 for the whole programme (test value)" in text
    assert "<p>Test costs paragraph one.</p><p>Test costs paragraph two.</p>" in html
    assert "Funding and scholarships Test funding note." in text
    assert "Degree Test degree requirement. Subjects Test subject requirement." in text
    assert "English language Test English requirement." in text
    assert "Location Test location" in text
    assert "Contact hours: 7 Self-study hours: 23" in text
    assert "Assessment Test assessment note." in text


def test_no_open_cohort_means_no_start_date(client, seeded):
    seeded.cohorts.update(is_open=False)
    text = page_text(client.get(PATH).content.decode())
    assert "Start date" not in text and "Duration 1 Year" in text


def test_staff_add_teaching_staff_and_the_course_page_shows_them_at_a_glance(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    url = f"/admin/courses/course/{course.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "course_form")
    data.update(
        {
            "assessment": "Test coursework note.",
            "teachers-TOTAL_FORMS": "2",
            "teachers-0-position": "1",
            "teachers-0-name": "Test Person A",
            "teachers-0-role": "Test role A",
            "teachers-0-bio": "Test biography A.",
            "teachers-1-position": "0",
            "teachers-1-name": "Test Person B",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, page_text(response.content.decode())[:2000]
    client.logout()
    text = page_text(client.get("/courses/mlm-503/").content.decode())
    assert "At a glance Teaching staff Test Person B Test Person A , Test role A Test biography A." in text
    assert "Assessment Test coursework note." in text
