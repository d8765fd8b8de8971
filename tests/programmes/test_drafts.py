"""Drafts: saved from the admin form, visible to staff at the preview URL only, published by a button."""

import pytest
from django.contrib.auth.models import Permission, User

from core.models import Draft
from courses.models import Course
from programmes.models import Programme
from tests.helpers.admin import change_url, field_holding, form_of
from tests.helpers.htmltext import form_fields, page_text

pytestmark = pytest.mark.django_db

PATH = "/programmes/msc-machine-learning-mathematics/"
PREVIEW = PATH + "preview/"
NEW_TAGLINE = "A tagline still in draft."


def save_draft(client, programme: Programme, **changes) -> None:
    url = f"/admin/programmes/programme/{programme.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "programme_form")
    response = client.post(url, {**data, **changes, "_save_draft": "Save as draft"})
    assert response.status_code == 302, page_text(response.content.decode())[:2000]
    assert response["Location"] == url


def test_a_draft_is_seen_by_staff_at_its_preview_url_only_and_published_by_the_button(client, seeded, staff):
    old_tagline = seeded.tagline
    client.force_login(staff)
    save_draft(client, seeded, tagline=NEW_TAGLINE)
    assert Programme.objects.get(pk=seeded.pk).tagline == old_tagline
    assert Draft.objects.count() == 1

    preview = client.get(PREVIEW)
    assert preview.status_code == 200
    assert preview["Cache-Control"] == "private, no-store"
    text = page_text(preview.content.decode())
    assert NEW_TAGLINE in text and old_tagline not in text
    assert "Preview of an unpublished draft" in text
    assert '<meta name="robots" content="noindex">' in preview.content.decode()
    # The preview stored nothing: the live page and the history are as they were.
    assert Programme.objects.get(pk=seeded.pk).tagline == old_tagline
    assert seeded.history.count() == 0
    assert NEW_TAGLINE not in page_text(client.get(PATH).content.decode())

    change_page = client.get(f"/admin/programmes/programme/{seeded.pk}/change/").content.decode()
    assert "You are editing a draft" in page_text(change_page)
    assert form_fields(change_page, "programme_form")["tagline"] == NEW_TAGLINE  # the editor carries on
    assert f'href="{PREVIEW}"' in change_page

    client.logout()
    assert client.get(PREVIEW).status_code == 404
    assert NEW_TAGLINE not in page_text(client.get(PATH).content.decode())

    client.force_login(staff)
    publish = f"/admin/programmes/programme/{seeded.pk}/draft/publish/"
    assert client.get(publish).status_code == 405
    assert client.post(publish).status_code == 302
    assert Draft.objects.count() == 0
    assert Programme.objects.get(pk=seeded.pk).tagline == NEW_TAGLINE
    assert seeded.history.latest().history_user == staff
    client.logout()
    assert NEW_TAGLINE in page_text(client.get(PATH).content.decode())


def test_preview_is_404_for_non_staff_and_staff_without_change_permission(client, seeded, staff):
    client.force_login(staff)
    save_draft(client, seeded, tagline=NEW_TAGLINE)
    student = User.objects.create_user("student", "s@example.com", "a-long-test-password")
    client.force_login(student)
    assert client.get(PREVIEW).status_code == 404
    assert client.get("/courses/mlm-503/preview/").status_code == 404
    admissions = User.objects.create_user("admissions", "a@example.com", "a-long-test-password", is_staff=True)
    client.force_login(admissions)
    assert client.get(PREVIEW).status_code == 404
    admissions.user_permissions.add(Permission.objects.get(codename="change_programme"))
    client.force_login(User.objects.get(pk=admissions.pk))
    assert NEW_TAGLINE in page_text(client.get(PREVIEW).content.decode())


def test_a_course_draft_with_an_outcome_change_previews_and_publishes(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    data = form_of(client, course)
    key = field_holding(data, "Use accelerated methods.")
    data[key] = "A draft outcome."
    assert client.post(change_url(course), {**data, "_save_draft": "1"}).status_code == 302
    assert "A draft outcome." in page_text(client.get("/courses/mlm-503/preview/").content.decode())
    assert "A draft outcome." not in page_text(client.get("/courses/mlm-503/").content.decode())
    assert client.post(f"/admin/courses/course/{course.pk}/draft/publish/").status_code == 302
    assert "A draft outcome." in page_text(client.get("/courses/mlm-503/").content.decode())


def test_an_invalid_draft_is_not_saved_and_the_form_shows_why(client, seeded, staff):
    client.force_login(staff)
    url = f"/admin/programmes/programme/{seeded.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "programme_form")
    response = client.post(url, {**data, "title": "", "_save_draft": "1"})
    assert response.status_code == 200
    assert "This field is required." in page_text(response.content.decode())
    assert Draft.objects.count() == 0
    assert Programme.objects.get(pk=seeded.pk).title == "MSc Machine Learning & Mathematics"


def test_a_draft_that_no_longer_fits_is_not_published_and_changes_nothing(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    url = f"/admin/courses/course/{course.pk}/change/"
    data = form_fields(client.get(url).content.decode(), "course_form")
    data["title"], data["code"] = "A draft title", "MLM 777"
    assert client.post(url, {**data, "_save_draft": "1"}).status_code == 302
    Course.objects.filter(code="MLM 504").update(code="MLM 777")  # another course took the draft's code since
    preview = page_text(client.get("/courses/mlm-503/preview/").content.decode())
    assert "no longer fits" in preview
    response = client.post(f"/admin/courses/course/{course.pk}/draft/publish/", follow=True)
    assert "could not be published" in page_text(response.content.decode())
    assert Course.objects.get(pk=course.pk).title != "A draft title"
    assert Draft.objects.count() == 1
    assert client.post(f"/admin/courses/course/{course.pk}/draft/discard/").status_code == 302
    assert Draft.objects.count() == 0


def test_the_public_page_keeps_its_query_count_with_a_draft_pending(client, seeded, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(PATH)
    client.force_login(staff)
    save_draft(client, seeded, tagline=NEW_TAGLINE)
    client.logout()
    with CaptureQueriesContext(connection) as after:
        client.get(PATH)
    assert len(after.captured_queries) == len(before.captured_queries)
