"""Admin history of a page: the object's own changes (django-simple-history's view, with its diff and revert)
plus the changes to the page's lists, each with its diff and a Restore button."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from .history import list_histories

# Each list's most recent changes shown on the history page: a bound on the page's size and queries.
HISTORY_ROWS_SHOWN = 50


def _entries(records) -> list[dict]:
    """Each record with what it changed against the same row's previous record (diffed in Python)."""
    records = list(records)
    older: dict[object, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous = older.get(record.id)
        record.changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            record.changes = [(c.field, c.old, c.new) for c in delta.changes]
        older[record.id] = record
    return [{"record": r, "label": str(r.instance), "changes": r.changes} for r in records]


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page also shows, and restores, the rows of the page's lists."""

    object_history_template = "admin/content_history.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/history/restore/<int:list_index>/<int:history_id>/",
                self.admin_site.admin_view(self.list_restore_view),
                name=f"{info[0]}_{info[1]}_list_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        lists = []
        if obj is not None:
            for index, (label, records) in enumerate(list_histories(parent=obj)):
                entries = _entries(records[:HISTORY_ROWS_SHOWN])
                if entries:
                    lists.append({"index": index, "label": label, "entries": entries})
        return super().history_view(request, object_id, {**(extra_context or {}), "list_histories": lists})

    def list_restore_view(self, request: HttpRequest, object_id: str, list_index: int, history_id: int):
        """POST: make one list row as it was in this record (re-created if it was deleted since)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"], "Restoring a row takes a POST from the history page.")
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such page.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        lists = list_histories(parent=obj)
        if not 0 <= list_index < len(lists):
            raise Http404("No such list.")
        label, records = lists[list_index]
        record = get_object_or_404(records.model, history_id=history_id)
        field = "programme_id" if obj._meta.model_name == "programme" else "course_id"
        if getattr(record, field) != obj.pk:
            raise Http404("That change is not part of this page.")
        row = record.instance
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            message = f"“{row}” could not be restored: another row now holds one of its unique values."
            self.message_user(request, message, messages.ERROR)
        else:
            when = record.history_date.strftime("%d %b %Y %H:%M")
            self.message_user(request, f"Restored “{row}” in {label} as it was on {when}.", messages.SUCCESS)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
