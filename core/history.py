"""Change history with django-simple-history: the lists a page's history shows, and how records read.

Each app records its own models (``history = HistoricalRecords()`` in its models, the history table in
its own migrations) and, in its ``ready()``, tells this module which lists make up a page
(``page_lists_register``) and which rows a page's history must never restore (``restore_refuse``).
Models are named by label ("courses.Course"), so no app imports another app's models for this.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime


@dataclass(frozen=True)
class PageLists:
    """The lists of one kind of page: each list's model label, every row pointing to the page by `field`."""

    field: str
    labels: tuple[str, ...]


_PAGE_LISTS: dict[str, PageLists] = {}
_REFUSED: dict[str, str] = {}


def page_lists_register(parent: str, *, field: str, lists: list[str]) -> None:
    """Declare the lists shown on the history page of `parent` ("programmes.Programme"), in their order there."""
    _PAGE_LISTS[parent.lower()] = PageLists(field=field, labels=tuple(lists))


def restore_refuse(label: str, *, reason: str) -> None:
    """Rows of `label` are shown on a page's history but never restored there; `reason` says where to change them."""
    _REFUSED[label.lower()] = reason


def restore_refusal(model: type[models.Model]) -> str | None:
    """Why rows of `model` are not restored from a history page, or None when they may be."""
    return _REFUSED.get(model._meta.label_lower)


def page_list_field(parent: models.Model) -> str | None:
    """The field by which the rows of `parent`'s lists point to it ("programme_id"), or None for other objects."""
    lists = _PAGE_LISTS.get(parent._meta.label_lower)
    return lists.field if lists else None


def page_last_changed(*, parent: models.Model):
    """When the page's object or any row of its lists last changed (the sitemap's lastmod)."""
    moments = [parent.updated_at]
    for _label, records in list_histories(parent=parent):
        latest = records.values_list("history_date", flat=True).first()
        if latest is not None:
            moments.append(latest)
    return max(moments)


def list_histories(*, parent: models.Model) -> list[tuple[str, models.QuerySet]]:
    """The history of each list a programme or course page holds, newest first, deleted rows included."""
    lists = _PAGE_LISTS.get(parent._meta.label_lower)
    if lists is None:
        return []
    result = []
    for label in lists.labels:
        model = apps.get_model(label)
        records = model.history.filter(**{lists.field: parent.pk}).select_related("history_user")
        result.append((str(model._meta.verbose_name_plural), records.order_by("-history_date")))
    return result


DRAFT_PUBLISHED = "Draft published"


def history_moment(moment) -> str:
    """A history date as staff read it, in the site's time zone: 05 Dec 2026 10:12."""
    return date_format(localtime(moment), "d M Y H:i")


def restored_reason(moment) -> str:
    """The change reason recorded when a page or a row is made as it was at `moment`."""
    return f"Restored from {history_moment(moment)}"


def record_title(record, fields: list[str]) -> str:
    """What one history record did, in a few words: "Created", "Deleted", "Changed tagline, overview"."""
    if record.history_type == "+":
        return "Created"
    if record.history_type == "-":
        return "Deleted"
    if not fields:
        return "Changed"
    opts = record.instance_type._meta
    names = []
    for name in fields:
        try:
            names.append(str(opts.get_field(name).verbose_name))
        except FieldDoesNotExist:  # already a label ("Overview heading", from the history library's diff)
            names.append(name[:1].lower() + name[1:] if name[1:2].islower() else name)
    return "Changed " + ", ".join(names)
