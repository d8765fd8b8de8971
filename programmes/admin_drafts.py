"""Admin side of drafts: a "Save as draft" button on the change form, then Preview, Publish or Discard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse

from .drafts import draft_publish, draft_save, draft_valid
from .models import Draft


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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "POST" and "_save_draft" in request.POST and obj is not None:
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            applied = draft_valid(model_admin=self, request=request, obj=obj, data=request.POST)
            if applied.ok:
                draft_save(obj=obj, data=request.POST, user=request.user)
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
                response = super().change_view(request, object_id, form_url, self._draft_context(obj, extra_context))
                if hasattr(response, "render"):
                    response.render()
                transaction.set_rollback(True)
            if response.status_code == 302:
                self.message_user(request, "The draft could not be saved; nothing was changed.", messages.ERROR)
            return response
        return super().change_view(request, object_id, form_url, self._draft_context(obj, extra_context))

    def _draft_context(self, obj, extra_context) -> dict:
        draft = Draft.objects.for_object(obj) if obj is not None else None
        context = {**(extra_context or {}), "draft": draft}
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
        obj, draft, response = self._draft_post(request, object_id)
        if response:
            return response
        applied = draft_publish(model_admin=self, request=request, draft=draft)
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
