"""Admin history of a page: the object's own changes (django-simple-history's view, with its diff and revert)
plus the changes to the page's lists, each with its diff and a Restore button.

Every restore checks the permission of the row it writes (change, and add when the row was deleted),
whatever page the button sits on. Rows an app refuses (``history.restore_refuse``: cohorts, whose capacity
and state change only through the admissions services) are shown but never restored here.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpRequest, HttpResponseForbidden, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from .history import history_moment, list_histories, page_list_field, record_title, restore_refusal, restored_reason

# Each list's most recent changes shown on the history page: a bound on the page's size and queries.
HISTORY_ROWS_SHOWN = 50


def _as_pk(model: type[models.Model], value: str):
    """The primary key in `value`, or a 404 (``abc``, ``1.5``) instead of the history library's ValueError."""
    try:
        return model._meta.pk.to_python(unquote(str(value)))
    except (ValidationError, ValueError, TypeError) as exc:
        raise Http404("No such page.") from exc


def may_write(request: HttpRequest, model: type[models.Model], *, exists: bool) -> bool:
    """May this user restore a row of `model`: change, and add when the row no longer exists."""
    opts = model._meta
    actions = ["change"] if exists else ["change", "add"]
    return all(request.user.has_perm(f"{opts.app_label}.{get_permission_codename(a, opts)}") for a in actions)


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin with 404s for malformed ids, and a revert that needs the permission to write the row."""

    object_history_template = "admin/content_history.html"
    object_history_list_template = "admin/content_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        _as_pk(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            record.title = record_title(record, [c["field"] for c in getattr(record, "history_delta_changes", [])])

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        pk = _as_pk(self.model, object_id)
        _as_pk(self.model.history.model, version_id)
        if request.method == "POST":
            live = self.model._default_manager.filter(pk=pk).first()
            if not self._may_revert(request, live):
                raise PermissionDenied
            record = get_object_or_404(self.model.history.model, **{self.opts.pk.attname: pk, "history_id": version_id})
            request.history_change_reason = restored_reason(record.history_date)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _may_revert(self, request, live) -> bool:
        if live is not None:
            return self.has_change_permission(request, live)
        return self.has_add_permission(request) and self.has_change_permission(request)

    def revert_disabled(self, request, obj=None):
        if super().revert_disabled(request, obj):
            return True
        live = self.model._default_manager.filter(pk=obj.pk).first() if obj is not None else None
        return not self._may_revert(request, live)

    def save_model(self, request, obj, form, change):
        reason = getattr(request, "history_change_reason", None)
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)


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
    return [
        {
            "record": record,
            "label": str(record.instance),
            "title": record_title(record, [field for field, _old, _new in record.changes]),
            "changes": record.changes,
        }
        for record in records
    ]


class ContentHistoryAdmin(HistoryAdmin):
    """A page's history admin whose history page also shows, and restores, the rows of the page's lists."""

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
        _as_pk(self.model, object_id)
        obj = self.get_object(request, object_id)
        lists = []
        if obj is not None:
            may_change_page = self.has_change_permission(request, obj)
            for index, (label, records) in enumerate(list_histories(parent=obj)):
                entries = _entries(records[:HISTORY_ROWS_SHOWN])
                if not entries:
                    continue
                model = records.model.instance_type
                refusal = restore_refusal(model)
                live = set(model._default_manager.filter(pk__in=[e["record"].id for e in entries]).values_list("pk"))
                for entry in entries:
                    exists = (entry["record"].id,) in live
                    entry["restorable"] = not refusal and may_change_page and may_write(request, model, exists=exists)
                lists.append({"index": index, "label": label, "entries": entries, "note": refusal})
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
        if getattr(record, page_list_field(obj)) != obj.pk:
            raise Http404("That change is not part of this page.")
        model = records.model.instance_type
        refusal = restore_refusal(model)
        if refusal:
            return HttpResponseForbidden(refusal, content_type="text/plain; charset=utf-8")
        exists = model._default_manager.filter(pk=record.id).exists()
        if not may_write(request, model, exists=exists):
            raise PermissionDenied
        row = record.instance
        row._change_reason = restored_reason(record.history_date)
        try:
            row.full_clean(validate_unique=False, validate_constraints=False)
            with transaction.atomic():
                row.save()
        except ValidationError as exc:
            problems = "; ".join(exc.messages)[:300]
            self.message_user(request, f"“{row}” could not be restored: {problems}", messages.ERROR)
        except IntegrityError:
            message = f"“{row}” could not be restored: another row now holds one of its unique values."
            self.message_user(request, message, messages.ERROR)
        else:
            when = history_moment(record.history_date)
            self.message_user(request, f"Restored “{row}” in {label} as it was on {when}.", messages.SUCCESS)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
