import pytest
from django.contrib.auth.models import User

from courses.models import Course
from tests.helpers.admin import change_url, field_holding, form_of
from tests.helpers.htmltext import form_fields, page_text

pytestmark = pytest.mark.django_db


def test_staff_edits_an_outcome_and_the_public_pages_show_it(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    url = f"/admin/courses/course/{course.pk}/change/"
    form_page = client.get(url)
    assert form_page.status_code == 200
    data = form_fields(form_page.content.decode(), "course_form")
    # The outcome rows are inline on the course's page; find the one with the old text.
    old = "Use accelerated methods."
    key = field_holding(data, old)
    data[key] = "Use Nesterov's accelerated methods and their convergence rates."
    response = client.post(url, data)
    assert response.status_code == 302, page_text(response.content.decode())[:2000]
    client.logout()
    for path in ["/programmes/msc-machine-learning-mathematics/", "/courses/mlm-503/"]:
        text = page_text(client.get(path).content.decode())
        assert "Use Nesterov's accelerated methods and their convergence rates." in text
        assert old not in text


def test_staff_reorders_outcomes_on_the_course_page(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    data = form_of(client, course)
    last = field_holding(data, "Apply convex and non-convex optimisation.")
    data[last.replace("-text", "-position")] = "0"
    assert client.post(change_url(course), data).status_code == 302
    outcomes = [o.text for o in Course.objects.get(pk=course.pk).outcomes.all()]
    assert outcomes[0] == "Apply convex and non-convex optimisation."


def test_admin_lists_have_view_on_site(client, seeded, staff):
    client.force_login(staff)
    course = Course.objects.get(code="MLM 503")
    html = client.get(f"/admin/courses/course/{course.pk}/change/").content.decode()
    assert "View on site" in html
    listing = client.get("/admin/courses/course/?q=optimisation")
    assert "MLM 503" in listing.content.decode()


def test_a_non_staff_user_cannot_reach_the_admin(client, seeded):
    user = User.objects.create_user("student", "student@example.com", "a-long-test-password")
    client.force_login(user)
    response = client.get("/admin/courses/course/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.logout()
    assert client.get("/admin/").status_code == 302
