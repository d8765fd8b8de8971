"""What identifies an applicant without an account: a normalised email address, and signed links.

The verification link is single use (it only works while the application is ``unverified``) and
expires with the unverified application. The status link stays valid for the application's life;
both are signed with the site's secret, so they cannot be made up from a reference.
"""

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.core import signing
from django.urls import reverse

VERIFY_SALT = "enrolment.verify"
STATUS_SALT = "enrolment.status"
# A local part that needs no quotes (RFC 5322 dot-atom), ASCII only.
DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")


def unquote_local(local: str) -> str:
    """``"alice"`` → ``alice``: quotes around a local part that needs none name the same mailbox."""
    if len(local) >= 2 and local[0] == local[-1] == '"':
        inner = re.sub(r"\\(.)", r"\1", local[1:-1])
        if DOT_ATOM.match(inner):
            return inner
    return local


def email_key(email: str) -> str:
    """The address as the duplicate check compares it: trimmed, unquoted, lower case, domain in IDNA (punycode).

    Python does it, not the database, so SQLite and PostgreSQL agree on non-ASCII letters.
    """
    local, _, domain = email.strip().rpartition("@")
    local = unicodedata.normalize("NFC", unquote_local(local.strip())).casefold()
    try:
        domain = domain.strip().rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:  # an address the form's validator let through but IDNA cannot encode
        domain = unicodedata.normalize("NFC", domain).casefold()
    return f"{local}@{domain}"


def keyed_hash(value: str, *, purpose: str) -> str:
    """A hash of personal data (an address, an email) that cannot be reversed by guessing without the secret."""
    key = hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:48]


def verify_token(reference: str) -> str:
    return signing.dumps(reference, salt=VERIFY_SALT, compress=True)


def verify_reference(token: str, *, max_age: float) -> str | None:
    """The reference a verification token was made for; None when forged or expired."""
    try:
        return signing.loads(token, salt=VERIFY_SALT, max_age=max_age)
    except signing.BadSignature:
        return None


def verify_read(token: str, *, max_age: float) -> tuple[str | None, bool]:
    """(reference, expired) of a verification token: a genuine but old token still names its
    application (so a used link can lead to it); a forged one gives (None, False)."""
    try:
        return signing.loads(token, salt=VERIFY_SALT, max_age=max_age), False
    except signing.SignatureExpired:
        return signing.loads(token, salt=VERIFY_SALT), True
    except signing.BadSignature:
        return None, False


def status_token(reference: str) -> str:
    """The same token every time for one application (no timestamp), so every email has the same link."""
    return signing.Signer(salt=STATUS_SALT).sign(reference)


def status_reference(token: str) -> str | None:
    try:
        return signing.Signer(salt=STATUS_SALT).unsign(token)
    except signing.BadSignature:
        return None


def status_path(application) -> str:
    slug = application.cohort.programme.slug
    return reverse("enrolment:status", kwargs={"slug": slug, "token": status_token(application.reference)})


def verify_path(application) -> str:
    slug = application.cohort.programme.slug
    return reverse("enrolment:verify", kwargs={"slug": slug, "token": verify_token(application.reference)})
