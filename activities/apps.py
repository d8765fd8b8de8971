from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_missing_rows(*, using: str, **kwargs) -> None:
    """After ``migrate`` (and a test database's flush): every registered kind has its ``Activity`` row."""
    from activities.services import activity_rows_create_missing

    activity_rows_create_missing(using)


class ActivitiesConfig(AppConfig):
    name = "activities"

    def ready(self):
        from activities.engine.memory import return_large_blocks
        from activities.web import framing  # noqa: F401 (registers the check of ACTIVITY_EMBED_ORIGINS)

        # Before gunicorn's master forks its workers (preload_app), so every worker inherits it.
        return_large_blocks()
        post_migrate.connect(create_missing_rows, sender=self, dispatch_uid="activities.create_missing_rows")
