"""A restore or a revert writes a row only for staff who may write that row, whatever page the button is on;
cohorts are never restored from a history page; malformed history URLs answer 404."""

import re

import pytest
from django.contrib.auth.models import User

from activities.models import CourseActivity
from courses.models import Course, LearningOutcome
from programmes.models import Programme
from tests.helpers.htmltext import form_fields, page_text
from tests.helpers.users import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("history_baseline")]

# The lists on each history page, in their order there.
COURSES, COHORTS = 4, 8  # a programme's
OUTCOMES, PLACEMENTS = 0, 2  # a course's


def staff_with(*codenames: str) -> User:
    return make_staff(f"staff-{len(codenames)}-{'-'.join(codenames)}"[:150], codenames=codenames)


def restore_url(client, user, page: str, index: int, record) -> str:
    """The Restore form's action for this record of the page's list `index`, as an administrator sees it."""
    client.force_login(user)
    html = client.get(page).content.decode()
    return re.search(rf'action="([^"]*/restore/{index}/{record.history_id}/)"', html).group(1)


def test_a_programme_only_user_cannot_restore_courses_or_cohorts(client, seeded, staff):
    cohort = seeded.cohorts.get()
    first_cohort = cohort.history.earliest()
    cohort.capacity, cohort.is_open = 5, False
    cohort.save()
    course = Course.objects.get(code="MLM 503")
    first_course = course.history.earliest()
    course.title = "A newer title"
    course.save()
    page = f"/admin/programmes/programme/{seeded.pk}/history/"
    course_restore = restore_url(client, staff, page, COURSES, first_course)
    # No Restore button for a cohort, even for a superuser: the page says where cohorts change.
    admin_page = client.get(page).content.decode()
    assert f"restore/{COHORTS}/" not in admin_page
    assert "change the cohort on its own admin page" in page_text(admin_page)

    limited = staff_with("view_programme", "change_programme")
    client.force_login(limited)
    limited_page = client.get(page).content.decode()
    assert f"restore/{COURSES}/" not in limited_page  # no button it may not use
    assert client.post(course_restore).status_code == 403
    cohort_restore = f"{page}restore/{COHORTS}/{first_cohort.history_id}/"
    assert client.post(cohort_restore).status_code == 403
    assert Course.objects.get(pk=course.pk).title == "A newer title"
    cohort.refresh_from_db()
    assert (cohort.capacity, cohort.is_open) == (5, False)

    client.force_login(staff)
    refused = client.post(cohort_restore)
    assert refused.status_code == 403
    assert "change the cohort on its own admin page" in refused.content.decode()
    cohort.refresh_from_db()
    assert (cohort.capacity, cohort.is_open) == (5, False)


def test_staff_who_may_change_the_row_can_restore_it(client, seeded, staff):
    course = Course.objects.get(code="MLM 503")
    first = course.history.earliest()
    old_title = course.title
    course.title = "A newer title"
    course.save()
    page = f"/admin/programmes/programme/{seeded.pk}/history/"
    url = restore_url(client, staff, page, COURSES, first)
    both = staff_with("view_programme", "change_programme", "change_course")
    client.force_login(both)
    assert f"restore/{COURSES}/{first.history_id}/" in client.get(page).content.decode()
    assert client.post(url).status_code == 302
    assert Course.objects.get(pk=course.pk).title == old_title
    latest = course.history.latest()
    assert latest.history_user == both
    assert latest.history_change_reason.startswith("Restored from ")


def test_a_course_only_user_cannot_restore_an_activity_placement(client, seeded, staff):
    course = Course.objects.get(code="MLM 504")
    placement = CourseActivity.objects.get(course=course, activity__slug="matrix-transform")
    first = placement.history.earliest()
    placement.params = {"a": 2}
    placement.save()
    page = f"/admin/courses/course/{course.pk}/history/"
    url = restore_url(client, staff, page, PLACEMENTS, first)
    client.force_login(staff_with("view_course", "change_course"))
    assert client.post(url).status_code == 403
    assert CourseActivity.objects.get(pk=placement.pk).params == {"a": 2}
    client.force_login(staff_with("view_course", "change_course", "change_courseactivity"))
    assert client.post(url).status_code == 302
    assert CourseActivity.objects.get(pk=placement.pk).params == first.params


