from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self) -> None:
        from core.history import page_lists_register

        # The lists on a course's history page, in their order there (restore URLs number them).
        page_lists_register(
            "courses.Course",
            field="course_id",
            lists=["courses.LearningOutcome", "courses.Teacher", "activities.CourseActivity"],
        )
