"""A person applying in real headless Chromium: from the programme page to accepting an offer."""

import re

import pytest
from playwright.sync_api import Page, expect

from enrolment.models import Application
from tests.helpers.browser import admin_sign_in
from tests.helpers.users import make_staff

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


def email_link(folder, number: int) -> tuple[str, str]:
    """The subject and the first site link of the ``number``-th email the file backend wrote."""
    files = sorted(folder.iterdir(), key=lambda f: f.stat().st_mtime_ns)
    messages = [m for f in files for m in f.read_text().split("-" * 79) if "Subject:" in m]
    message = messages[number - 1]
    subject = re.search(r"^Subject: (.*)$", message, re.M)[1]
    return subject, re.search(r"(http://\S+/programmes/\S+/(?:verify|status)/\S+/)", message)[1]


def test_apply_verify_get_an_offer_and_accept_it(page: Page, live_server, seeded, cohort, settings, tmp_path):
    from django.contrib.auth.models import User

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.SITE_URL = live_server.url

    # The applicant applies from the programme page.
    page.goto(f"{live_server.url}{seeded.get_absolute_url()}")
    page.get_by_role("link", name=seeded.enrol_call_to_action).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Apply for {seeded.title}")
    expect(page.get_by_text("40 of 40 places left")).to_be_visible()
    fill_in(page)
    expect(page.get_by_text("characters remaining")).to_be_visible()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    # …opens the link in the email the file backend wrote…
    subject, link = email_link(tmp_path, 1)
    assert subject.startswith("Confirm your email address")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application")
    expect(page.get_by_text("your email address is confirmed")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Awaiting review")
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"DM-2027-[0-9A-Z]{6}", reference)
    status_url = page.url

    # Admissions staff sign in and offer a place from the application's own page.
    User.objects.create_user("admissions", password="a-long-staff-password", is_staff=True, is_superuser=True)
    staff = page.context.browser.new_page()
    staff.goto(f"{live_server.url}/admin/")
    staff.get_by_label("Username").fill("admissions")
    staff.get_by_label("Password").fill("a-long-staff-password")
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"{live_server.url}/admin/enrolment/application/")
    staff.get_by_role("link", name=reference).click()
    staff.get_by_label("Offer a place").check()
    staff.get_by_label("Message to the applicant (optional)").fill("We loved your statement.")
    staff.get_by_role("button", name="Record the decision and email the applicant").click()
    expect(staff.get_by_text("Offer made. The applicant has been emailed.")).to_be_visible()
    staff.close()

    # The applicant reads the offer email, follows its link and accepts.
    subject, link = email_link(tmp_path, 3)
    assert subject.startswith("We are offering you a place")
    assert link == status_url
    page.goto(link)
    expect(page.get_by_text("We loved your statement.")).to_be_visible()
    page.get_by_role("button", name="Accept the place").click()
    expect(page.get_by_text("You have accepted your place.")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Offer accepted")
    application = Application.objects.get(reference=reference)
    assert application.status == "accepted" and application.email == "grace@example.org"
    assert application.research_track.title == "Optimal Transport"


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
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert Application.objects.count() == 1
    # The form with errors is answered 400, which Chromium reports; nothing else may go wrong.
    assert [e for e in console_errors if "status of 400" not in e] == []


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


def test_a_quick_send_is_asked_again_and_reading_stores_no_session(page: Page, form_url, settings, console_errors):
    from django.contrib.sessions.models import Session

    settings.ENROL_MIN_FILL_SECONDS = 3600  # any send is "too quick"
    page.goto(form_url)
    fill_in(page)
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check your answers and send again")
    expect(page.get_by_label("Full name")).to_have_value("Grace Hopper")
    settings.ENROL_MIN_FILL_SECONDS = 0
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert Application.objects.count() == 1
    assert Session.objects.count() == 0
    assert [e for e in console_errors if "status of 400" not in e] == []


@pytest.fixture
def staff_page(page: Page, live_server):
    """An admissions officer signed in to admin in a 1280×800 window."""
    make_staff("admissions", apps=("enrolment",))
    admin_sign_in(page, live_server.url, "admissions", height=800)
    return page


def test_save_with_a_decision_chosen_is_refused_then_recorded(staff_page: Page, live_server, fill, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    application = fill(1)[0]
    page = staff_page
    page.goto(f"{live_server.url}/admin/enrolment/application/{application.pk}/change/")
    page.get_by_label("Offer a place").check()
    page.get_by_label("Message to the applicant (optional)").fill("We loved your statement.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("The decision “Offer a place” was not recorded")).to_be_visible()
    expect(page.get_by_text("was changed successfully")).to_have_count(0)
    expect(page.get_by_label("Offer a place")).to_be_checked()
    expect(page.get_by_label("Message to the applicant (optional)")).to_have_value("We loved your statement.")
    assert Application.objects.get(pk=application.pk).status == "submitted"
    assert list(tmp_path.iterdir()) == []

    page.get_by_role("button", name="Record the decision and email the applicant").click()
    expect(page.get_by_text(f"{application.reference}: Offer made. The applicant has been emailed.")).to_be_visible()
    assert Application.objects.get(pk=application.pk).status == "offered"
    subject, _ = email_link(tmp_path, 1)
    assert subject.startswith("We are offering you a place")


def test_the_applications_list_fits_1280_pixels(staff_page: Page, live_server, fill):
    fill(30)
    page = staff_page
    page.goto(f"{live_server.url}/admin/enrolment/application/")
    headers = page.locator("#result_list thead th")
    names = [text.strip() for text in headers.all_text_contents()]
    assert names[1:5] == ["Reference", "Full name", "Status", "Received"]
    # The list scrolls sideways inside its own box (.results), not the window: Status must show in both.
    results = page.locator("#changelist .results")
    box = results.bounding_box()
    status = page.locator("#result_list thead th.column-status").bounding_box()
    assert status["x"] + status["width"] <= min(1280, box["x"] + box["width"])
    assert results.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
