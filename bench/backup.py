"""Backup and restore of 10,000 applications: `make bench-backup` (or run this file).

Fills a throwaway database with the seed content and BENCH_APPLICATIONS applications (default
10,000; each with a statement of about 1,300 characters of varied words, two history events and
two sent-email records, as a confirmed application has), then times `manage.py backup` and
`manage.py restore` into a new, empty database and checks the restored counts. SQLite always;
PostgreSQL too when DATABASE_URL names one: it creates and drops two databases there named
<its name>_bench_backup and <its name>_bench_restore (its role needs CREATEDB, as `make postgres`
gives it).
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
COUNT = int(os.environ.get("BENCH_APPLICATIONS", "10000"))

FILL = f"""
import random
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from enrolment.models import Application, ApplicationEvent, Cohort
cohort = Cohort.objects.get(pk=1)
track = cohort.programme.research_tracks.first()
now = timezone.now()
words = "the of a to in optimal transport measure convex gradient descent probability theory study research".split()
rng = random.Random(1)
apps = Application.objects.bulk_create(
    Application(cohort=cohort, reference=f"DM-2027-{{i:06d}}", full_name=f"Applicant {{i}}",
        email=f"a{{i}}@example.org", email_key=f"a{{i}}@example.org", country="GB", qualification="masters",
        qualification_subject="Mathematics", research_track=track,
        personal_statement=" ".join(rng.choices(words, k=180))[:1500],
        consented_at=now, status="submitted", verified_at=now)
    for i in range({COUNT})
)
ApplicationEvent.objects.bulk_create(
    ApplicationEvent(application=a, actor=actor, from_status=f, to_status=t)
    for a in apps for actor, f, t in (("applicant", "", "unverified"), ("applicant", "unverified", "submitted"))
)
DBTaskResult.objects.bulk_create(
    DBTaskResult(status="SUCCESSFUL", args_kwargs={{"args": [], "kwargs": {{"application_id": a.pk, "kind": k}}}},
        task_path="enrolment.emails.send_application_email", backend_name="default", run_after=now,
        queue_name="default", finished_at=now, started_at=now)
    for a in apps for k in ("verify", "received")
)
print(Application.objects.count())
"""
COUNT_ROWS = "from enrolment.models import Application, ApplicationEvent; " + (
    "print(Application.objects.count(), ApplicationEvent.objects.count())"
)


def manage(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-" + "b" * 50}
    env.setdefault("MPLCONFIGDIR", str(ROOT / ".mplconfig"))
    result = subprocess.run([str(PY), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout.strip()


def timed(url: str, *args: str) -> tuple[float, str]:
    started = time.monotonic()
    out = manage(url, *args)
    return time.monotonic() - started, out


def run(label: str, source: str, target: str, folder: Path) -> None:
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "load_seed")
    manage(source, "shell", "--no-imports", "-c", FILL)
    seconds, out = timed(source, "backup", "--dir", str(folder), "--keep", "2")
    backup = Path(out.split(" (")[0])
    size = backup.stat().st_size / 2**20
    restore_seconds, restore_out = timed(target, "restore", str(backup))
    counts = manage(target, "shell", "--no-imports", "-c", COUNT_ROWS)
    expected = f"{COUNT} {2 * COUNT}"
    print(  # noqa: T201
        f"{label}: {COUNT} applications: backup {size:.1f} MiB in {out.rsplit(', ', 1)[1].rstrip(')')} "
        f"({seconds:.1f} s with manage.py's start); restore {restore_out.rsplit(' in ', 1)[1]} "
        f"({restore_seconds:.1f} s with its start); "
        f"restored applications and events {counts} ({'OK' if counts == expected else 'WRONG: expected ' + expected})"
    )
    if counts != expected:
        sys.exit(1)


def postgres(url: str, folder: Path) -> None:
    parts = urllib.parse.urlsplit(url)
    names = [f"{parts.path.lstrip('/')}_bench_backup", f"{parts.path.lstrip('/')}_bench_restore"]
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))

    def psql(sql: str) -> None:
        subprocess.run(["psql", "-q", admin, "-c", sql], check=True, capture_output=True)

    for name in names:
        psql(f'DROP DATABASE IF EXISTS "{name}"')
        psql(f'CREATE DATABASE "{name}"')
    try:
        source, target = (urllib.parse.urlunsplit(parts._replace(path=f"/{n}")) for n in names)
        run("PostgreSQL", source, target, folder)
    finally:
        for name in names:
            psql(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run("SQLite", f"sqlite:///{folder / 'source.sqlite3'}", f"sqlite:///{folder / 'restored.sqlite3'}", folder)
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            postgres(url, folder / "pg")


if __name__ == "__main__":
    main()
