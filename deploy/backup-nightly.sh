#!/bin/sh
# compose.yaml's nightly backup (in the postgres image, which has pg_dump): every night at 02:30 UTC,
# what `manage.py backup` writes on PostgreSQL: dmath-<UTC time>.dump and its .sha256 in $BACKUP_DIR,
# keeping the newest $BACKUP_KEEP. `manage.py restore FILE` (make restore) reads them.
set -eu
: "${BACKUP_DIR:=/backups}" "${BACKUP_KEEP:=14}"
mkdir -p "$BACKUP_DIR"
while true; do
    now=$(date -u +%s)
    sleep $(( (86400 + 9000 - now % 86400) % 86400 + 1 ))
    name="dmath-$(date -u +%Y%m%dT%H%M%S.000000Z).dump"
    if pg_dump --format=custom --file "$BACKUP_DIR/$name.partial"; then
        mv "$BACKUP_DIR/$name.partial" "$BACKUP_DIR/$name"
        (cd "$BACKUP_DIR" && sha256sum "$name" > "$name.sha256")
        ls -1 "$BACKUP_DIR"/dmath-*.dump | sort | head -n "-$BACKUP_KEEP" | while read -r old; do
            rm -f "$old" "$old.sha256"
        done
        echo "backup: $name"
    else
        rm -f "$BACKUP_DIR/$name.partial"
        echo "backup FAILED at $(date -u)" >&2
    fi
done
