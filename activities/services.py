"""Writes to the activity catalogue that the code, not staff, makes.

A registered kind (``activities.kinds.REGISTRY``) needs its ``Activity`` row for its page to exist;
``activity_rows_create_missing`` makes the rows that are missing from the kind's own ``Listing``
(its seed words), so a new activity is a new folder and no fixture. It runs after every ``migrate``
(a ``post_migrate`` handler, ``activities.apps``) and after ``load_seed``. A row that exists is left
as staff edited it.
"""

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from activities.kinds import REGISTRY
from activities.models import Activity


def activity_rows_create_missing(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create the ``Activity`` row of every registered kind that has none; the slugs created, in catalogue order.

    A row takes its listing's ``position`` as primary key when that is free (the seed's keys, so a
    fixture loaded afterwards updates the row rather than clashing on its slug), else the next key.
    Its first version is recorded in its history, as an edit in admin would be.
    """
    tables = connections[using].introspection.table_names()
    if Activity._meta.db_table not in tables or Activity.history.model._meta.db_table not in tables:
        return []  # a database migrated back before the catalogue existed
    rows = Activity.objects.using(using)
    present = set(rows.values_list("slug", flat=True))
    missing = [kind for slug, kind in REGISTRY.items() if slug not in present]  # at most one per kind
    if not missing:
        return []
    taken = set(rows.values_list("pk", flat=True))
    with transaction.atomic(using=using):
        for kind in missing:
            listing = kind.listing
            pk = listing.position if listing.position not in taken else None
            activity = Activity(
                pk=pk, slug=kind.slug, title=listing.title, instructions=listing.instructions, hint=listing.hint
            )
            activity.save(using=using)  # a post_save: django-simple-history records the first version
        # Explicit keys do not move PostgreSQL's sequence: reset it, as loaddata does.
        connection = connections[using]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Activity]):
                cursor.execute(statement)
    return [kind.slug for kind in missing]
