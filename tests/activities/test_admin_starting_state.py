"""An embedded activity's starting state, edited with the activity's own controls and previewed before saving."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from activities.models import CourseActivity
from courses.models import Course

PASSWORD = "a-long-test-password"


@pytest.mark.django_db
def test_the_preview_fragment_follows_the_values_and_explains_bad_ones(admin_client, seeded):
    url = "/admin/activities/courseactivity/starting-state/"
    ok = admin_client.get(url, {"kind": "matrix-transform", "prefix": "p", "p.a": "2"})
    assert ok.status_code == 200 and "no-store" in ok["Cache-Control"] and "private" in ok["Cache-Control"]
    assert '<img src="/activities/matrix-transform/plot.png?a=2&amp;b=0.5&amp;c=-0.3&amp;d=1"' in ok.content.decode()
    bad = admin_client.get(url, {"kind": "matrix-transform", "prefix": "p", "p.a": "99"})
    assert "a (top left) must be between -10 and 10." in bad.content.decode()
    assert "<img" not in bad.content.decode()
    assert admin_client.get(url, {"kind": "no-such-kind", "prefix": "p"}).status_code == 400


@pytest.mark.django_db
def test_the_preview_fragment_is_for_staff_only(client, seeded):
    response = client.get("/admin/activities/courseactivity/starting-state/", {"kind": "clt", "prefix": "p"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editing_starting_values_changes_the_preview_before_saving(page, live_server, seeded):
    User.objects.create_superuser("editor", "editor@dmath.example", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    course = Course.objects.get(code="MLM 504")
    embedding = CourseActivity.objects.get(course=course, activity__slug="matrix-transform")
    page.goto(f"{live_server.url}/admin/courses/course/{course.pk}/change/")

    editor = page.locator(".starting-state").first
    preview = editor.locator(".starting-state__preview img")
    expect(preview).to_have_attribute("src", "/activities/matrix-transform/plot.png?a=1&b=0.5&c=-0.3&d=1")
    entry = editor.get_by_label("a (top left)")
    expect(entry).to_have_attribute("min", "-10")
    expect(entry).to_have_attribute("max", "10")
    entry.fill("2")
    expect(preview).to_have_attribute("src", "/activities/matrix-transform/plot.png?a=2&b=0.5&c=-0.3&d=1")
    page.wait_for_function(
        "() => { const img = document.querySelector('.starting-state__preview img');"
        " return img && img.src.includes('a=2') && img.complete && img.naturalWidth === 560; }"
    )
    embedding.refresh_from_db()
    assert embedding.params == {}  # nothing saved yet

    entry.fill("99")
    expect(editor.locator(".errorlist")).to_contain_text("a (top left) must be between -10 and 10.")
    entry.fill("2")
    expect(preview).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    embedding.refresh_from_db()
    assert embedding.params == {"a": 2}
