"""Declared, bounded parameters for the activities.

Every parameter has a type, a default and a range. ``parse`` turns a query
dictionary into clean values or raises ``ParamError`` with a message a person
can read; ``encode`` writes the canonical query string, so that a state has
exactly one URL and a plot is a pure function of it.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

# Longest raw value accepted for any parameter: a bound on parsing work.
MAX_RAW_LENGTH = 4000


class ParamError(ValueError):
    """Bad input for an activity; the message is shown to the visitor with a 400.

    ``field`` names the parameter at fault (its query key), so the form can mark that control;
    "" when the error is about the request as a whole (a malformed click).
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Bounds:
    """What the server accepts for a number in one state: its range, and whether it must be whole."""

    min: float
    max: float
    integer: bool = False
    step: float | None = None  # the slider's step, where it differs from the declared one


def format_number(value: float) -> str:
    """A float rounded to 6 significant digits, in its shortest form: 1.0 -> "1", -0.3 -> "-0.3", 1e-08."""
    rounded = float(f"{value:.6g}")
    if rounded == 0:
        return "0"
    if rounded.is_integer() and abs(rounded) < 1e15:
        return str(int(rounded))
    return repr(rounded)


def _raw(data: Mapping, name: str) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    value = str(value).strip()
    if len(value) > MAX_RAW_LENGTH:
        raise ParamError(f"{name} is too long.", field=name)
    return value or None


def _number(spec: "Bounded", data: Mapping, noun: str, *, minus: bool) -> float | None:
    """The spec's raw value as a float (None when absent); ``minus`` also reads U+2212 as a minus sign."""
    raw = _raw(data, spec.name)
    if raw is None:
        return None
    try:
        return float(raw.replace("\u2212", "-") if minus else raw)
    except ValueError:
        raise ParamError(f"{spec.label} must be {noun}, not “{raw[:40]}”.", field=spec.name) from None


def _within(spec: "Bounded", value: float, show: Callable[[Any], str]) -> None:
    if not spec.min <= value <= spec.max:
        raise ParamError(f"{spec.label} must be between {show(spec.min)} and {show(spec.max)}.", field=spec.name)


class ParamSpec(Protocol):
    """What a parameter declares: its query key, its label, and how its value is read and written."""

    name: str
    label: str

    def parse(self, data: Mapping) -> Any:
        """The clean value from a query (its default when absent); raises ParamError."""

    def encode(self, value: Any) -> str | None:
        """The value as it stands in the canonical query; None or "" leaves it out."""


@dataclass(frozen=True)
class Bounded:
    """What a number parameter declares: its default (None: none), its range and its input's step."""

    name: str
    label: str
    default: float | None
    min: float
    max: float
    step: float = 1
    help: str = ""


@dataclass(frozen=True)
class Float(Bounded):
    """A real number within [min, max], rounded to 6 significant digits.

    ``log``: its slider moves log10 of the value (a learning rate from 0.0001 to 2).
    """

    step: float = 0.1
    log: bool = False

    def parse(self, data: Mapping) -> float | None:
        value = _number(self, data, "a number", minus=True)
        if value is None:
            return self.default
        if not math.isfinite(value):
            raise ParamError(f"{self.label} must be a finite number.", field=self.name)
        _within(self, value, format_number)
        return float(format_number(value))

    def encode(self, value: float | None) -> str | None:
        return None if value is None else format_number(value)


@dataclass(frozen=True)
class Int(Bounded):
    """A whole number within [min, max] (its bounds, default and step are whole numbers too)."""

    def parse(self, data: Mapping) -> int | None:
        value = _number(self, data, "a whole number", minus=False)
        if value is None:
            return self.default
        if not math.isfinite(value) or value != int(value):
            raise ParamError(f"{self.label} must be a whole number.", field=self.name)
        _within(self, int(value), str)
        return int(value)

    def encode(self, value: int | None) -> str | None:
        return None if value is None else str(value)


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of options, given as (value, label) pairs."""

    name: str
    label: str
    default: str
    choices: tuple[tuple[str, str], ...]
    help: str = ""

    def parse(self, data: Mapping) -> str:
        raw = _raw(data, self.name)
        if raw is None:
            return self.default
        if raw not in dict(self.choices):
            options = ", ".join(value for value, _ in self.choices)
            raise ParamError(f"{self.label} must be one of: {options}.", field=self.name)
        return raw

    def encode(self, value: str) -> str:
        return value


def parse(specs: tuple[ParamSpec, ...], data: Mapping) -> dict:
    """Clean values for every declared parameter; unknown keys are ignored. A ParamError names its field."""
    values = {}
    for spec in specs:
        try:
            values[spec.name] = spec.parse(data)
        except ParamError as exc:
            exc.field = exc.field or spec.name
            raise
    return values


def encode(specs: tuple[ParamSpec, ...], values: Mapping) -> str:
    """The canonical query string for these values, in declaration order, without empty ones."""
    pairs = []
    for spec in specs:
        text = spec.encode(values.get(spec.name))
        if text is not None and text != "":
            pairs.append((spec.name, text))
    return urlencode(pairs)
