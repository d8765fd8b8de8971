"""The form part of a panel (``panel.form``): its controls, grouped as the template lays them out, its hidden
state and the preset links beside it.

A control shows the state's value, or on a refused request what the visitor typed (``PanelForm.typed``);
the form also carries the main choice its numbers belong to (``was``) and the state shown
(``good``), so that a refusal of the next request can keep it on screen.
"""

from dataclasses import dataclass
from functools import cached_property

from activities.engine import params as param_specs
from activities.web.controls import Control, controls_for
from activities.web.figure_view import motion_query
from activities.web.state import GOOD, MAX_GOOD_LENGTH, PREVIOUS, canonical_query


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool = False


class PanelForm:
    """The controls of a panel's form, the hidden fields that keep its state and its presets."""

    def __init__(self, panel) -> None:
        self.panel = panel

    @cached_property
    def typed(self) -> dict[str, str]:
        """Each control's text: the state's value, or on a refused request what the visitor sent."""
        panel = self.panel
        texts, values = {}, panel.values or {}
        for spec in panel.kind.params:
            text = spec.encode(values.get(spec.name)) if spec.name in values else None
            texts[spec.name] = "" if text is None else str(text)
            if not panel.ok and spec.name in panel.refusal.sent:
                texts[spec.name] = str(panel.refusal.sent.get(spec.name, ""))[: param_specs.MAX_RAW_LENGTH]
        return texts

    @cached_property
    def controls(self) -> list[Control]:
        panel = self.panel
        refusal = panel.refusal
        state = panel.values if panel.ok else self.typed
        return controls_for(
            panel.kind, prefix=panel.id, state=state, values=self.typed, error=refusal.message, field=refusal.param
        )

    @cached_property
    def presets(self) -> list[Link]:
        """The kind's named starting states as links, the one shown marked current."""
        panel = self.panel
        defaults = param_specs.parse(panel.kind.params, {})
        links = []
        for preset in panel.kind.presets:
            values = self._preset_state({**defaults, **preset.values})
            query = canonical_query(panel.kind, values)
            href = panel.urls.state(values) + motion_query(panel.motion_off)
            links.append(Link(preset.label, href, current=query == panel.query))
        return links

    def _preset_state(self, values: dict) -> dict:
        """A preset's state as this form offers it (``EmbedPanelForm`` puts the locked values back)."""
        return values

    @property
    def visible_controls(self) -> list[Control]:
        return [c for c in self.controls if c.widget in {"number", "select"}]

    @property
    def text_controls(self) -> list[Control]:
        return [c for c in self.controls if c.widget == "textarea"]

    @property
    def hidden_controls(self) -> list[Control]:
        return [c for c in self.controls if c.widget == "hidden"]

    @property
    def locked_controls(self) -> list[Control]:
        """Controls an embed locks (``EmbedPanelForm``): shown as text, their values sent as they are."""
        return [c for c in self.controls if c.widget == "locked"]

    @property
    def error_control(self) -> Control | None:
        """The visible control the refusal names, which the error summary links to."""
        return next((c for c in self.controls if c.error), None)

    @property
    def previous_choice(self) -> tuple[str, str] | None:
        """The main choice the form's numbers belong to, as ("was", value), for kinds that have one.

        On a refused request that is the choice as typed (the numbers beside it are the typed ones).
        """
        panel = self.panel
        key = panel.kind.main_choice
        if key is None or key not in (panel.values or {}):
            return None
        spec = next(s for s in panel.kind.params if s.name == key)
        typed = self.typed.get(key, "")
        if not panel.ok and typed in dict(getattr(spec, "choices", ())):
            return PREVIOUS, typed
        return PREVIOUS, panel.values[key]

    @property
    def good(self) -> tuple[str, str] | None:
        """The state shown, as ("good", query), so a refusal of the next request can keep it on screen."""
        query = self.panel.query
        return (GOOD, query) if len(query) <= MAX_GOOD_LENGTH else None


class EmbedPanelForm(PanelForm):
    """The embed page's form: the controls a teacher hid or locked, and the lockdown sent with every request."""

    @cached_property
    def controls(self) -> list[Control]:
        controls = super().controls
        lockdown = self.panel.lockdown
        for control in controls:
            if control.name in lockdown.hide:
                control.widget = "hidden"
            elif control.name in lockdown.lock and control.widget != "hidden":
                control.widget = "locked"
        return controls

    @property
    def hidden_controls(self) -> list[Control]:
        """The hidden parameters, then the lockdown itself, so that the form's next request carries it."""
        extra = [
            Control(name=key, id="", label=key, widget="hidden", value=value)
            for key, value in self.panel.lockdown.fields
        ]
        return [*super().hidden_controls, *extra]

    def _preset_state(self, values: dict) -> dict:
        """A preset's state with the locked values in place: a preset must not link to a state the lock forbids."""
        return self.panel.lockdown.apply(self.panel.kind, values)
