"""Write a consistent snapshot of the database, with its checksum, into BACKUP_DIR; keep the newest BACKUP_KEEP."""

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_create


def backup_dir() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups")


class Command(BaseCommand):
    help = (
        "Write a snapshot of the database (PostgreSQL: pg_dump --format=custom; SQLite: the online backup "
        "API) named by its UTC time, with a .sha256 beside it, into BACKUP_DIR (default ./backups); then "
        "delete all but the newest BACKUP_KEEP (default 14)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="the folder (default: BACKUP_DIR)")
        keep = int(os.environ.get("BACKUP_KEEP", "14"))
        parser.add_argument("--keep", type=int, default=keep, help="how many to keep (default: BACKUP_KEEP)")

    def handle(self, *args, dir: Path | None, keep: int, **options):
        if keep < 1:
            raise CommandError("--keep must be at least 1: the newest backup is always kept")
        started = time.monotonic()
        try:
            path = backup_create(folder=dir or backup_dir(), keep=keep)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size / 2**20
        self.stdout.write(f"{path} ({size:.1f} MiB, {time.monotonic() - started:.1f} s)")
