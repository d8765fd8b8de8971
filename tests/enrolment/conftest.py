"""Fixtures for the enrolment tests: an open cohort, valid answers, quiet abuse checks, mail servers."""

import datetime as dt
import socket
import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.helpers.enrolment import form_token
from tests.helpers.users import make_staff


@pytest.fixture(autouse=True)
def enrol_settings(settings):
    """No rate limit, no minimum fill time and a local-memory mailbox, unless a test asks otherwise."""
    settings.ENROL_RATE_LIMIT = "0"
    settings.ENROL_EMAIL_RATE_LIMIT = "0"
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
def answers(client, cohort, track, apply_url):
    """A complete, valid POST body for the application form, with a token from this client's session."""
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
        "started": form_token(client, apply_url),
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
    """Create ``n`` applications with a given status directly, as verified applicants in that state."""
    from django.utils import timezone

    from enrolment.identity import email_key
    from enrolment.models import Application, new_reference

    def make(n: int, status: str = "submitted", start: int = 0, target=None) -> list:
        target = target or cohort
        created = []
        for i in range(n):  # one at a time, so created_at orders them
            data = service_data(f"filler{start + i}@example.org")
            row = Application(
                cohort=target,
                reference=new_reference(2027),
                status=status,
                consented_at=timezone.now(),
                email_key=email_key(data["email"]),
                verified_at=None if status == "unverified" else timezone.now(),
                **data,
            )
            if status == "waitlisted":
                last = Application.objects.waitlisted().filter(cohort=target).last()
                row.waitlist_order = (last.waitlist_order if last else 0) + 1
            if status == "offered":
                row.offer_expires_at = timezone.now() + dt.timedelta(days=7)
            row.save()
            created.append(row)
        return created

    return make


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives; the settings point at it."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Keep(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    with socket.socket() as probe:  # a free port (aiosmtpd checks it is up by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Keep()
    handler.port = port
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def silent_smtp_server():
    """A mail server that accepts connections and never says a word: the worst kind to wait on."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(5)
    for conn in held:
        conn.close()
    listener.close()


@pytest.fixture
def smtp_settings(settings):
    """Point Django's SMTP backend at a test server: call with its port."""

    def point(port: int, timeout: int = 2) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = timeout

    return point


@pytest.fixture
def queued_tasks(settings):
    """The database task backend, as production runs it: tasks wait for ``run_worker``."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def do(django_capture_on_commit_callbacks):
    """Call a service function and send its emails, as the commit would."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.fixture
def free_place(do):
    """Free an offered place as `freeing` says: decline, withdraw, erase, or lapse (its offer expires)."""
    from django.utils import timezone

    from enrolment import personal_data, services
    from enrolment.models import Application

    def free(holder, freeing: str) -> None:
        if freeing == "lapse":
            Application.objects.filter(pk=holder.pk).update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))
            assert do(services.offers_expire) == 1
            return
        actions = {
            "decline": services.application_decline,
            "withdraw": services.application_withdraw,
            "erase": personal_data.application_erase,
        }
        do(actions[freeing], application=holder)

    return free


@pytest.fixture
def admissions(client, db):
    """The test client, signed in as admissions staff: every enrolment permission, nothing else."""
    client.force_login(make_staff("admissions", apps=("enrolment",)))
    return client
