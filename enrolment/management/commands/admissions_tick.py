"""The admissions clock: expire unanswered offers (passing each place on), delete unconfirmed
applications past their time, prune the rate-limit records, erase data past its retention, and
send the admissions team yesterday's digest of newly confirmed applications; finished email tasks
are pruned after two weeks, spent form tokens after a day, and expired sessions (staff logins) go.
A task left "running" for longer than STUCK_AFTER (its worker was killed mid-email) is queued again:
every email is sent at least once, and a second sending carries the same Message-ID (enrolment.emails).

Idempotent and safe on several hosts at once (see ``enrolment.services.offers_expire``). Run it
once (cron, a platform's scheduler), or let it loop with ``--every SECONDS`` beside the task
worker, as ``make serve`` and ``compose.yaml`` do.
"""

import datetime as dt
import signal
import time
from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend

from enrolment import emails, formtoken, personal_data, ratelimit, services

# No email task runs this long: sending is bounded by EMAIL_TIMEOUT (10 s) per connection step.
STUCK_AFTER = dt.timedelta(minutes=15)


def tasks_requeue_stuck(*, now: dt.datetime | None = None) -> int:
    """Put back in the queue the tasks whose worker died while running them (SIGKILL, a lost host)."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return 0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - STUCK_AFTER
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=cutoff)
        .update(status=TaskResultStatus.READY, started_at=None)
    )


class Command(BaseCommand):
    help = "Expire offers and unconfirmed applications, prune rate-limit records, erase data past retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="Run again every SECONDS until stopped (0: run once).")

    def handle(self, *args, every: int, **options) -> None:
        if every <= 0:
            self.tick()
            return
        stopping = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stopping.append(True))
        while not stopping:
            self.tick()
            deadline = time.monotonic() + every
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(1.0, every))

    def clear_sessions(self) -> str:
        """What ``clearsessions`` does, for the session engines that keep rows (cache engines expire their own)."""
        try:
            import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        except NotImplementedError:
            return "not needed"
        return "yes"

    def tick(self) -> None:
        lapsed = services.offers_expire()
        deleted = services.unverified_expire()
        pruned = ratelimit.prune() + formtoken.prune()
        sessions = self.clear_sessions()
        requeued = tasks_requeue_stuck()
        if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            # Finished tasks (sent emails) are kept two weeks for the admin's "Task results", then go.
            call_command("prune_db_task_results", min_age_days=14, verbosity=0)
        erased = 0
        for application in personal_data.applications_past_retention()[:500]:
            personal_data.application_erase(application=application, reason="Retention period ended.")
            erased += 1
        # Yesterday's digest for the admissions team, sent by whichever host gets there first.
        digest = emails.digest_send(day=timezone.localdate() - dt.timedelta(days=1))
        self.stdout.write(
            f"offers expired: {lapsed}; unconfirmed applications deleted: {deleted}; "
            f"rate-limit records pruned: {pruned}; expired sessions cleared: {sessions}; "
            f"stuck tasks queued again: {requeued}; "
            f"applications erased after retention: {erased}; "
            f"digest: {'not sent' if digest is None else f'{digest} applications'}"
        )
