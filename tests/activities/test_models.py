"""The activity catalogue, course embeddings and their starting parameters."""

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity, CourseActivity
from courses.models import Course

from .conftest import SLUGS

pytestmark = pytest.mark.django_db


def embedding(slug: str, params) -> CourseActivity:
    return CourseActivity(
        course=Course.objects.get(slug="mlm-501"), activity=Activity.objects.get(slug=slug), params=params
    )


def test_catalogue_has_the_six_activities_with_the_seed_words(catalogue):
    activities = {a.slug: a for a in Activity.objects.all()}

    assert set(activities) == set(SLUGS)
    assert activities["matrix-transform"].title == "2×2 Matrix Transformation"
    assert activities["clt"].instructions.startswith("Sample n values, take their average, repeat.")
    assert activities["gradient-field"].hint == "Click on the plot to drop a particle."
    for activity in activities.values():
        activity.full_clean()


def test_seed_embeddings_in_order(catalogue):
    def slugs(code: str) -> list[str]:
        return [e.activity.slug for e in CourseActivity.objects.filter(course__code=code).order_by("position", "pk")]

    four = ["matrix-transform", "gradient-field", "gradient-descent", "linear-classifier"]
    assert slugs("MLM 503") == ["matrix-transform", "gradient-field"]
    assert slugs("MLM 504") == four
    assert slugs("MLM 508") == four
    assert slugs("MLM 506") == ["distributions", "clt"]
    assert CourseActivity.objects.count() == 12


def test_activity_slug_must_be_a_registered_kind(catalogue):
    with pytest.raises(ValidationError) as error:
        Activity(slug="quantum-juggling", title="Juggling", instructions="Juggle.").full_clean()
    assert "is not an activity kind" in str(error.value.message_dict["slug"])


def test_good_starting_parameters_pass(catalogue):
    embedding("matrix-transform", {"a": 2, "d": "0.5"}).clean()
    embedding("linear-classifier", {"points": "1,1,blue;-1,-1,red", "w1": 0.5}).clean()
    embedding("clt", {}).clean()


@pytest.mark.parametrize(
    "slug, params, expected",
    [
        ("matrix-transform", {"a": 20}, ["“a”: a (top left) must be between -10 and 10."]),
        ("matrix-transform", {"a": "two", "zz": 1}, ["“zz” is not a parameter", "“a”: a (top left) must be a number"]),
        ("gradient-field", {"field": "banana"}, ["“field”: Field must be one of"]),
        ("linear-classifier", {"points": "1,2"}, ["“points”: Point 1 must be written x,y,label"]),
        ("clt", {"n": True}, ["“n” must be a number or text"]),
        ("clt", [1, 2], ["must be a JSON object"]),
    ],
)
def test_bad_starting_parameters_are_refused_field_by_field(catalogue, slug, params, expected):
    with pytest.raises(ValidationError) as error:
        embedding(slug, params).clean()

    messages = error.value.message_dict["params"]
    assert len(messages) == len(expected)
    for message, start in zip(sorted(messages), sorted(expected), strict=True):
        assert start in message


def test_cross_parameter_checks_of_the_kind_apply(catalogue):
    with pytest.raises(ValidationError) as error:
        embedding("distributions", {"dist": "exponential", "p1": -1}).clean()
    assert error.value.message_dict["params"]


def test_an_activity_is_embedded_once_per_course(catalogue):
    course = Course.objects.get(slug="mlm-504")
    duplicate = CourseActivity(course=course, activity=Activity.objects.get(slug="clt"))
    duplicate.save()
    with pytest.raises(ValidationError):
        CourseActivity(course=course, activity=Activity.objects.get(slug="clt")).full_clean()


def test_admin_shows_a_preview_and_refuses_bad_starting_parameters(admin_client, catalogue):
    embedding = CourseActivity.objects.get(course__slug="mlm-504", activity__slug="matrix-transform")
    url = f"/admin/activities/courseactivity/{embedding.pk}/change/"

    page = admin_client.get(url)
    assert page.status_code == 200
    assert '<img src="/activities/matrix-transform/plot.png?a=1&amp;b=0.5&amp;c=-0.3&amp;d=1"' in page.content.decode()

    # The starting state is edited with the activity's own controls (params.<name>), not raw JSON.
    html = page.content.decode()
    assert 'name="params.a"' in html and 'min="-10" max="10"' in html
    data = {"course": embedding.course_id, "activity": embedding.activity_id, "position": 1, "params.a": "99"}
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "a (top left) must be between -10 and 10." in refused.content.decode()

    data["params.a"] = "2"
    data["params.b"] = "0.5"  # the default: left out, so the activity's defaults fill it
    assert admin_client.post(url, data).status_code == 302
    embedding.refresh_from_db()
    assert embedding.params == {"a": 2}


def test_admin_lists_activities(admin_client, catalogue):
    assert admin_client.get("/admin/activities/activity/").status_code == 200
    assert admin_client.get("/admin/activities/activity/1/change/").status_code == 200


def test_embedded_panels_show_staff_edits_at_once(client, seeded):
    """Embedded panels are cached; the cache key holds the activity's texts and starting parameters."""
    from activities.models import Activity, CourseActivity

    url = "/programmes/msc-machine-learning-mathematics/"
    assert client.get(url).status_code == 200
    Activity.objects.filter(slug="matrix-transform").update(instructions="Drag the entries and watch the square.")
    CourseActivity.objects.filter(course__code="MLM 503", activity__slug="matrix-transform").update(
        params={"a": 2, "b": 0, "c": 0, "d": 3}
    )
    html = client.get(url).content.decode()
    assert html.count("Drag the entries and watch the square.") == 3  # MLM 503, 504 and 508
    assert "determinant 6" in html
