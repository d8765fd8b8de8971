"""The one formats table: every file a state is served as, with its maker, content type and cache policy.

Each row says how ``activities.web.files.activity_file`` answers ``/activities/<slug>/<file>?<state>``:
the maker of the body from the kind and the clean state (None: this state has none, a 404), the
content type, the capability the kind must declare (``Kind.capabilities``; without it a 404 saying
so), and how it is kept: a file with an ETag is a pure function of its URL and the code, cached for
good (``responses.immutable``); one without is public for a day, for any origin (``responses.kept_a_day``). A new
export is a row here and a ``path`` in ``activities.urls``.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse

from activities.engine import params as param_specs
from activities.engine.cache import plot_etag, plot_png, remember, state_etag, state_result, still_png
from activities.engine.layout import Size
from activities.engine.memory import discard
from activities.engine.script import state_script
from activities.engine.sound import curve_to_wav
from activities.engine.vector import to_svg
from activities.kinds.base import SCRIPT, SOUND, SVG, Kind
from activities.web.figure_view import parse_motion
from activities.web.numbers_csv import numbers_csv
from activities.web.responses import open_to_all, refused
from activities.web.state import parse_scale, parse_size
from activities.web.tabular import numbers

# What a maker is given: the kind, the clean state and the request's query (a PNG's scale and motion).
Maker = Callable[[Kind, dict, Mapping, str | None], bytes | str | None]


@dataclass(frozen=True)
class Format:
    """One file of a state: how it is made, typed, kept and refused."""

    content_type: str
    make: Maker
    # The ETag of a file cached for good (None: a file kept a day); may raise ParamError for a bad option.
    etag: Callable[[Kind, dict, Mapping], str] | None = None
    capability: str | None = None  # the kind must declare it, else a 404 with ``missing``
    missing: str = ""
    attachment: str | None = None  # a file to keep: its name (``{slug}``, ``{module}``)
    ranged: bool = False  # served in byte ranges (audio players ask for them)
    refuse: Callable[[str], HttpResponse] = refused  # the 400 for a state the site refuses


def _encoded(kind: Kind, values: Mapping) -> str:
    return param_specs.encode(kind.params, values)


def _png_options(kind: Kind, values: Mapping, query: Mapping) -> tuple[int, bool, Size]:
    """The PNG's scale, whether it is the still of an animation (``motion=off``; a still figure is its own)
    and its sheet (``size=phone``)."""
    return parse_scale(query), parse_motion(query) and kind.animates(values), parse_size(query)


def _png_etag(kind: Kind, values: dict, query: Mapping) -> str:
    scale, still, size = _png_options(kind, values, query)
    return plot_etag(kind, _encoded(kind, values), scale, still=still, size=size)


def _png(kind: Kind, values: dict, query: Mapping, etag: str | None) -> bytes:
    """The figure (an APNG that plays once when it animates; with ``motion=off`` its last frame)."""
    scale, still, size = _png_options(kind, values, query)
    return (still_png if still else plot_png)(kind, values, scale, etag, size)


def export_etag(kind: Kind, query: str, form: str) -> str:
    """The ETag of a state's figure in a form ("wav" or "svg"): never the PNG's, nor another form's."""
    return state_etag(kind, query, form, f"{form}-")


def _wav(kind: Kind, values: dict, query: Mapping, etag: str | None) -> bytes | None:
    """The state's curve as sound (``Kind.sound``): pitch follows the value, a click marks the mean or minimum."""
    sound = kind.sound(dict(values), state_result(kind, values))
    if sound is None:
        return None
    return remember(
        f"activities:wav:{etag.strip(chr(34))}", lambda: curve_to_wav(sound.x, sound.y, tick_at=sound.tick_at)
    )


def _svg(kind: Kind, values: dict, query: Mapping, etag: str | None) -> bytes:
    """The figure as SVG (``Kind.figure``), its text selectable and its description inside."""

    def draw() -> bytes:
        result = state_result(kind, values)
        figure = kind.figure(dict(values), result)
        try:
            return to_svg(figure, kind.title, kind.describe(dict(values), result))
        finally:
            discard(figure)  # its own figure (plots.vector), freed now (activities.engine.memory)

    return remember(f"activities:svg:{etag.strip(chr(34))}", draw)


def _json(kind: Kind, values: dict, query: Mapping, etag: str | None) -> str:
    """The numbers behind the figure; allow_nan=False: JSON has no NaN, and a kind that made one has a bug."""
    data = kind.data(values, state_result(kind, values))
    return json.dumps(data, cls=DjangoJSONEncoder, allow_nan=False, ensure_ascii=False)


def _csv(kind: Kind, values: dict, query: Mapping, etag: str | None) -> str:
    """The numbers behind the figure (layout: ``numbers_csv``), from the dict data.json sends."""
    data = kind.data(values, state_result(kind, values))
    # A byte-order mark, so that Excel reads the UTF-8 symbols (μ, σ) correctly, as in enrolment's export.
    return "\ufeff" + numbers_csv(numbers(kind, data))


def _script(kind: Kind, values: dict, query: Mapping, etag: str | None) -> str:
    """A standalone Python script (numpy and matplotlib) that recomputes and draws the state."""
    return state_script(kind, values)


def _json_refused(message: str) -> HttpResponse:
    return open_to_all(JsonResponse({"error": message}, status=400))


def _etag_for(form: str) -> Callable[[Kind, dict, Mapping], str]:
    return lambda kind, values, query: export_etag(kind, _encoded(kind, values), form)


FORMATS: dict[str, Format] = {
    "png": Format("image/png", _png, etag=_png_etag),
    "svg": Format("image/svg+xml", _svg, etag=_etag_for("svg"), capability=SVG, missing="This figure has no SVG."),
    "wav": Format(
        "audio/wav",
        _wav,
        etag=_etag_for("wav"),
        capability=SOUND,
        missing="This figure has no sound.",
        ranged=True,
    ),
    "json": Format("application/json", _json, refuse=_json_refused),
    "csv": Format("text/csv; charset=utf-8", _csv, attachment="{slug}-numbers.csv"),
    "script": Format(
        "text/x-python; charset=utf-8",
        _script,
        capability=SCRIPT,
        missing="This activity has no script.",
        attachment="{module}.py",
    ),
}


def offers(kind: Kind, name: str) -> bool:
    """Whether the kind has this format at all (its capability declared): the page links only to those."""
    capability = FORMATS[name].capability
    return capability is None or kind.can(capability)
