"""Abstract models every app may import: apps never import each other's models for a base class."""

from django.db import models


class Orderable(models.Model):
    """An item in a list whose order staff set by hand."""

    position = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
