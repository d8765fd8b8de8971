from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "enrolment"

    def ready(self) -> None:
        from core.history import restore_refuse

        # A cohort's places and state change only through the admissions services.
        restore_refuse(
            "enrolment.Cohort",
            reason="Cohorts are not restored from a history page: change the cohort on its own admin page "
            "(Enrolment › Cohorts), where places, offers and the waiting list are kept consistent.",
        )
