"""Restore a backup made by `manage.py backup` into an empty database, after checking its checksum."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore FILE (a .dump for PostgreSQL, a .sqlite3 for SQLite, with its .sha256 beside it) into the "
        "database DATABASE_URL names, which must be empty: create a new one first, never restore over data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        started = time.monotonic()
        try:
            backup_restore(path=file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {file} in {time.monotonic() - started:.1f} s")
