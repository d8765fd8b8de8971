"""Admin forms for embedding an activity: its starting state edited with the activity's own controls.

The controls are the public panel's (``panel.form.controls``: the same labels, bounds, steps
and choices), named ``<field>.<parameter>`` inside the inline form. What staff type is stored as
the embedding's JSON ``params``, keeping only values that differ from the activity's defaults, so
an unchanged save stores exactly what was there. A preview under the controls follows each
change through htmx, before saving.
"""

import json

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from activities.engine import params as param_specs
from activities.kinds.base import Kind
from activities.models import CourseActivity, starting_param_errors
from activities.web import urls_for
from activities.web.panel import Panel, PanelTexts, Refusal


def preview_html(kind: Kind | None, values: dict | None, width: int = 280) -> str:
    """An <img> of the plot for these parameters, or a note when they are not valid."""
    if kind is None:
        return "—"
    values = values or {}
    if starting_param_errors(kind, values):
        return "Fix the starting parameters to see a preview."
    query = param_specs.encode(kind.params, param_specs.parse(kind.params, values))
    url = urls_for.file_url(kind.slug, "plot", query)
    return format_html(
        '<img src="{}" srcset="{} 1x, {}&amp;scale=2 2x" width="{}" height="{}" alt="Preview of the starting state">',
        url,
        url,
        url,
        width,
        width * 3 // 4,
    )


def starting_values(kind: Kind, data, prefix: str) -> dict:
    """The parameters typed under `prefix`, each parsed by its spec; unparseable ones kept raw for the errors."""
    values = {}
    for spec in kind.params:
        raw = data.get(f"{prefix}.{spec.name}")
        if raw is None or not str(raw).strip():
            continue
        raw = str(raw).strip()[: param_specs.MAX_RAW_LENGTH]
        try:
            value = spec.parse({spec.name: raw})
        except param_specs.ParamError:
            values[spec.name] = raw  # the model's clean() says what is wrong with it
            continue
        if value == spec.default:
            continue  # the activity's defaults fill the rest
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        values[spec.name] = value
    return values


def _as_dict(value) -> dict:
    if isinstance(value, dict):
        return value
    try:
        loaded = json.loads(value or "{}")
    except (TypeError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


class StartingStateWidget(forms.Widget):
    """The activity's own controls for its starting state, with a live preview (htmx)."""

    template_name = "admin/activities/starting_state_widget.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.kind: Kind | None = None

    def render(self, name, value, attrs=None, renderer=None):
        """Rendered by the project's template engine (templates/admin/…), not the forms renderer's."""
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def value_from_datadict(self, data, files, name):
        if self.kind is None:  # no activity chosen yet: the stored JSON travels in a hidden input
            return data.get(name, "{}")
        return json.dumps(starting_values(self.kind, data, name))

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        """None: the field's label names the group of controls (each control has its own label)."""
        return None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = _as_dict(value)
        kind = self.kind
        context["kind"] = kind
        context["json"] = json.dumps(values)
        if kind is None:
            return context
        try:
            clean = param_specs.parse(kind.params, {**values})
            panel = Panel(kind=kind, texts=PanelTexts(kind.title), values=clean)
        except param_specs.ParamError as exc:
            sent = {k: str(v) for k, v in values.items()}
            panel = Panel(kind=kind, texts=PanelTexts(kind.title), values=None, refusal=Refusal(str(exc), sent=sent))
        base_id = context["widget"]["attrs"].get("id") or name
        controls = []
        for control in panel.form.controls:
            control.id = f"{base_id}-{control.name}"
            control.name = f"{name}.{control.name}"
            controls.append(control)
        context["controls"] = controls
        context["preview"] = preview_html(kind, values)
        context["preview_url"] = reverse("admin:activities_courseactivity_starting_state")
        context["hx_vals"] = json.dumps({"kind": kind.slug, "prefix": name})
        return context


class CourseActivityForm(forms.ModelForm):
    """An embedding whose starting parameters are edited with its activity's controls, not raw JSON."""

    class Meta:
        model = CourseActivity
        fields = ["course", "position", "activity", "params"]
        widgets = {"params": StartingStateWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["params"]
        field.label = "Starting state"
        field.help_text = "The activity's own settings, within its bounds; empty ones use the activity's defaults."
        # The default (dict) is callable, which would add a hidden "initial" copy carrying aria attributes.
        field.show_hidden_initial = False
        instance = self.instance
        field.widget.kind = instance.activity.kind if instance.activity_id else None

    def clean(self):
        cleaned = super().clean()
        # Another activity's parameters mean nothing to the new one: it starts from its defaults.
        if self.instance.pk and "activity" in self.changed_data:
            cleaned["params"] = {}
        return cleaned
