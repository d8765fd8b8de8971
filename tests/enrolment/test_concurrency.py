"""The cap holds when applications arrive at once, through the real service, in real threads.

Each thread has its own database connection, so each submission is its own transaction:
on PostgreSQL they queue on the cohort's row lock; on SQLite they queue on the database's
write lock (``transaction_mode: IMMEDIATE``). SQLite's in-memory test database cannot be
shared by writing threads (its shared cache fails at once with "database table is locked"),
so there the tests run only when the test database is a file.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from enrolment.models import Application
from enrolment.services import application_submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def concurrent_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("concurrent writers need PostgreSQL or a file SQLite test database")


def submit_at_once(cohort, service_data, emails: list[str]) -> list:
    """Submit one application per email, all released together by a barrier."""
    barrier = threading.Barrier(len(emails))

    def one(email: str):
        try:
            barrier.wait(timeout=30)
            return application_submit(cohort=cohort, data=service_data(email))
        except Exception as exc:  # reported by the test, not swallowed
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(emails)) as pool:
        return list(pool.map(one, emails))


def test_sixty_at_once_into_forty_places(cohort, service_data):
    results = submit_at_once(cohort, service_data, [f"applicant{i}@example.org" for i in range(60)])
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert Application.objects.count() == 60
    assert Application.objects.holding_place().count() == 40
    assert Application.objects.waitlisted().count() == 20
    assert len({a.reference for a in results}) == 60


def test_five_at_once_into_the_last_place(cohort, service_data, fill):
    fill(39)
    results = submit_at_once(cohort, service_data, [f"late{i}@example.org" for i in range(5)])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(r.status for r in results) == ["submitted"] + ["waitlisted"] * 4
    assert Application.objects.holding_place().count() == 40
    # The waiting list is numbered 1 to 4 with no gap or repeat.
    assert sorted(a.waitlist_position() for a in Application.objects.waitlisted()) == [1, 2, 3, 4]


def test_the_same_email_at_once_is_stored_once(cohort, service_data):
    from enrolment.services import DuplicateApplication

    results = submit_at_once(cohort, service_data, ["same@example.org"] * 5)
    assert sum(isinstance(r, Application) for r in results) == 1
    assert sum(isinstance(r, DuplicateApplication) for r in results) == 4
    assert Application.objects.count() == 1
