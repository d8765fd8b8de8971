"""Consistent snapshots of the database, each with its SHA-256, and their restore into an empty database.

PostgreSQL: ``pg_dump --format=custom`` (one transaction, so one consistent moment) and
``pg_restore``. SQLite: the online backup API, which copies pages under SQLite's own locking,
never a file copy of a live database (a copy taken mid-write, or without its WAL, is corrupt).
A snapshot is written under a temporary name and renamed once complete, with its checksum beside
it in ``sha256sum``'s format (``sha256sum -c`` checks it), so a half-written file never counts.
"""

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections

SUFFIX = {"postgresql": ".dump", "sqlite": ".sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead, said in words for the operator."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    """libpq's variables for the default database: the password never appears on a command line."""
    s = connection.settings_dict
    values = {"PGDATABASE": s["NAME"], "PGUSER": s["USER"], "PGPASSWORD": s["PASSWORD"]}
    values |= {"PGHOST": str(s["HOST"] or ""), "PGPORT": str(s["PORT"] or "")}
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _vendor() -> str:
    if connection.vendor not in SUFFIX:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {connection.vendor}")
    return connection.vendor


def backup_create(*, folder: Path, keep: int, now: dt.datetime | None = None) -> Path:
    """Write a snapshot of the default database into ``folder``, then keep only the newest ``keep``."""
    vendor = _vendor()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"dmath-{stamp}{SUFFIX[vendor]}"
    partial = target.with_name(target.name + ".partial")
    try:
        if vendor == "postgresql":
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--file", str(partial)], env=_pg_env(), capture_output=True, text=True
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        else:
            connection.ensure_connection()
            destination = sqlite3.connect(partial)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
        checksum = sha256(partial)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    target.with_name(target.name + ".sha256").write_text(f"{checksum}  {target.name}\n")
    backup_prune(folder=folder, keep=keep)
    return target


def backups(folder: Path) -> list[Path]:
    """The snapshots in ``folder``, oldest first (their names sort by time)."""
    return sorted(p for suffix in SUFFIX.values() for p in folder.glob(f"dmath-*{suffix}"))


def backup_prune(*, folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` snapshots (and their checksums); return what went."""
    old = backups(folder)[: -keep or None] if keep > 0 else []
    for path in old:
        path.unlink()
        path.with_name(path.name + ".sha256").unlink(missing_ok=True)
    return old


def backup_verify(path: Path) -> None:
    """Refuse a snapshot whose checksum file is missing or disagrees with its bytes."""
    if not path.is_file():
        raise BackupError(f"no such backup: {path}")
    sidecar = path.with_name(path.name + ".sha256")
    if not sidecar.is_file():
        raise BackupError(f"no checksum beside the backup ({sidecar.name}): refusing an unchecked file")
    if sidecar.read_text().split()[0] != sha256(path):
        raise BackupError(f"{path.name} does not match its checksum: it is damaged or incomplete")


def backup_restore(*, path: Path) -> None:
    """Restore a checked snapshot into the default database, which must be empty (no tables)."""
    vendor = _vendor()
    if not path.name.endswith(SUFFIX[vendor]):
        raise BackupError(f"{path.name} is not a {vendor} backup (expected a {SUFFIX[vendor]} file)")
    backup_verify(path)
    if connection.introspection.table_names():
        raise BackupError("the database is not empty: restore only into a new, empty database")
    if vendor == "postgresql":
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", str(path)]
            + ["--dbname", connection.settings_dict["NAME"]],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    connections.close_all()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    destination = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()
