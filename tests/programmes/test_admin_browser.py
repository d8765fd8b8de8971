"""Content admin in real headless Chromium: ordering without typing numbers, pages that fit 1280 px."""

import pytest
from playwright.sync_api import expect

from courses.models import Course
from programmes.models import Programme
from tests.helpers.browser import admin_sign_in
from tests.helpers.htmltext import page_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(page, live_server, seeded, staff):
    admin_sign_in(page, live_server.url)
    expect(page.get_by_role("heading", name="Programme content")).to_be_visible()
    return page


def test_staff_reorder_outcomes_with_buttons_without_typing_numbers(admin_page, live_server, client):
    page = admin_page
    course = Course.objects.get(code="MLM 503")
    before = [o.text for o in course.outcomes.all()]
    page.goto(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    group = page.locator("#outcomes-group")
    typed = group.locator('tr:not(.empty-form) input[name$="-position"]:not([type="hidden"])')
    expect(typed).to_have_count(0)  # no position numbers to type
    last = before[-1]
    for _ in range(len(before) - 1):
        group.get_by_role("button", name=f"Move up: {last}").click()
    expect(page.get_by_text(f"Moved “{last}” to position 1 of {len(before)}.")).to_be_attached()
    group.get_by_role("button", name=f"Move down: {before[0]}").click()
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    after = [o.text for o in Course.objects.get(pk=course.pk).outcomes.all()]
    assert after == [last, before[1], before[0], *before[2:-1]]
    text = page_text(client.get("/courses/mlm-503/").content.decode())
    positions = [text.index(outcome) for outcome in after]
    assert positions == sorted(positions)


def test_a_new_outcome_goes_last_without_typing_a_position(admin_page, live_server):
    page = admin_page
    course = Course.objects.get(code="MLM 503")
    page.goto(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    group = page.locator("#outcomes-group")
    group.get_by_text("Add another Learning outcome").click()
    new_row = group.locator("tr.form-row:not(.has_original):not(.empty-form)")
    expect(new_row.locator('input[name$="-position"]')).to_have_attribute("type", "hidden")
    new_row.locator('input[name$="-text"]').fill("A new last outcome.")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert [o.text for o in Course.objects.get(pk=course.pk).outcomes.all()][-1] == "A new last outcome."


@pytest.mark.parametrize("which", ["programme", "course"])
def test_change_pages_do_not_scroll_sideways_at_1280px(admin_page, live_server, which):
    page = admin_page
    if which == "programme":
        url = f"/admin/programmes/programme/{Programme.objects.get().pk}/change/"
    else:
        url = f"/admin/courses/course/{Course.objects.get(code='MLM 504').pk}/change/"
    page.goto(live_server.url + url)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{which} change page scrolls sideways by {overflow}px"
    inner = page.evaluate(
        "Array.from(document.querySelectorAll('.inline-group, .module, fieldset'))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.id || e.className)"
    )
    assert inner == [], f"parts that scroll sideways: {inner}"


def test_a_draft_is_carried_on_and_a_conflict_settled_by_the_editor(admin_page, live_server):
    page = admin_page
    programme = Programme.objects.get()
    page.goto(f"{live_server.url}/admin/programmes/programme/{programme.pk}/change/")
    page.get_by_label("Tagline").fill("A tagline in the draft.")
    page.get_by_role("button", name="Save as draft (not public)").click()
    expect(page.get_by_role("heading", name="You are editing a draft")).to_be_visible()
    expect(page.get_by_label("Tagline")).to_have_value("A tagline in the draft.")
    expect(page.get_by_role("link", name="Preview draft").first).to_have_attribute("href", programme.get_preview_url())

    Programme.objects.filter(pk=programme.pk).update(tagline="A tagline changed live.")  # another editor, meanwhile
    page.reload()
    expect(page.locator(".draft-panel")).to_contain_text("The live page has also changed a field your draft changes.")
    page.get_by_role("button", name="Publish draft").click()
    expect(page.get_by_text("Nothing has been published yet.")).to_be_visible()
    row = page.get_by_role("row", name="Tagline")
    expect(row).to_contain_text("A tagline changed live.")
    expect(row).to_contain_text("A tagline in the draft.")
    row.get_by_label("Use draft").check()
    page.get_by_role("button", name="Publish with these choices").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft published")
    assert Programme.objects.get(pk=programme.pk).tagline == "A tagline in the draft."
