"""Load the seed content (fixtures/*.json) into a new database.

``loaddata`` with fixed primary keys is idempotent, so loading twice creates no
duplicates; but it would also overwrite staff edits. This command therefore only
loads into a database with no programme yet, unless ``--force`` is given.
"""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand

from activities.services import activity_rows_create_missing
from programmes.models import Programme

# In dependency order: the programme first, then what hangs from it.
SEED_FIXTURES = ["programme", "activities", "enrolment"]


class Command(BaseCommand):
    help = "Load the seed programme page into a new database (no-op when content exists)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if content exists (overwrites edits).")

    def handle(self, *args, force: bool = False, **options):
        if Programme.objects.exists() and not force:
            self.stdout.write("Seed content already present; nothing loaded (use --force to reload).")
            return
        call_command("loaddata", *SEED_FIXTURES, verbosity=options.get("verbosity", 1))
        activity_rows_create_missing()  # a registered kind the fixture does not list
        # loaddata saves raw, which django-simple-history does not record: give every row a first
        # version, so the first edit staff make shows as a diff and can be undone.
        history_baseline()


def history_baseline() -> None:
    """A first historical record for every row of each recorded model that has no history at all yet."""
    call_command("populate_history", auto=True, verbosity=0, stdout=io.StringIO())
