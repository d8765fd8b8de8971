"""A person applying in real headless Chromium: from the programme page to the confirmation."""

import re

import pytest
from playwright.sync_api import Page, expect

from enrolment.models import Application

pytestmark = pytest.mark.browser


@pytest.fixture
def form_url(live_server, seeded, cohort):
    return f"{live_server.url}/programmes/{seeded.slug}/enrol/"


def fill_in(page: Page) -> None:
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Email address").fill("grace@example.org")
    page.get_by_label("Country of residence").select_option(label="United States")
    page.get_by_label("Bachelor's degree (or equivalent)").check()
    page.get_by_label("Subject of your highest qualification").fill("Mathematics")
    page.get_by_role("radio", name="Optimal Transport").check()
    page.get_by_label("Personal statement (optional)").fill("Compilers, and now optimal transport.")
    page.get_by_label("I agree that the university may use").check()


def test_apply_from_the_programme_page(page: Page, live_server, seeded, cohort, console_errors):
    page.goto(f"{live_server.url}{seeded.get_absolute_url()}")
    page.get_by_role("link", name=seeded.enrol_call_to_action).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Apply for {seeded.title}")
    expect(page.get_by_text("40 of 40 places left")).to_be_visible()
    fill_in(page)
    expect(page.get_by_text("characters remaining")).to_be_visible()
    page.get_by_role("button", name="Send application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Application received")
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"DM-2027-[0-9A-Z]{6}", reference)
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()
    application = Application.objects.get(reference=reference)
    assert application.email == "grace@example.org"
    assert application.research_track.title == "Optimal Transport"
    assert console_errors == []


def test_errors_are_shown_per_field_and_input_is_kept(page: Page, form_url, console_errors):
    page.goto(form_url)
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_role("button", name="Send application").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your email address")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Grace Hopper")
    email = page.get_by_label("Email address")
    expect(email).to_have_attribute("aria-invalid", "true")

    # The summary's link takes the person to the question.
    summary.get_by_role("link", name="Enter your email address").click()
    expect(email).to_be_focused()

    fill_in(page)
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application received")
    assert Application.objects.count() == 1
    assert console_errors == []


def test_a_field_is_checked_as_it_is_left(page: Page, form_url, console_errors):
    page.goto(form_url)
    email = page.get_by_label("Email address")
    email.fill("not-an-email")
    email.press("Tab")
    expect(page.locator("#email-error")).to_contain_text("Enter an email address in the correct format")
    expect(page.get_by_label("Email address")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Email address").fill("grace@example.org")
    page.get_by_label("Email address").press("Tab")
    expect(page.locator("#email-error")).to_have_count(0)
    assert Application.objects.count() == 0
    assert console_errors == []
