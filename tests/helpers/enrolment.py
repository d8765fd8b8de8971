"""Enrolment as the tests drive it: the form's token, the task worker, confirmation links, the admin list."""

import re

from django.core.management import call_command

CHANGELIST = "/admin/enrolment/application/"
# The management form of the (read-only) history inline, which a change-page POST must carry.
EMPTY_INLINE = {
    "events-TOTAL_FORMS": "0",
    "events-INITIAL_FORMS": "0",
    "events-MIN_NUM_FORMS": "0",
    "events-MAX_NUM_FORMS": "1000",
}


def form_token(client, url: str) -> str:
    """The form token the page gave this browser (bound to its session)."""
    html = client.get(url).content.decode()
    return re.search(r'name="started" value="([^"]+)"', html)[1]


def run_worker() -> None:
    """Run every task that is due now, as the worker process would, then stop."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def is_verify_link(path: str, application) -> bool:
    """Is ``path`` a working confirmation link for ``application``? (Its token carries the time it was
    made, so it is checked by what it says, not compared with one made later.)"""
    from django.urls import resolve

    from enrolment.identity import verify_reference

    match = resolve(path)
    return match.view_name == "enrolment:verify" and (
        verify_reference(match.kwargs["token"], max_age=3600) == application.reference
    )
