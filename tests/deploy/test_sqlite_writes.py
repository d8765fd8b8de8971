"""SQLite as the embedded default: many applicants sending the form at once all get through.

Each thread is a browser with its own database connection, as gunicorn's threads or `make run`'s
are. Writers queue on the database's write lock (``transaction_mode: IMMEDIATE`` and a busy
timeout) and readers never wait for them (WAL), so nobody sees "database is locked".
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from enrolment.models import Application

pytestmark = pytest.mark.django_db(transaction=True)

APPLICANTS = 60


@pytest.fixture(autouse=True)
def file_sqlite(settings):
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        pytest.skip("this is about a file SQLite database")
    settings.ENROL_RATE_LIMIT = "0"
    settings.ENROL_EMAIL_RATE_LIMIT = "0"
    settings.ENROL_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()


def test_sixty_applications_at_once_all_succeed(seeded):
    from django.core.management import call_command

    call_command("loaddata", "enrolment", verbosity=0)
    url = f"/programmes/{seeded.slug}/enrol/"
    html = Client().get(url).content.decode()
    fields = {name: re.search(rf'name="{name}" value="([^"]+)"', html)[1] for name in ("cohort", "research_track")}
    # Each applicant opens the form first (one after another: opening is not what is tested, and sixty
    # pages rendered at once on a busy machine could outlast the barrier's bound), then all send at once.
    opened = []
    for _ in range(APPLICANTS):
        browser = Client()
        opened.append((browser, re.search(r'name="started" value="([^"]+)"', browser.get(url).content.decode())[1]))
    barrier = threading.Barrier(APPLICANTS)

    def apply(i: int):
        try:
            browser, token = opened[i]
            answers = {
                **fields,
                "full_name": f"Applicant {i}",
                "email": f"applicant{i}@example.org",
                "country": "GB",
                "qualification": "bachelors",
                "qualification_subject": "Mathematics",
                "personal_statement": "",
                "consent": "on",
                "website": "",
                "started": token,
            }
            barrier.wait(timeout=60)
            return browser.post(url, answers).status_code
        except Exception as exc:  # reported by the test, not swallowed
            return repr(exc)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=APPLICANTS) as pool:
        results = list(pool.map(apply, range(APPLICANTS)))
    assert [r for r in results if r != 302] == []
    assert Application.objects.count() == APPLICANTS


def test_the_database_file_is_in_wal_mode(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20_000
