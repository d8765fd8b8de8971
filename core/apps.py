from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What several apps share: ordered lists, drafts, change history, previews, SEO, safe CSV cells."""

    name = "core"
    verbose_name = "Shared machinery"
