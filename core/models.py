"""Models several apps share: the abstract ``Orderable`` every app may subclass, and ``Draft``."""

from django.db import models


class Orderable(models.Model):
    """An item in a list whose order staff set by hand."""

    position = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class DraftQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "Draft | None":
        """The pending draft of this programme or course, if staff saved one."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).first()


class Draft(models.Model):
    """A change to a programme or course page saved from its admin form but not yet public.

    ``data`` is the admin form's submission (every field and every inline row), so publishing it
    goes through the same form validation and save as a direct edit, and history records it.
    ``base`` is the form as it stood when the draft was taken, so publishing applies only the draft's changes.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(help_text="The admin form's submitted fields, each a list of values.")
    base = models.JSONField(
        null=True,
        blank=True,
        help_text="The page's form as it stood when the draft was taken (the same shape as data); "
        "publishing applies only what the draft changed against it. Empty for drafts saved before it was kept.",
    )
    created_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        db_table = "programmes_draft"  # created by the programmes app, where drafts began; its rows are kept
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="one_draft_per_page")]

    def __str__(self) -> str:
        return f"Draft of {self.content_type.model} {self.object_id}"
