"""Admin pieces the content apps share: tabular inlines whose every input has an accessible name (Django's own
leave them unlabelled), and the content pages' admin assets."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet


class LabelledFormSet(BaseInlineFormSet):
    """Names each row's inputs after their column and row ("Text, row 3"), and its delete box too."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = f", row {index + 1}" if index is not None else ", new row"
        for field in form.fields.values():
            if field.widget.is_hidden:
                continue
            field.widget.attrs.setdefault("aria-label", f"{field.label}{row}")


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledFormSet
    template = "admin/edit_inline/tabular_labelled.html"


class AdminAssets:
    """The content pages' admin stylesheet and the up/down ordering buttons."""

    css = {"all": ["css/admin.css"]}
    js = ["js/admin_ordering.js"]
