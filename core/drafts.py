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

from .formdata import Submission, live_submission
from .history import DRAFT_PUBLISHED
from .merge import Conflict, Merged, changed_lists, merge_submissions
from .models import Draft

# Not part of a page's content: the CSRF token and the admin's submit buttons.
IGNORED_KEYS = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_save_draft", "_saveasnew", "_draft_shown"}


@dataclass
class Applied:
    """The outcome of applying a draft: saved, or the errors that stopped it."""

    ok: bool
    errors: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


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


def draft_save(*, obj: models.Model, data: QueryDict, user, base: Submission) -> Draft:
    """Store the admin form's submission as the page's one pending draft, with the version it was taken from."""
    content = {key: data.getlist(key) for key in data if key not in IGNORED_KEYS and "__prefix__" not in key}
    draft, _ = Draft.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"data": content, "base": base, "created_by": user if user.is_authenticated else None},
    )
    return draft


def draft_merged(
    *, model_admin: admin.ModelAdmin, request: HttpRequest, draft: Draft, obj: models.Model, choices=None
) -> Merged:
    """The submission that applies the draft's own changes to the page as it is now, and the conflicts left."""
    if draft.base is None:
        return Merged(data=draft.data)
    live = live_submission(model_admin, request, obj)
    allowed = set(live.prefixes) - live.locked
    locked = changed_lists(base=draft.base, draft=draft.data, allowed=allowed)
    merged = merge_submissions(
        base=draft.base, live=live.data, draft=draft.data, prefixes=live.prefixes, choices=choices or {}
    )
    merged.locked = locked
    return merged


def draft_shown(*, model_admin: admin.ModelAdmin, request: HttpRequest, draft: Draft, obj: models.Model) -> Merged:
    """What the change form and the preview show: the merge, with the draft's values where it conflicts."""
    merged = draft_merged(model_admin=model_admin, request=request, draft=draft, obj=obj)
    if not merged.conflicts:
        return merged
    choices = {c.key: "draft" for c in merged.conflicts}
    shown = draft_merged(model_admin=model_admin, request=request, draft=draft, obj=obj, choices=choices)
    return Merged(data=shown.data, conflicts=merged.conflicts)


def draft_rebased(*, model_admin: admin.ModelAdmin, request: HttpRequest, draft: Draft, obj: models.Model):
    """The base for a draft saved again from a form that showed `draft` merged onto the live page.

    The live page now, except where the draft and the live page still conflict: there the old base
    stays, so saving the draft again never settles a conflict without the editor choosing.
    """
    live = live_submission(model_admin, request, obj)
    if draft.base is None:
        return live.data
    merged = merge_submissions(base=draft.base, live=live.data, draft=draft.data, prefixes=live.prefixes, choices={})
    base = dict(live.data)
    for conflict in merged.conflicts:
        if conflict.key in base:  # a page field; a row's conflict keeps the live row as its base
            base[conflict.key] = conflict.base
    return base


def draft_apply(
    *, model_admin: admin.ModelAdmin, request: HttpRequest, obj: models.Model, data, reason: str | None = None
) -> Applied:
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
    if reason:  # django-simple-history records it with each row this save writes
        new_object._change_reason = reason
        for formset in formsets:
            for each in formset.forms:
                each.instance._change_reason = reason
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


def _list_name(obj: models.Model, prefix: str) -> str:
    """A list's name as staff read it ("course activities") from its formset prefix (the related name)."""
    for relation in obj._meta.related_objects:
        if relation.get_accessor_name() == prefix:
            return str(relation.related_model._meta.verbose_name_plural)
    return prefix


def draft_publish(*, model_admin: admin.ModelAdmin, request: HttpRequest, draft: Draft, choices=None) -> Applied:
    """Apply the draft's changes to the live page and remove it; on conflicts or errors nothing changes.

    `choices` settles conflicts: {conflict key: "live" or "draft"}.
    """
    with transaction.atomic():
        obj = model_admin.model.objects.select_for_update().get(pk=draft.object_id)
        merged = draft_merged(model_admin=model_admin, request=request, draft=draft, obj=obj, choices=choices)
        if merged.locked:
            lists = ", ".join(_list_name(obj, prefix) for prefix in merged.locked)
            message = f"The draft changes {lists}, which you may not change; someone who may can publish it."
            return Applied(ok=False, errors=[message])
        if merged.conflicts:
            return Applied(ok=False, conflicts=merged.conflicts)
        applied = draft_apply(
            model_admin=model_admin, request=request, obj=obj, data=merged.data, reason=DRAFT_PUBLISHED
        )
        if applied.ok:
            draft.delete()
        else:
            transaction.set_rollback(True)
    return applied
