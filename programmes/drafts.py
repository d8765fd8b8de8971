"""Drafts of programme and course pages: saved from the admin form, previewed by staff, published by a button.

A draft is the admin form's own submission. Applying it runs the same ModelAdmin form, inline
formsets, validation and save as a direct edit; a preview applies it inside a transaction that is
then rolled back, so the preview is the public template on exactly the data publishing would store.
"""

import copy
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.admin.helpers import AdminErrorList
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.forms.formsets import all_valid
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

from .models import Draft

# Not part of a page's content: the CSRF token and the admin's submit buttons.
IGNORED_KEYS = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_save_draft", "_saveasnew"}


@dataclass
class Applied:
    """The outcome of applying a draft: saved, or the errors that stopped it."""

    ok: bool
    errors: list[str] = field(default_factory=list)


def _as_querydict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, [str(v) for v in values])
    return query


def _as_post(request: HttpRequest, data: QueryDict) -> HttpRequest:
    """A copy of `request` that carries `data` as its POST, for the ModelAdmin's form machinery."""
    fake = copy.copy(request)
    fake.method = "POST"
    fake.POST = data
    fake._files = MultiValueDict()
    return fake


def draft_save(*, obj: models.Model, data: QueryDict, user) -> Draft:
    """Store the admin form's submission as the page's one pending draft (replacing an older one)."""
    content = {key: data.getlist(key) for key in data if key not in IGNORED_KEYS}
    draft, _ = Draft.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"data": content, "created_by": user if user.is_authenticated else None},
    )
    return draft


def draft_apply(*, model_admin: admin.ModelAdmin, request: HttpRequest, obj: models.Model, data) -> Applied:
    """Validate and save `data` through `model_admin`'s form and inlines, as a direct edit would."""
    if not isinstance(data, QueryDict):  # a stored draft: {name: [values]}
        data = _as_querydict(data)
    post = _as_post(request, data)
    form_class = model_admin.get_form(post, obj, change=True)
    form = form_class(data, MultiValueDict(), instance=obj)
    formsets, _inlines = model_admin._create_formsets(post, form.instance, change=True)
    form_valid = form.is_valid()
    if not (all_valid(formsets) and form_valid):
        errors = [str(e) for e in AdminErrorList(form, formsets)]
        return Applied(ok=False, errors=errors or ["The draft no longer fits the page."])
    new_object = model_admin.save_form(post, form, change=True)
    model_admin.save_model(post, new_object, form, change=True)
    model_admin.save_related(post, form, formsets, change=True)
    model_admin.log_change(post, new_object, model_admin.construct_change_message(post, form, formsets))
    return Applied(ok=True)


def draft_valid(*, model_admin: admin.ModelAdmin, request: HttpRequest, obj: models.Model, data) -> Applied:
    """Would `data` publish cleanly? Applied and then rolled back."""
    with transaction.atomic():
        applied = draft_apply(model_admin=model_admin, request=request, obj=obj, data=data)
        transaction.set_rollback(True)
    return applied


def draft_publish(*, model_admin: admin.ModelAdmin, request: HttpRequest, draft: Draft) -> Applied:
    """Apply the draft to the live page and remove it; on errors nothing changes and the draft stays."""
    obj = model_admin.model.objects.get(pk=draft.object_id)
    with transaction.atomic():
        applied = draft_apply(model_admin=model_admin, request=request, obj=obj, data=draft.data)
        if applied.ok:
            draft.delete()
        else:
            transaction.set_rollback(True)
    return applied
