"""Admissions figures: the form's response time with a mail server that never answers, and how many
emails a second the task worker sends to a real SMTP server. `make bench` (or run this file).

In-process through Django's test client, on a throwaway SQLite database with the seed content:
  1. POST the application form while the SMTP server accepts connections and never answers. Ours
     queues the email for the worker (database task backend); the naive way sends it inside the
     request (immediate backend) and waits for the mail server's timeout.
  2. Queue N emails, then time `manage.py db_worker --batch` delivering them to aiosmtpd on 127.0.0.1.
"""

import re
import resource
import socket
import statistics
import threading
import time

from django_env import setup  # bench/django_env.py

setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from enrolment.models import Application  # noqa: E402

APPLY = "/programmes/msc-machine-learning-mathematics/enrol/"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUIET = {"ENROL_RATE_LIMIT": "0", "ENROL_EMAIL_RATE_LIMIT": "0", "ENROL_MIN_FILL_SECONDS": 0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def silent_smtp() -> tuple[int, threading.Event]:
    """A server that accepts connections and never says a word; set the event to stop it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.2)
    stop, held = threading.Event(), []

    def accept():
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
        for conn in held:
            conn.close()
        listener.close()

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1], stop


def smtp_settings(port: int, timeout: int) -> dict:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_TIMEOUT": timeout,
    }


def answers(client: Client, n: int) -> dict:
    html = client.get(APPLY).content.decode()
    return {
        "full_name": "Bench Applicant",
        "email": f"bench{n}@example.org",
        "country": "GB",
        "qualification": "bachelors",
        "qualification_subject": "Mathematics",
        "research_track": re.search(r'name="research_track" value="(\d+)"', html)[1],
        "cohort": re.search(r'name="cohort" value="(\d+)"', html)[1],
        "consent": "on",
        "started": re.search(r'name="started" value="([^"]+)"', html)[1],
    }


def post_times(count: int, start: int) -> list[float]:
    client = Client()
    times = []
    for n in range(start, start + count):
        data = answers(client, n)
        began = time.perf_counter()
        response = client.post(APPLY, data)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 302, response.status_code
    return times


def describe(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return f"median {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   max {times[-1]:8.1f} ms   (n={len(times)})"


def main(posts: int = 50, naive_posts: int = 3, emails: int = 300, smtp_timeout: int = 5) -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "programme", "activities", "enrolment", verbosity=0)

    port, stop = silent_smtp()
    print(f"1. The application form with an SMTP server that accepts and never answers (timeout {smtp_timeout} s)")
    with override_settings(**QUIET, **smtp_settings(port, smtp_timeout)):
        with override_settings(TASKS=DATABASE_TASKS):
            ours = post_times(posts, 0)
        with override_settings(TASKS=IMMEDIATE_TASKS):
            naive = post_times(naive_posts, 10_000)
    stop.set()
    print(f"   ours  (queued for the worker): {describe(ours)}")
    print(f"   naive (sent in the request):   {describe(naive)}")
    print(f"   ratio naive / ours (median):   {statistics.median(naive) / statistics.median(ours):8.0f}x")

    print(f"2. The worker sending {emails} emails to a real SMTP server (aiosmtpd on 127.0.0.1)")
    Application.objects.all().delete()
    received = []

    class Count:
        async def handle_DATA(self, server, session, envelope):
            received.append(len(envelope.content))
            return "250 OK"

    smtp_port = free_port()
    controller = Controller(Count(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    with override_settings(**QUIET, **smtp_settings(smtp_port, 10), TASKS=DATABASE_TASKS):
        post_times(emails, 20_000)  # each application queues its confirmation email
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
        elapsed = time.perf_counter() - began
    controller.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert len(received) == emails, (len(received), emails)
    print(f"   {len(received)} emails in {elapsed:.2f} s: {len(received) / elapsed:.0f} emails/s")
    size = statistics.mean(received) / 1024
    print(f"   mean size {size:.1f} kB; peak RSS {rss_before / 1024:.0f} → {rss_after / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
