"""Hide and lock on an embedded panel: the controls a teacher hides or fixes, and the pin that fixes them.

A state may carry ``hide=lr,steps`` (those controls are not shown; their values travel as hidden
inputs) and ``lock=loss`` (shown as read-only text). A lock is the server's, not only the page's:
the embed code carries the locked values signed with ``django.core.signing`` (``pin``), made when
the teacher gets the code, and every request that carries the pin has those values, whatever its
query or form says. A pin that does not verify, or that does not match ``lock``, is refused.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core import signing

from activities.engine import params as param_specs
from activities.engine.params import ParamError
from activities.kinds.base import Kind

HIDE, LOCK, PIN = "hide", "lock", "pin"
PIN_SALT = "activities.embed.pin"
# Bounds on what is read: a list of names longer than every parameter name joined is not a list of
# names, and a pin of 200 locked classifier points is about 2,000 characters once compressed.
MAX_NAMES_LENGTH = 400
MAX_PIN_LENGTH = 8000


def parse_names(kind: Kind, data: Mapping, key: str) -> tuple[str, ...]:
    """The parameter names under `key` (``a,b`` or repeated keys, as checkboxes send them), in declaration order."""
    raw = data.getlist(key) if hasattr(data, "getlist") else [data.get(key) or ""]
    text = ",".join(str(item) for item in raw)
    if len(text) > MAX_NAMES_LENGTH:
        raise ParamError(f"{key} is too long: it takes a few names of this activity's controls.")
    known = [spec.name for spec in kind.params]
    asked = {name.strip() for name in text.split(",") if name.strip()}
    unknown = sorted(asked - set(known))
    if unknown:
        raise ParamError(f"“{unknown[0][:40]}” is not a control of {kind.title}: {key} takes {', '.join(known)}.")
    return tuple(name for name in known if name in asked)


def _signer() -> signing.Signer:
    """No timestamp: the same state and locks always give the same pin, so the panel stays cacheable."""
    return signing.Signer(salt=PIN_SALT)


@dataclass(frozen=True)
class Lockdown:
    """The controls an embed hides and locks, with the locked values (as canonical text) and their pin."""

    hide: tuple[str, ...] = ()
    lock: tuple[str, ...] = ()
    pinned: tuple[tuple[str, str], ...] = ()  # (name, encoded value) for each locked parameter
    pin: str = ""

    @classmethod
    def from_query(cls, kind: Kind, data: Mapping) -> "Lockdown":
        """The hide and lock a request names, the pin verified; raises ParamError with a readable message."""
        hide, lock = parse_names(kind, data, HIDE), parse_names(kind, data, LOCK)
        pin = str(data.get(PIN, "") or "").strip()
        if not lock and not pin:
            return cls(hide=hide)
        if not pin:
            raise ParamError("A locked control needs the pin that came with the embed code: copy the code again.")
        if len(pin) > MAX_PIN_LENGTH:
            raise ParamError("The pin is too long to be one this site made: copy the embed code again.")
        try:
            payload = _signer().unsign_object(pin)
        except signing.BadSignature:
            raise ParamError("The pin does not match: the embed code was changed after it was made.") from None
        pinned = payload.get("v") if isinstance(payload, dict) and payload.get("k") == kind.slug else None
        if not isinstance(pinned, dict) or set(pinned) != set(lock):
            names = ", ".join(lock) or "nothing"
            raise ParamError(
                f"The pin was made for other controls than the locked ones ({names}): copy the code again."
            )
        # Bounds may have changed since the pin was made: the locked values must still be valid.
        param_specs.parse([spec for spec in kind.params if spec.name in lock], pinned)
        return cls(hide=hide, lock=lock, pinned=tuple((name, str(pinned[name])) for name in lock), pin=pin)

    @classmethod
    def make(cls, kind: Kind, values: Mapping, *, hide: tuple[str, ...] = (), lock: tuple[str, ...] = ()) -> "Lockdown":
        """The lockdown for the teacher's code: the state's values of the locked controls, signed."""
        pinned = {}
        for spec in kind.params:
            if spec.name in lock:
                text = spec.encode(values.get(spec.name))
                pinned[spec.name] = "" if text is None else str(text)
        pin = _signer().sign_object({"k": kind.slug, "v": pinned}, compress=True) if pinned else ""
        return cls(hide=tuple(hide), lock=tuple(pinned), pinned=tuple(pinned.items()), pin=pin)

    def data(self, query: Mapping) -> dict:
        """The query with the locked values in place of whatever it says for them."""
        return {**{key: query.get(key) for key in query}, **dict(self.pinned)}

    def apply(self, kind: Kind, values: Mapping) -> dict:
        """A state with the locked values, after anything (a click, an action, a preset) changed it."""
        if not self.pinned:
            return dict(values)
        locked = param_specs.parse(kind.params, dict(self.pinned))
        return {**values, **{name: locked[name] for name in self.lock}}

    @property
    def fields(self) -> list[tuple[str, str]]:
        """What travels with the state (hidden inputs, links): hide, lock and pin, only when set."""
        pairs = [(HIDE, ",".join(self.hide)), (LOCK, ",".join(self.lock)), (PIN, self.pin)]
        return [(key, value) for key, value in pairs if value]

    @property
    def query(self) -> str:
        return urlencode(self.fields)
