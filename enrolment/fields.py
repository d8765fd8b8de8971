"""Fields of the applicant's forms: accessible error markup, statement line breaks counted as the
browser counts them, intake choices with their places, and the check against invisible characters."""

import unicodedata
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.formats import date_format

from .identity import unquote_local
from .models import Cohort

# Bidirectional overrides and isolates can make a name read differently on screen than in the data.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def validate_plain_text(value: str) -> None:
    """Refuse control characters (line breaks included) and bidirectional overrides in one-line answers."""
    for char in value:
        if char in BIDI_CONTROLS or unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"}:
            raise forms.ValidationError(
                "Use letters, spaces and punctuation only: this contains an invisible control character",
                code="control_character",
            )


def clean_email_address(value: str) -> str:
    """An address the form accepts as one mailbox: quotes that change nothing are dropped; an address
    that would need quotes, has letters outside ASCII before the @, or names an IP address is refused.

    (Dots and ``+tags`` are left alone: in general they name distinct mailboxes.)
    """
    email = value.strip()
    validate_plain_text(email)
    local, _, domain = email.rpartition("@")
    local = unquote_local(local)
    if local.startswith('"'):
        raise forms.ValidationError(
            "Enter the address without quotation marks or spaces, like name@example.com", code="quoted"
        )
    if not local.isascii():
        raise forms.ValidationError(
            "Use only letters a to z without accents, digits and . _ + - before the @", code="non_ascii"
        )
    if domain.startswith("["):
        raise forms.ValidationError(
            "Enter an address with a domain name after the @, like name@example.com, not an IP address",
            code="ip_literal",
        )
    return f"{local}@{domain}"


def validate_statement_text(value: str) -> None:
    """Like ``validate_plain_text``, but paragraphs (line breaks and tabs) are allowed."""
    validate_plain_text(value.replace("\n", " ").replace("\t", " "))


class AccessibleBoundField(BoundField):
    """Points each input at its hint and error (aria-describedby) and marks it invalid (aria-invalid)."""

    @property
    def hint_id(self) -> str:
        return f"{self.html_name}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.html_name}-error"

    @property
    def is_group(self) -> bool:
        """Radio groups are a fieldset: the hint and error belong to its legend, not each radio."""
        return self.field.widget.use_fieldset

    @property
    def describedby(self) -> str:
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the input itself, or a group's first radio."""
        return f"{self.auto_id}_0" if self.is_group else self.auto_id

    def build_widget_attrs(self, attrs: dict, widget: forms.Widget | None = None) -> dict:
        attrs = super().build_widget_attrs(attrs, widget)
        attrs.pop("aria-describedby", None)
        if not self.is_group and self.describedby:
            attrs["aria-describedby"] = self.describedby
        if self.errors:
            attrs["aria-invalid"] = "true"
        return attrs


class StatementField(forms.CharField):
    """Counts a line break as one character, as the browser's counter and maxlength do.

    Browsers send line breaks as CRLF; without this, 3,000 characters typed with a few
    paragraphs would arrive as more than 3,000 and be refused.
    """

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value: str) -> None:
        super().validate(value)
        validate_statement_text(value)


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cohort) -> str:
        return (
            f"{obj.name}: starts {date_format(obj.start_date, 'j F Y')}, "
            f"apply by {date_format(obj.application_deadline, 'j F Y')} "
            f"({obj.places_left} of {obj.capacity} places left)"
        )
