"""Text as staff type it: one newline convention, and paragraphs split on blank lines."""

import re

from django.db import models

_NEWLINES = re.compile(r"\r\n?")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Apps whose text fields are page copy: their newlines are normalised on every save.
CONTENT_APPS = {"programmes", "courses", "activities"}


def newlines_normalise(*, text: str) -> str:
    """Browsers submit textareas with \\r\\n; store \\n so that what is saved is what was typed."""
    return _NEWLINES.sub("\n", text)


def paragraphs_split(*, text: str) -> list[str]:
    """Paragraphs separated by a blank line, whichever newline convention the text uses."""
    return [p.strip() for p in _BLANK_LINE.split(newlines_normalise(text=text)) if p.strip()]


def normalise_instance_text(sender, instance, **kwargs) -> None:
    """pre_save: every text field of a content model gets \\n newlines (a signal, so no model is missed)."""
    if sender._meta.app_label not in CONTENT_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and "\r" in value:
                setattr(instance, field.attname, newlines_normalise(text=value))
