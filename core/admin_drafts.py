"""Admin side of drafts: a "Save as draft" button on the change form, then Preview, Publish or Discard.

While a draft is pending, the change form shows it (merged onto the live page) under a banner.
"Save as draft" keeps it private; "Publish draft" applies only the draft's own changes and, where
the live page changed the same field since, shows the three values and lets the editor choose;
"Save" publishes the form as shown and ends the draft.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict

from .drafts import draft_publish, draft_rebased, draft_save, draft_shown, draft_valid
from .formdata import live_submission
from .history import DRAFT_PUBLISHED
from .merge import Conflict
from .models import Draft


def draft_token(draft: Draft) -> str:
    """Names this version of the draft in the form that shows it (a later save of the draft changes it)."""
    return f"{draft.pk}-{int(draft.updated_at.timestamp() * 1_000_000)}"


def _shows(request: HttpRequest, draft: Draft | None) -> bool:
    """Did the submitted form show this very draft?"""
    return draft is not None and request.POST.get("_draft_shown") == draft_token(draft)


def _show(field, values: list[str]) -> str:
    """Values as the editor reads them: choices by their label, a box as Yes/No, nothing as “(empty)”."""
    if isinstance(field, forms.BooleanField):
        return "Yes" if values else "No"
    labels = {}
    if field is not None and hasattr(field, "choices"):
        labels = {str(getattr(k, "value", k)): str(v) for k, v in field.choices}
    shown = [labels.get(v, v) for v in values if v != ""]
    return ", ".join(shown) if shown else "(empty)"


def _row_label(live, prefix: str, pk: str) -> tuple[str, object]:
    """("Learning outcome “…”", the formset) for a row of one of the page's lists."""
    formset = next((fs for fs in live.formsets if fs.prefix == prefix), None)
    if formset is None:
        return prefix, None
    name = str(formset.model._meta.verbose_name).capitalize()
    row = next((f.instance for f in formset.forms if str(f.instance.pk) == pk), None)
    return (f"{name} “{row}”" if row is not None else f"{name} (deleted on the live page)"), formset


def describe(live, conflict: Conflict) -> dict:
    """A conflict as the editor reads it: the field's label and the three values."""
    parts = conflict.key.split(":")
    if len(parts) == 1:  # a field of the page itself
        field = live.form.fields.get(parts[0])
        label = str(field.label) if field is not None and field.label else parts[0]
    else:  # a list row ("outcomes:12") or one of its fields ("outcomes:12:text", "…:params.a")
        label, formset = _row_label(live, parts[0], parts[1])
        field = None
        if len(parts) == 2:
            label += " (the whole row)"
        else:
            name, _, part = parts[2].partition(".")
            field = formset.empty_form.fields.get(name) if formset is not None else None
            label += f": {field.label if field is not None else name}" + (f" ({part})" if part else "")
            field = None if part else field
    values = {side: _show(field, getattr(conflict, side)) for side in ("base", "live", "draft")}
    return {"key": conflict.key, "label": label, **values}


