"""Every change to a page and its lists is recorded with who and when, shown with a diff, and restorable."""

import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from courses.models import Course, LearningOutcome
from programmes.models import Programme
from tests.helpers.admin import field_holding
from tests.helpers.htmltext import form_fields, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("history_baseline")]

OLD = "Use accelerated methods."
NEW = "Use Nesterov's accelerated methods."


def edit_outcome(client, course: Course) -> None:
    url = f"/admin/courses/course/{course.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "course_form")
    key = field_holding(data, OLD)
    data[key] = NEW
    assert client.post(url, data).status_code == 302


def test_an_outcome_edit_is_recorded_shown_with_a_diff_and_restored(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    edit_outcome(client, course)
    outcome = LearningOutcome.objects.get(text=NEW)
    record = outcome.history.latest()
    assert record.history_user == staff and record.history_type == "~"

    history = client.get(f"/admin/courses/course/{course.pk}/history/")
    assert history.status_code == 200
    text = page_text(history.content.decode())
    assert f"text: {OLD} → {NEW}" in text
    assert "editor" in text

    # Restore the record made when the outcome was created (its text then was OLD).
    first = outcome.history.earliest()
    assert first.text == OLD
    restore = re.search(rf'action="([^"]*/restore/\d+/{first.history_id}/)"', history.content.decode()).group(1)
    assert client.get(restore).status_code == 405
    response = client.post(restore)
    assert response.status_code == 302
    assert LearningOutcome.objects.get(pk=outcome.pk).text == OLD
    assert outcome.history.latest().history_user == staff  # the restore is itself recorded
    client.logout()
    assert OLD in page_text(client.get("/courses/mlm-503/").content.decode())


def test_a_deleted_outcome_is_restored_from_the_history_page(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    outcome = LearningOutcome.objects.get(course=course, text=OLD)
    url = f"/admin/courses/course/{course.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "course_form")
    key = field_holding(data, OLD)
    data[key.replace("-text", "-DELETE")] = "on"
    assert client.post(url, data).status_code == 302
    assert not LearningOutcome.objects.filter(pk=outcome.pk).exists()
    deleted = LearningOutcome.history.filter(id=outcome.pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == staff
    html_page = client.get(f"/admin/courses/course/{course.pk}/history/").content.decode()
    assert f"restore/0/{deleted.history_id}/" in html_page
    assert client.post(f"/admin/courses/course/{course.pk}/history/restore/0/{deleted.history_id}/").status_code == 302
    assert LearningOutcome.objects.get(pk=outcome.pk).text == OLD


def test_a_programme_edit_is_shown_with_a_diff_and_reverted(client, seeded, staff):
    client.force_login(staff)
    url = f"/admin/programmes/programme/{seeded.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "programme_form")
    old_tagline = data["tagline"]
    assert client.post(url, {**data, "tagline": "A changed tagline."}).status_code == 302
    assert client.post(url, {**data, "tagline": "A second tagline."}).status_code == 302
    history = client.get(f"/admin/programmes/programme/{seeded.pk}/history/").content.decode()
    assert "A changed tagline.\n" in html.unescape(history) or "A changed tagline." in page_text(history)
    assert "A second tagline." in page_text(history)
    first = seeded.history.order_by("history_date")[1]
    assert first.tagline == "A changed tagline."
    revert = f"/admin/programmes/programme/{seeded.pk}/history/{first.history_id}/"
    form = form_fields(client.get(revert).content.decode(), "historicalprogramme_form")
    assert form["tagline"] == "A changed tagline."
    form["tagline"] = old_tagline
    assert client.post(revert, form).status_code == 302
    assert Programme.objects.get(pk=seeded.pk).tagline == old_tagline


def test_cohort_changes_are_recorded_and_shown_on_the_programme_history(client, seeded, staff):
    cohort = seeded.cohorts.get()
    cohort.name = "September 2027 (renamed for the test)"
    cohort.save()
    assert cohort.history.count() == 2
    client.force_login(staff)
    text = page_text(client.get(f"/admin/programmes/programme/{seeded.pk}/history/").content.decode())
    assert "name: September 2027 → September 2027 (renamed for the test)" in text
    assert "Cohorts (2)" in text


def test_only_staff_who_may_change_the_page_can_restore(client, seeded):
    course = Course.objects.get(code="MLM 503")
    outcome = LearningOutcome.objects.get(course=course, text=OLD)
    record = outcome.history.latest()
    url = f"/admin/courses/course/{course.pk}/history/restore/0/{record.history_id}/"
    assert client.post(url).status_code == 302  # to the login page
    viewer = User.objects.create_user("viewer", "viewer@dmath.example", "a-long-test-password", is_staff=True)
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    other = Course.objects.get(code="MLM 504")
    admin = User.objects.create_superuser("editor", "editor@dmath.example", "a-long-test-password")
    client.force_login(admin)
    wrong_page = f"/admin/courses/course/{other.pk}/history/restore/0/{record.history_id}/"
    assert client.post(wrong_page).status_code == 404


def test_sitemap_lastmod_follows_the_history_of_a_course_and_its_lists(client, seeded, settings):
    settings.SITE_URL = "http://testserver"  # the sitemap's addresses come from SITE_URL
    course = Course.objects.get(code="MLM 503")
    Course.objects.filter(pk=course.pk).update(updated_at="2026-01-02T03:04:05Z")  # long before the edit
    outcome = course.outcomes.first()
    outcome.text = "A changed outcome."
    outcome.save()
    changed = outcome.history.latest().history_date
    sitemap = client.get("/sitemap.xml").content.decode()
    entry = sitemap.split("<loc>http://testserver/courses/mlm-503/</loc>", 1)[1].split("</url>", 1)[0]
    assert f"<lastmod>{changed.date().isoformat()}" in entry
    assert "2026-01-02" not in entry


def test_activity_texts_and_the_institution_are_recorded_too(client, seeded, staff):
    from activities.models import Activity

    client.force_login(staff)
    activity = Activity.objects.get(slug="clt")
    url = f"/admin/activities/activity/{activity.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "activity_form")
    assert client.post(url, {**data, "hint": "A changed hint."}).status_code == 302
    record = activity.history.latest()
    assert record.history_user == staff and record.hint == "A changed hint."
    text = page_text(client.get(f"/admin/activities/activity/{activity.pk}/history/").content.decode())
    assert "A changed hint." in text
    institution = seeded.department.institution
    institution.short_name = "DMU"
    institution.save()
    assert institution.history.latest().short_name == "DMU"


def test_history_rows_say_what_changed_and_mark_drafts_and_restores(client, seeded, staff):
    client.force_login(staff)
    url = f"/admin/programmes/programme/{seeded.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "programme_form")
    assert client.post(url, {**data, "tagline": "A changed tagline."}).status_code == 302
    draft = form_fields(client.get(url).content.decode(), "programme_form")
    assert client.post(url, {**draft, "overview_heading": "A drafted heading", "_save_draft": "1"}).status_code == 302
    assert client.post(f"/admin/programmes/programme/{seeded.pk}/draft/publish/").status_code == 302
    first = seeded.history.earliest()
    revert = f"/admin/programmes/programme/{seeded.pk}/history/{first.history_id}/"
    assert (
        client.post(revert, form_fields(client.get(revert).content.decode(), "historicalprogramme_form")).status_code
        == 302
    )

    course = Course.objects.get(code="MLM 503")
    edit_outcome(client, course)
    outcome = LearningOutcome.objects.get(text=NEW)
    restore = f"/admin/courses/course/{course.pk}/history/restore/0/{outcome.history.earliest().history_id}/"
    assert client.post(restore).status_code == 302

    text = page_text(client.get(f"/admin/programmes/programme/{seeded.pk}/history/").content.decode())
    assert "None" not in text
    assert "Changed tagline" in text
    assert "Changed overview heading Draft published" in text
    assert f"Restored from {first.history_date.astimezone(ZoneInfo('Europe/London')):%d %b %Y %H:%M}" in text
    course_text = page_text(client.get(f"/admin/courses/course/{course.pk}/history/").content.decode())
    assert f"{OLD}: Changed text Restored from" in course_text
    assert f"{NEW}: Changed text" in course_text
    assert "None" not in course_text
