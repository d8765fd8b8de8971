"""The cap holds when offers, answers and the scheduled job arrive at once, in real threads.

Each thread has its own database connection, so each call is its own transaction:
on PostgreSQL they queue on the cohort's row lock; on SQLite they queue on the database's
write lock (``transaction_mode: IMMEDIATE``). SQLite's in-memory test database cannot be
shared by writing threads (its shared cache fails at once with "database table is locked"),
so there the tests run only when the test database is a file.
"""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.utils import timezone

from enrolment import services
from enrolment.models import Application, ApplicationEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def concurrent_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("concurrent writers need PostgreSQL or a file SQLite test database")


def at_once(calls: list) -> list:
    """Run the calls in threads released together by a barrier; exceptions are returned, not raised."""
    barrier = threading.Barrier(len(calls))

    def one(call):
        try:
            barrier.wait(timeout=30)
            return call()
        except Exception as exc:  # reported by the test, not swallowed
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def test_sixty_offers_at_once_into_forty_places(cohort, fill):
    applications = fill(60)
    results = at_once([lambda a=a: services.application_offer(application=a) for a in applications])
    offered = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, services.NoPlaceLeft)]
    assert (len(offered), len(refused)) == (40, 20)
    assert Application.objects.holding_place().count() == 40
    assert Application.objects.filter(status="submitted").count() == 20


def test_five_declines_at_once_give_five_offers_in_waiting_list_order(cohort, fill):
    holders = fill(40, status="offered")
    waiting = fill(8, status="waitlisted", start=100)
    results = at_once([lambda a=a: services.application_decline(application=a) for a in holders[:5]])
    assert [r for r in results if isinstance(r, Exception)] == []
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in waiting] == ["offered"] * 5 + ["waitlisted"] * 3
    assert Application.objects.holding_place().count() == 40
    assert sorted(a.waitlist_position() for a in Application.objects.waitlisted()) == [1, 2, 3]


def test_the_scheduled_job_twice_at_once_does_the_work_once(cohort, fill):
    fill(40, status="offered")
    waiting = fill(3, status="waitlisted", start=100)
    Application.objects.filter(status="offered").update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
    results = at_once([services.offers_expire, services.offers_expire])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(results) == 40
    assert Application.objects.filter(status="lapsed").count() == 40
    assert [Application.objects.get(pk=a.pk).status for a in waiting] == ["offered"] * 3
    # One audit event per move: nothing was done twice.
    assert ApplicationEvent.objects.filter(to_status="lapsed").count() == 40
    assert ApplicationEvent.objects.filter(to_status="offered", actor="system").count() == 3


def test_the_same_email_at_once_is_stored_once(cohort, service_data):
    results = at_once([lambda: services.application_submit(cohort=cohort, data=service_data("same@example.org"))] * 5)
    assert sum(isinstance(r, Application) for r in results) == 1
    assert sum(isinstance(r, services.DuplicateApplication) for r in results) == 4
    assert Application.objects.count() == 1


def test_six_posts_at_once_with_one_form_token_store_one_application(client, apply_url, answers):
    """One browser's form token, sent six times at once (a double-click, a script): one gets through."""
    from http.cookies import SimpleCookie

    from django.test import Client

    def post(n: int):
        browser = Client()
        browser.cookies = SimpleCookie(client.cookies)  # the same browser: its cookies and its token
        return browser.post(apply_url, {**answers, "email": f"person{n}@example.org"})

    responses = at_once([lambda n=n: post(n) for n in range(6)])
    statuses = sorted(getattr(r, "status_code", r) for r in responses)
    assert statuses == [302, 400, 400, 400, 400, 400]
    assert all("already been sent" in r.content.decode() for r in responses if r.status_code == 400)
    assert Application.objects.count() == 1