class DraftAdminMixin:
    """For a ModelAdmin of a page (programme or course) whose model has get_preview_url()."""

    change_form_template = "admin/draft_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/draft/publish/",
                self.admin_site.admin_view(self.draft_publish_view),
                name=f"{name}_draft_publish",
            ),
            path(
                "<path:object_id>/draft/discard/",
                self.admin_site.admin_view(self.draft_discard_view),
                name=f"{name}_draft_discard",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, obj) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def get_form(self, request, obj=None, change=False, **kwargs):
        """While a draft is shown, the form is bound to it, so the editor carries on with their draft."""
        form_class = super().get_form(request, obj, change, **kwargs)
        data = getattr(request, "draft_display", None)
        if data is None or request.method != "GET":
            return form_class

        class DraftForm(form_class):
            def __init__(self, *args, **kw):
                if not args and "data" not in kw:
                    kw["data"], kw["files"] = data, MultiValueDict()
                super().__init__(*args, **kw)

        DraftForm.__name__ = form_class.__name__
        return DraftForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        data = getattr(request, "draft_display", None)
        if data is not None and request.method == "GET":
            kwargs.update(data=data, files=MultiValueDict())
        return kwargs

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        draft = Draft.objects.for_object(obj) if obj is not None else None
        if request.method == "POST" and "_save_draft" in request.POST and obj is not None:
            return self._save_draft(request, object_id, obj, draft, form_url, extra_context)
        context = self._draft_context(obj, draft, extra_context)
        if request.method == "POST":
            if _shows(request, draft):
                request.history_change_reason = DRAFT_PUBLISHED  # recorded by HistoryAdmin.save_model
            response = super().change_view(request, object_id, form_url, context)
            if response.status_code == 302 and _shows(request, draft):
                draft.delete()
                self.message_user(request, "The draft was published with this save and is closed.", messages.INFO)
            return response
        if draft is not None and self.has_change_permission(request, obj):
            shown = draft_shown(model_admin=self, request=request, draft=draft, obj=obj)
            query = QueryDict(mutable=True)
            for key, values in shown.data.items():
                query.setlist(key, values)
            request.draft_display = query
            context["draft_conflicts"] = [describe(live_submission(self, request, obj), c) for c in shown.conflicts]
        return super().change_view(request, object_id, form_url, context)

    def _save_draft(self, request, object_id, obj, draft, form_url, extra_context):
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        applied = draft_valid(model_admin=self, request=request, obj=obj, data=request.POST)
        if applied.ok:
            if _shows(request, draft):
                base = draft_rebased(model_admin=self, request=request, draft=draft, obj=obj)
            else:
                base = live_submission(self, request, obj).data
                if draft is not None:
                    message = "This replaced an older draft of the page that the form had not shown."
                    self.message_user(request, message, messages.WARNING)
            draft_save(obj=obj, data=request.POST, user=request.user, base=base)
            self.message_user(
                request, "Draft saved: the public page is unchanged until you publish it.", messages.SUCCESS
            )
            return HttpResponseRedirect(self._change_url(obj))
        # Invalid: the normal view shows the form with its errors. It is run in a transaction that is
        # rolled back, so that nothing reaches the public page even if it found the form valid.
        request.POST = request.POST.copy()
        request.POST.pop("_save_draft", None)
        request.POST["_continue"] = "1"
        with transaction.atomic():
            context = self._draft_context(obj, draft, extra_context)
            response = super().change_view(request, object_id, form_url, context)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        if response.status_code == 302:
            self.message_user(request, "The draft could not be saved; nothing was changed.", messages.ERROR)
        return response

    def _draft_context(self, obj, draft, extra_context) -> dict:
        context = {**(extra_context or {}), "draft": draft}
        if draft is not None:
            context["draft_token"] = draft_token(draft)
        if obj is not None:
            context["preview_url"] = obj.get_preview_url()
        return context

    def _draft_post(self, request: HttpRequest, object_id: str):
        if request.method != "POST":
            return None, None, HttpResponseNotAllowed(["POST"], "Use the buttons on the change page.")
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such page.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        draft = Draft.objects.for_object(obj)
        if draft is None:
            message = "There is no draft of this page (already published or discarded)."
            self.message_user(request, message, messages.WARNING)
            return obj, None, HttpResponseRedirect(self._change_url(obj))
        return obj, draft, None

    def draft_publish_view(self, request: HttpRequest, object_id: str):
        """POST: publish the draft's changes; where the live page changed the same field, ask which to keep."""
        obj, draft, response = self._draft_post(request, object_id)
        if response:
            return response
        choices = {
            key.removeprefix("choice:"): value
            for key, value in request.POST.items()
            if key.startswith("choice:") and value in ("live", "draft")
        }
        applied = draft_publish(model_admin=self, request=request, draft=draft, choices=choices)
        every = request.POST.get("_all")
        if applied.conflicts and every in ("live", "draft"):
            choices.update({c.key: every for c in applied.conflicts})
            applied = draft_publish(model_admin=self, request=request, draft=draft, choices=choices)
        if applied.conflicts:
            live = live_submission(self, request, obj)
            context = {
                **self.admin_site.each_context(request),
                "title": f"Publish the draft of {obj}: choose what to keep",
                "opts": self.model._meta,
                "original": obj,
                "draft": draft,
                "conflicts": [describe(live, c) for c in applied.conflicts],
                "change_url": self._change_url(obj),
            }
            return TemplateResponse(request, "admin/draft_conflicts.html", context, status=409)
        if applied.ok:
            self.message_user(request, "Draft published: the public page now shows it.", messages.SUCCESS)
        else:
            problems = "; ".join(applied.errors)[:500]
            self.message_user(
                request, f"The draft could not be published, and the page is unchanged: {problems}", messages.ERROR
            )
        return HttpResponseRedirect(self._change_url(obj))

    def draft_discard_view(self, request: HttpRequest, object_id: str):
        obj, draft, response = self._draft_post(request, object_id)
        if response:
            return response
        draft.delete()
        self.message_user(request, "Draft discarded.", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))
