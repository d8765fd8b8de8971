"""The application form's token: when the form was shown, to which browser, and spent once.

The token (the form's hidden ``started`` field) is signed: the time the form was shown, a fresh
nonce, and the browser's id, which the browser keeps in a signed cookie. Reading the form writes
nothing on the server (no session row), so anonymous reads cost nothing to store.

A submission spends the nonce by inserting a ``SpentToken`` row, whose key is unique, in the same
transaction that stores the application: of several requests with one token, exactly one gets
through, on SQLite and PostgreSQL alike, and the others are told the form was already sent.
"""

import datetime as dt
import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import SpentToken

SALT = "enrolment.form-started"
COOKIE = "enrol_browser"
COOKIE_SALT = "enrolment.browser"
# A form token older than this is refused, so one fetched token cannot be replayed for ever; spent
# tokens are kept as long, after which the signature's age refuses them anyway.
MAX_AGE = 24 * 60 * 60

UNREADABLE = "We could not check this form. Check your answers and send it again."
EXPIRED = "This form was opened more than a day ago. Check your answers and send it again."
ELSEWHERE = "This form has already been sent, or was opened in another browser. Check your answers and send it again."


class Refused(Exception):
    """The token cannot be used; the message is for the person who sent the form."""


class Spent(Refused):
    """The token has already been spent on a submission."""

    def __init__(self):
        super().__init__(ELSEWHERE)


@dataclass(frozen=True)
class Started:
    shown_at: float
    nonce: str

    @property
    def age(self) -> float:
        """Seconds since the form was shown."""
        return time.time() - self.shown_at


def browser_id(request: HttpRequest) -> str:
    """The browser's id from its signed cookie, or a new one (set on the response by ``remember``)."""
    return request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT) or secrets.token_urlsafe(12)


def remember(response: HttpResponse, browser: str) -> HttpResponse:
    """Keep the browser's id at least as long as the token it was just given stays valid."""
    response.set_signed_cookie(
        COOKIE,
        browser,
        salt=COOKIE_SALT,
        max_age=MAX_AGE + 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def make(browser: str) -> str:
    """A new token for a form shown now to ``browser``, with a nonce of its own."""
    return signing.dumps({"t": time.time(), "n": secrets.token_urlsafe(12), "b": browser}, salt=SALT)


def read(token: str, *, browser: str) -> Started:
    """What a submitted token says; raises ``Refused`` (or ``Spent``) when it cannot be used."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        started = Started(shown_at=float(payload["t"]), nonce=str(payload["n"]))
        given_to = payload["b"]
    except signing.SignatureExpired:
        raise Refused(EXPIRED) from None
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        raise Refused(UNREADABLE) from None
    if given_to != browser:  # both signed by this site: nothing to learn from the comparison's time
        raise Refused(ELSEWHERE)
    if SpentToken.objects.filter(key=_key(started.nonce)).exists():
        raise Spent
    return started


def spend(nonce: str) -> None:
    """Spend the nonce inside the caller's transaction; raises ``Spent`` when another request did first."""
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            SpentToken.objects.create(key=_key(nonce))
    except IntegrityError:
        raise Spent from None


def prune() -> int:
    """Forget spent tokens older than any token that could still be used; returns how many went."""
    cutoff = timezone.now() - dt.timedelta(seconds=MAX_AGE + 3600)
    deleted, _ = SpentToken.objects.filter(at__lt=cutoff).delete()
    return deleted


def _key(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()
