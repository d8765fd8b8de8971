"""The restore drill: an applicant applies, confirms and is offered a place; the database is backed up,
dropped and restored from the backup; the applicant's status link still works and the application,
its history and its emails' records are all there. On SQLite here; on PostgreSQL when DATABASE_URL
names one (pg_dump and pg_restore)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django_tasks_db.models import DBTaskResult

from enrolment import services
from enrolment.models import Application, ApplicationEvent
from tests.htmltext import page_text

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings, seeded):
    """Production's task queue (emails wait for the worker), no rate limits, a local mailbox."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ENROL_RATE_LIMIT = settings.ENROL_EMAIL_RATE_LIMIT = "0"
    settings.ENROL_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("loaddata", "enrolment", verbosity=0)
    yield f"/programmes/{seeded.slug}/enrol/"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def run_worker() -> None:
    call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def link(message, part: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S*" + re.escape(part) + r"\S*)", message.body)[1]


def apply_confirm_offer(apply_url: str) -> tuple[Application, str]:
    """Through the form and the emails as an applicant, and the offer as staff: the application and its status link."""
    browser = Client()
    html = browser.get(apply_url).content.decode()
    answers = {name: re.search(rf'name="{name}" value="([^"]+)"', html)[1] for name in ("cohort", "research_track")}
    answers |= {"started": re.search(r'name="started" value="([^"]+)"', html)[1], "consent": "on", "website": ""}
    answers |= {"full_name": "Drill Applicant", "email": "drill@example.org", "country": "GB"}
    answers |= {"qualification": "bachelors", "qualification_subject": "Mathematics", "personal_statement": ""}
    assert browser.post(apply_url, answers).status_code == 302
    run_worker()
    assert browser.get(link(mail.outbox[-1], "/verify/")).status_code in (200, 302)
    run_worker()
    status = link(mail.outbox[-1], "/status/")
    services.application_offer(application=Application.objects.get(email="drill@example.org"))
    run_worker()
    return Application.objects.get(email="drill@example.org"), status


def drop_database() -> None:
    """Lose everything, as a failed disk would (PostgreSQL: the schema; SQLite: the file and its WAL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        name = connection.settings_dict["NAME"]
        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    assert connection.introspection.table_names() == []


def emails_of(application) -> list[tuple[str, str]]:
    rows = DBTaskResult.objects.filter(args_kwargs__kwargs__application_id=application.pk)
    return sorted((row.args_kwargs["kwargs"]["kind"], row.status) for row in rows)


def test_restore_drill(site, tmp_path):
    application, status = apply_confirm_offer(site)
    events = list(ApplicationEvent.objects.filter(application=application).values_list("from_status", "to_status"))
    emails = emails_of(application)
    assert events[-1] == ("submitted", "offered") and len(emails) == 3
    before = page_text(Client().get(status).content.decode())

    call_command("backup", dir=tmp_path, keep=3, verbosity=0)
    (backup,) = [p for p in tmp_path.iterdir() if not p.name.endswith(".sha256")]
    drop_database()
    call_command("restore", str(backup), verbosity=0)

    response = Client().get(status)
    assert response.status_code == 200
    assert page_text(response.content.decode()) == before
    restored = Application.objects.get(reference=application.reference)
    assert restored.status == "offered" and restored.email == "drill@example.org"
    assert list(ApplicationEvent.objects.filter(application=restored).values_list("from_status", "to_status")) == events
    assert emails_of(restored) == emails


def test_restore_refuses_a_database_that_is_not_empty(site, tmp_path):
    call_command("backup", dir=tmp_path, verbosity=0)
    (backup,) = tmp_path.glob("dmath-*[!6]")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))


def test_restore_refuses_a_damaged_backup(site, tmp_path):
    call_command("backup", dir=tmp_path, verbosity=0)
    (backup,) = tmp_path.glob("dmath-*[!6]")
    with open(backup, "r+b") as f:
        f.seek(200)
        f.write(b"damage")
    drop_database()
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(backup))
    backup.with_name(backup.name + ".sha256").unlink()
    with pytest.raises(CommandError, match="no checksum"):
        call_command("restore", str(backup))
    call_command("migrate", verbosity=0)  # leave a database for the next test


def test_backup_keeps_the_newest_n(site, tmp_path):
    for _ in range(4):
        call_command("backup", dir=tmp_path, keep=2, verbosity=0)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == 4 and all(name.startswith("dmath-") for name in kept)
    for name in kept:
        if name.endswith(".sha256"):
            assert (tmp_path / name).read_text().split()[1] == name.removesuffix(".sha256")
