from django.apps import AppConfig
from django.db.models.signals import pre_save


class ProgrammesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes"

    def ready(self) -> None:
        from .history import history_register
        from .text import normalise_instance_text

        history_register()
        pre_save.connect(normalise_instance_text, dispatch_uid="programmes.normalise_instance_text")
