"""Staff-only previews of programme and course pages, with their pending draft applied and rolled back."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from .drafts import Applied, draft_apply, draft_shown
from .models import Draft


@dataclass
class Preview:
    """What the preview banner says: whether a draft is shown, and why not when it no longer fits."""

    draft: Draft | None
    applied: Applied | None
    admin_url: str


def preview_allowed(request: HttpRequest, model: type[models.Model]) -> None:
    """Only active staff who may change the page see a preview; everyone else gets the same 404 as a wrong URL."""
    opts = model._meta
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")):
        raise Http404("No such page.")


def preview_response(request: HttpRequest, *, obj: models.Model, page: Callable[[Preview], HttpResponse]):
    """`page` rendered on the data as it would be after publishing the draft; nothing is kept."""
    model_admin = admin.site.get_model_admin(type(obj))
    opts = obj._meta
    draft = Draft.objects.for_object(obj)
    admin_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    with transaction.atomic():
        applied = None
        if draft:
            shown = draft_shown(model_admin=model_admin, request=request, draft=draft, obj=obj)
            applied = draft_apply(model_admin=model_admin, request=request, obj=obj, data=shown.data)
        # page() renders to a string here, inside the transaction, before the rollback.
        response = page(Preview(draft=draft, applied=applied, admin_url=admin_url))
        transaction.set_rollback(True)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
