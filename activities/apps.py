from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"

    def ready(self):
        from activities import framing  # noqa: F401 (registers the check of ACTIVITY_EMBED_ORIGINS)
        from activities.engine.memory import return_large_blocks

        # Before gunicorn's master forks its workers (preload_app), so every worker inherits it.
        return_large_blocks()
