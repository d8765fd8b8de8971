"""Real Chromium as people use it: staff signing in to the admin, a student typing into an activity."""

from tests.helpers.users import PASSWORD


def admin_sign_in(page, base_url: str, username: str = "editor", width: int = 1280, height: int = 900) -> None:
    """Sign `username` (password PASSWORD) in through the admin's login form, at a laptop's window size."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def type_in_panel(page, url: str, label: str, value: str):
    """Open an activity's page, type ``value`` into its field labelled ``label`` and Tab out of it (so the live
    form sends it); the activity's panel."""
    page.goto(url)
    slug = url.split("/activities/", 1)[1].split("/", 1)[0]
    panel = page.locator(f"#activity-{slug}")
    field = panel.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")
    return panel
