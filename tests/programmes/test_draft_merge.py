"""Publishing a draft applies only what the draft changed: live edits made since survive, and a field changed
both ways is refused with its three values until the editor chooses."""

import pytest
from django.contrib.auth.models import User

from core.models import Draft
from courses.models import Course, LearningOutcome
from programmes.models import Programme
from tests.helpers.admin import change_url, form_of
from tests.helpers.htmltext import page_text

pytestmark = pytest.mark.django_db

DRAFT_OVERVIEW = "An overview still in draft."
LIVE_TAGLINE = "A tagline changed on the live page."
DRAFT_TAGLINE = "A tagline changed in the draft."


def post(client, obj, data: dict, **changes):
    response = client.post(change_url(obj), {**data, **changes})
    assert response.status_code == 302, page_text(response.content.decode())[:3000]
    return response


def publish(client, obj, **choices):
    return client.post(f"{change_url(obj).removesuffix('change/')}draft/publish/", choices)


def test_publishing_keeps_live_edits_to_other_fields(client, seeded, staff):
    client.force_login(staff)
    other_tab = form_of(client, seeded)  # opened before the draft, saved after it
    post(client, seeded, form_of(client, seeded), overview=DRAFT_OVERVIEW, _save_draft="1")
    post(client, seeded, other_tab, tagline=LIVE_TAGLINE)
    assert Programme.objects.get(pk=seeded.pk).overview != DRAFT_OVERVIEW
    assert publish(client, seeded).status_code == 302
    programme = Programme.objects.get(pk=seeded.pk)
    assert (programme.overview, programme.tagline) == (DRAFT_OVERVIEW, LIVE_TAGLINE)
    assert Draft.objects.count() == 0
    record = programme.history.latest()
    assert (record.history_change_reason, record.history_user) == ("Draft published", staff)


def test_saving_the_form_that_shows_the_draft_publishes_it_as_shown(client, seeded, staff):
    client.force_login(staff)
    post(client, seeded, form_of(client, seeded), overview=DRAFT_OVERVIEW, _save_draft="1")
    shown = form_of(client, seeded)
    assert shown["overview"] == DRAFT_OVERVIEW
    post(client, seeded, shown, tagline=LIVE_TAGLINE)
    programme = Programme.objects.get(pk=seeded.pk)
    assert (programme.overview, programme.tagline) == (DRAFT_OVERVIEW, LIVE_TAGLINE)
    assert Draft.objects.count() == 0
    assert programme.history.latest().history_change_reason == "Draft published"


def test_the_same_field_changed_both_ways_is_refused_with_the_three_values(client, seeded, staff):
    client.force_login(staff)
    old_tagline = seeded.tagline
    other_tab = form_of(client, seeded)
    post(client, seeded, form_of(client, seeded), tagline=DRAFT_TAGLINE, overview=DRAFT_OVERVIEW, _save_draft="1")
    post(client, seeded, other_tab, tagline=LIVE_TAGLINE)

    banner = page_text(client.get(change_url(seeded)).content.decode())
    assert "The live page has also changed a field your draft changes." in banner

    refused = publish(client, seeded)
    assert refused.status_code == 409
    text = page_text(refused.content.decode())
    assert "Nothing has been published yet." in text
    assert f"Tagline {old_tagline} {LIVE_TAGLINE} {DRAFT_TAGLINE}" in text
    programme = Programme.objects.get(pk=seeded.pk)
    assert (programme.tagline, programme.overview) == (LIVE_TAGLINE, seeded.overview)
    assert Draft.objects.count() == 1

    assert publish(client, seeded, **{"choice:tagline": "draft"}).status_code == 302
    programme = Programme.objects.get(pk=seeded.pk)
    assert (programme.tagline, programme.overview) == (DRAFT_TAGLINE, DRAFT_OVERVIEW)
    assert Draft.objects.count() == 0


def test_keeping_the_live_values_publishes_the_rest_of_the_draft(client, seeded, staff):
    client.force_login(staff)
    other_tab = form_of(client, seeded)
    post(client, seeded, form_of(client, seeded), tagline=DRAFT_TAGLINE, overview=DRAFT_OVERVIEW, _save_draft="1")
    post(client, seeded, other_tab, tagline=LIVE_TAGLINE)
    assert publish(client, seeded, _all="live").status_code == 302
    programme = Programme.objects.get(pk=seeded.pk)
    assert (programme.tagline, programme.overview) == (LIVE_TAGLINE, DRAFT_OVERVIEW)


