"""A page's admin form as a browser would submit it, unchanged: the "live" side of a draft's three-way merge.

The form and its inline formsets are rendered by their own widgets and read back the way a browser
reads a form (checked boxes only, the selected option, a textarea without its leading newline), so
an untouched field of a stored submission compares equal to it, whatever its widget.
"""

import copy
from dataclasses import dataclass
from html.parser import HTMLParser

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.http import HttpRequest

Submission = dict[str, list[str]]


class _Inputs(HTMLParser):
    """The (name, value) pairs a browser submits from a fragment of form HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self.select: str | None = None
        self.chosen: list[str] = []
        self.first: str | None = None
        self.multiple = False
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.pairs.append((a["name"], a.get("value") or ("on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select" and a.get("name"):
            self.select, self.chosen, self.first, self.multiple = a["name"], [], None, "multiple" in a
        elif tag == "option" and self.select:
            value = a.get("value") or ""
            if self.first is None:
                self.first = value
            if "selected" in a:
                self.chosen.append(value)
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], ""

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            values = self.chosen or ([] if self.multiple or self.first is None else [self.first])
            self.pairs.extend((self.select, v) for v in (values if self.multiple else values[-1:]))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.pairs.append((self.textarea, self.text.removeprefix("\r\n").removeprefix("\n")))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def submission_from_html(html: str) -> Submission:
    """Every named value a browser would send from `html`, each name with its list of values."""
    parser = _Inputs()
    parser.feed(html)
    parser.close()
    data: Submission = {}
    for name, value in parser.pairs:
        if "__prefix__" not in name:
            data.setdefault(name, []).append(value)
    return data


def _form_html(form) -> str:
    return "".join(str(bound) for bound in form)


def live_forms(model_admin: admin.ModelAdmin, request: HttpRequest, obj: models.Model):
    """The unbound admin form and inline formsets of the page as it is now (never a draft's data).

    The object is read again: a form validated earlier in the request may have changed it in memory.
    """
    obj = type(obj)._default_manager.get(pk=obj.pk)
    get = copy.copy(request)
    get.method = "GET"
    get.__dict__.pop("draft_display", None)
    fields = flatten_fieldsets(model_admin.get_fieldsets(get, obj))
    form = model_admin.get_form(get, obj, change=True, fields=fields)(instance=obj)
    formsets, inlines = model_admin._create_formsets(get, obj, change=True)
    pairs = zip(formsets, inlines, strict=True)
    locked = {formset.prefix for formset, inline in pairs if not inline.has_change_permission(get, obj)}
    return form, formsets, locked


@dataclass
class LiveForm:
    """The page's change form as it stands: its submission, each formset's prefix → pk name, and the forms."""

    data: Submission
    prefixes: dict[str, str]
    form: object
    formsets: list
    locked: set[str]  # the lists this user may see but not change


def live_submission(model_admin: admin.ModelAdmin, request: HttpRequest, obj: models.Model) -> LiveForm:
    """What the page's change form would submit if saved now without a change."""
    form, formsets, locked = live_forms(model_admin, request, obj)
    html = [_form_html(form)]
    for formset in formsets:
        html.append(str(formset.management_form))
        html.extend(_form_html(f) for f in formset.forms)
    prefixes = {fs.prefix: fs.model._meta.pk.name for fs in formsets}
    return LiveForm(submission_from_html("".join(html)), prefixes, form, formsets, locked)
