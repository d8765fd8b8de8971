"""A state's figure as sound (WAV) and as SVG: made on demand, once, then kept in the plots cache.

Like the PNG, each is a pure function of the canonical query and the code (``CODE_VERSION`` digests
``maths``, ``plots`` and ``kinds``, where the curves, the sonification and the vector figures live),
so its ETag is too, and it can be cached forever.
"""

from collections.abc import Mapping

from activities.engine.cache import remember, state_etag, state_result
from activities.engine.memory import discard
from activities.engine.sound import curve_to_wav
from activities.engine.vector import to_svg
from activities.kinds.base import SOUND, Kind
from activities.kinds.base import SVG as SVG_CAPABILITY

WAV, SVG = "wav", "svg"


def export_etag(kind: Kind, query: str, form: str) -> str:
    """The ETag of a state's figure in a form ("wav" or "svg"): never the PNG's, nor another form's."""
    return state_etag(kind, query, form, f"{form}-")


def state_wav(kind: Kind, values: Mapping, etag: str) -> bytes | None:
    """The WAV of a state's curve (``Kind.sound``), or None when its figure has no sound.

    Raises ParamError for a state the kind's own checks refuse (computed anyway for the figure).
    """
    sound = kind.sound(dict(values), state_result(kind, values)) if kind.can(SOUND) else None
    if sound is None:
        return None
    return remember(
        f"activities:wav:{etag.strip(chr(34))}", lambda: curve_to_wav(sound.x, sound.y, tick_at=sound.tick_at)
    )


def state_svg(kind: Kind, values: Mapping, etag: str) -> bytes | None:
    """The SVG of a state's figure (``Kind.figure``), with the figure's description for screen readers."""

    if not kind.can(SVG_CAPABILITY):
        return None

    def draw() -> bytes:
        result = state_result(kind, values)
        figure = kind.figure(dict(values), result)
        try:
            return to_svg(figure, kind.title, kind.describe(dict(values), result))
        finally:
            discard(figure)  # its own figure (plots.vector), freed now (activities.engine.memory)

    return remember(f"activities:svg:{etag.strip(chr(34))}", draw)