def test_a_draft_that_reorders_outcomes_keeps_one_added_live(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    before = list(course.outcomes.order_by("position").values_list("text", flat=True))
    other_tab = form_of(client, course)
    draft = form_of(client, course)
    first, second = draft["outcomes-0-position"], draft["outcomes-1-position"]
    draft["outcomes-0-position"], draft["outcomes-1-position"] = second, first
    post(client, course, draft, _save_draft="1")
    shown = form_of(client, course)
    assert "You are editing a draft" in page_text(client.get(change_url(course)).content.decode())
    assert (shown["outcomes-0-text"], shown["outcomes-0-position"]) == (before[0], "2")

    total = int(other_tab["outcomes-TOTAL_FORMS"])
    added = {
        "outcomes-TOTAL_FORMS": str(total + 1),
        f"outcomes-{total}-course": str(course.pk),
        f"outcomes-{total}-position": "9",
        f"outcomes-{total}-text": "An outcome added on the live page.",
    }
    post(client, course, other_tab, **added)
    assert publish(client, course).status_code == 302
    after = list(course.outcomes.order_by("position").values_list("text", flat=True))
    assert after == [before[1], before[0], *before[2:], "An outcome added on the live page."]
    assert LearningOutcome.objects.get(text=before[0]).history.latest().history_change_reason == "Draft published"


def test_an_outcome_deleted_live_and_edited_in_the_draft_is_a_choice(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    draft = form_of(client, course)
    draft["outcomes-1-text"] = "Edited in the draft."
    post(client, course, draft, _save_draft="1")
    course.outcomes.get(pk=draft["outcomes-1-id"]).delete()
    refused = publish(client, course)
    assert refused.status_code == 409
    assert "Learning outcome (deleted on the live page) (the whole row)" in page_text(refused.content.decode())
    assert publish(client, course, **{f"choice:outcomes:{draft['outcomes-1-id']}": "draft"}).status_code == 302
    assert course.outcomes.filter(text="Edited in the draft.").exists()


def test_a_draft_saved_before_drafts_kept_their_base_is_published_whole(client, seeded, staff):
    client.force_login(staff)
    post(client, seeded, form_of(client, seeded), tagline=DRAFT_TAGLINE, _save_draft="1")
    Draft.objects.update(base=None)
    banner = page_text(client.get(change_url(seeded)).content.decode())
    assert "publishing it applies the whole form as shown" in banner
    assert publish(client, seeded).status_code == 302
    assert Programme.objects.get(pk=seeded.pk).tagline == DRAFT_TAGLINE


def test_a_draft_that_changes_a_list_the_publisher_may_not_change_is_not_published(client, seeded, staff):
    from django.contrib.auth.models import Permission

    from activities.models import CourseActivity

    client.force_login(staff)
    course = Course.objects.get(code="MLM 504")
    draft = form_of(client, course)
    draft["activity_embeddings-0-params.a"] = "2"
    post(client, course, draft, title="A draft title", _save_draft="1")
    publisher = User.objects.create_user("courses", "c@dmath.example", "a-long-test-password", is_staff=True)
    publisher.user_permissions.add(*Permission.objects.filter(codename__in=["view_course", "change_course"]))
    client.force_login(publisher)
    response = client.post(f"/admin/courses/course/{course.pk}/draft/publish/", follow=True)
    assert "which you may not change" in page_text(response.content.decode())
    assert "course activities" in page_text(response.content.decode())
    assert Course.objects.get(pk=course.pk).title != "A draft title"
    assert CourseActivity.objects.get(pk=draft["activity_embeddings-0-id"]).params == {}
    assert Draft.objects.count() == 1


def test_saving_the_draft_again_keeps_its_conflicts_and_takes_in_other_live_edits(client, seeded, staff):
    client.force_login(staff)
    other_tab = form_of(client, seeded)
    post(client, seeded, form_of(client, seeded), tagline=DRAFT_TAGLINE, _save_draft="1")
    post(client, seeded, other_tab, tagline=LIVE_TAGLINE, overview_heading="A heading changed live")
    shown = form_of(client, seeded)
    assert (shown["tagline"], shown["overview_heading"]) == (DRAFT_TAGLINE, "A heading changed live")
    post(client, seeded, shown, overview=DRAFT_OVERVIEW, _save_draft="1")
    refused = publish(client, seeded)
    assert refused.status_code == 409
    text = page_text(refused.content.decode())
    assert f"{LIVE_TAGLINE} {DRAFT_TAGLINE}" in text and "Overview heading" not in text
    assert publish(client, seeded, _all="draft").status_code == 302
    programme = Programme.objects.get(pk=seeded.pk)
    assert (programme.tagline, programme.overview_heading, programme.overview) == (
        DRAFT_TAGLINE,
        "A heading changed live",
        DRAFT_OVERVIEW,
    )
