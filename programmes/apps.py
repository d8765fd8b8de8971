from django.apps import AppConfig
from django.db.models.signals import pre_save


class ProgrammesConfig(AppConfig):
    name = "programmes"

    def ready(self) -> None:
        from core.history import page_lists_register

        from .text import normalise_instance_text

        # The lists on a programme's history page, in their order there (restore URLs number them).
        page_lists_register(
            "programmes.Programme",
            field="programme_id",
            lists=[
                "programmes.KeyFigure",
                "programmes.ResearchTrack",
                "programmes.LearningTheme",
                "programmes.CurriculumArea",
                "courses.Course",
                "programmes.CareerPathway",
                "programmes.Partner",
                "programmes.WhyPoint",
                "enrolment.Cohort",
            ],
        )
        pre_save.connect(normalise_instance_text, dispatch_uid="programmes.normalise_instance_text")
