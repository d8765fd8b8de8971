"""Signing in to the admin in real Chromium, as staff do."""

from tests.helpers.users import PASSWORD


def admin_sign_in(page, base_url: str, username: str = "editor", width: int = 1280, height: int = 900) -> None:
    """Sign `username` (password PASSWORD) in through the admin's login form, at a laptop's window size."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
