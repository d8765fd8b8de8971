"""Fixtures for the enrolment tests: an open cohort, valid answers, and quiet abuse checks."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.management import call_command

from enrolment.forms import started_token


@pytest.fixture(autouse=True)
def enrol_settings(settings):
    """No rate limit, no minimum fill time and a local-memory mailbox, unless a test asks otherwise."""
    settings.ENROL_RATE_LIMIT = "0"
    settings.ENROL_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def cohort(seeded):
    """The seed cohort: September 2027, 40 places, open until 31 July 2027."""
    call_command("loaddata", "enrolment", verbosity=0)
    from enrolment.models import Cohort

    return Cohort.objects.select_related("programme").get(pk=1)


@pytest.fixture
def track(seeded):
    return seeded.research_tracks.order_by("position", "pk").first()


@pytest.fixture
def answers(cohort, track):
    """A complete, valid POST body for the application form."""
    return {
        "cohort": str(cohort.pk),
        "full_name": "Ada Lovelace",
        "email": "ada@example.org",
        "country": "GB",
        "qualification": "bachelors",
        "qualification_subject": "Mathematics",
        "research_track": str(track.pk),
        "personal_statement": "I would like to study optimal transport.",
        "consent": "on",
        "website": "",
        "started": started_token(),
    }


@pytest.fixture
def apply_url(seeded):
    return f"/programmes/{seeded.slug}/enrol/"


@pytest.fixture
def service_data(track):
    """The cleaned data ``application_submit`` takes; callers set a unique email."""

    def make(email: str) -> dict:
        return {
            "full_name": "Test Applicant",
            "email": email,
            "country": "FR",
            "qualification": "masters",
            "qualification_subject": "Physics",
            "research_track": track,
            "personal_statement": "",
        }

    return make


@pytest.fixture
def fill(cohort, service_data):
    """Create ``n`` applications with a given status directly, bypassing the service."""
    from django.utils import timezone

    from enrolment.models import Application, new_reference

    def make(n: int, status: str = "submitted", start: int = 0) -> list:
        rows = [
            Application(
                cohort=cohort,
                reference=new_reference(2027),
                status=status,
                consented_at=timezone.now(),
                **{**service_data(f"filler{start + i}@example.org")},
            )
            for i in range(n)
        ]
        created = []
        for row in rows:  # one at a time, so created_at orders them
            row.save()
            created.append(row)
        return created

    return make


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
