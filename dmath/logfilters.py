"""Secrets kept out of log lines: the token part of an applicant's status and verification links.

A status link never expires and lets its holder accept, decline or withdraw, so a log line must never
hold one. Every handler in settings.LOGGING and gunicorn's error log pass their records through
``MaskSecretPaths``; deploy/nginx.conf masks its own access log with the same rule (its ``map``).
"""

import logging
import re

# /verify/<token>/ and /status/<token>/ (enrolment/urls.py): what follows the first colon is the
# signature. The part before it (the reference, or a verification token's payload) stays, so a line
# still says whose link was followed. A colon may arrive percent-encoded in a raw request line.
SECRET_PATH = re.compile(r"(/(?:verify|status)/[^/\s?#:%]*(?:%(?!3[Aa])[^/\s?#:%]*)*)(?::|%3[Aa])[^/\s?#]*")
MASK = r"\1:***"


def mask_secrets(text: str) -> str:
    """`text` with the secret part of every status or verification link replaced by ***."""
    return SECRET_PATH.sub(MASK, text)


class MaskSecretPaths(logging.Filter):
    """Rewrite a record's message with its secret link parts masked (the record is kept, never dropped)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # A traceback may quote the path too (Django's "Internal Server Error: …" has it in the message).
            record.exc_text = mask_secrets(logging.Formatter().formatException(record.exc_info))
        return True