def test_restoring_a_deleted_row_needs_the_add_permission(client, seeded, staff):
    course = Course.objects.get(code="MLM 503")
    outcome_id = course.outcomes.first().pk
    course.outcomes.get(pk=outcome_id).delete()
    deleted = LearningOutcome.history.filter(id=outcome_id).latest()
    url = restore_url(client, staff, f"/admin/courses/course/{course.pk}/history/", OUTCOMES, deleted)
    client.force_login(staff_with("change_course", "change_learningoutcome"))
    assert client.post(url).status_code == 403
    assert not LearningOutcome.objects.filter(pk=outcome_id).exists()
    client.force_login(staff_with("change_course", "change_learningoutcome", "add_learningoutcome"))
    assert client.post(url).status_code == 302
    assert LearningOutcome.objects.filter(pk=outcome_id).exists()


def test_reverting_a_version_needs_the_change_permission(client, seeded, staff):
    url = f"/admin/programmes/programme/{seeded.pk}/change/"
    client.force_login(staff)
    data = form_fields(client.get(url).content.decode(), "programme_form")
    assert client.post(url, {**data, "tagline": "A changed tagline."}).status_code == 302
    first = seeded.history.earliest()
    revert = f"/admin/programmes/programme/{seeded.pk}/history/{first.history_id}/"
    form = form_fields(client.get(revert).content.decode(), "historicalprogramme_form")

    viewer = staff_with("view_programme")
    client.force_login(viewer)
    page = client.get(revert)
    assert page.status_code == 200 and 'value="Revert"' not in page.content.decode()
    assert client.post(revert, form).status_code == 403
    assert Programme.objects.get(pk=seeded.pk).tagline == "A changed tagline."

    client.force_login(staff_with("view_programme", "change_programme"))
    assert client.post(revert, form).status_code == 302
    assert Programme.objects.get(pk=seeded.pk).tagline == first.tagline
    assert seeded.history.latest().history_change_reason.startswith("Restored from ")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/programmes/programme/abc/history/",
        "/admin/programmes/programme/abc/history/1/",
        "/admin/programmes/programme/1/history/abc/",
        "/admin/courses/course/1.5/history/",
        "/admin/courses/course/1.5/history/1/",
        "/admin/programmes/institution/abc/history/",
        "/admin/programmes/institution/abc/history/1/",
        "/admin/programmes/department/abc/history/",
        "/admin/programmes/department/1.5/history/1/",
        "/admin/activities/activity/abc/history/",
        "/admin/activities/activity/abc/history/x/",
        "/admin/programmes/programme/abc/history/restore/0/1/",
        "/admin/programmes/programme/99999999999999999999/history/",
        "/admin/programmes/programme/1/history/99999999999999999999/",
        "/admin/courses/course/-1/history/",
    ],
)
def test_malformed_history_urls_answer_404(client, seeded, staff, url):
    client.force_login(staff)
    if "/restore/" not in url:
        assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize(
    ("app", "model", "field"),
    [
        ("programmes", "institution", "short_name"),
        ("programmes", "department", "name"),
        ("activities", "activity", "hint"),
        ("courses", "course", "title"),
    ],
)
def test_every_history_revert_needs_the_change_permission(client, seeded, staff, app, model, field):
    from django.apps import apps

    row = apps.get_model(app, model).objects.order_by("pk").first()
    first = row.history.earliest()
    setattr(row, field, "Changed since")
    row.save()
    revert = f"/admin/{app}/{model}/{row.pk}/history/{first.history_id}/"
    client.force_login(staff)
    form = form_fields(client.get(revert).content.decode(), f"historical{model}_form")
    client.force_login(staff_with(f"view_{model}"))
    assert client.post(revert, form).status_code == 403
    assert getattr(type(row).objects.get(pk=row.pk), field) == "Changed since"
