"""Reading the environment for ``dmath/settings.py``: yes/no and list variables, the email backend
(which refuses what would leak applicants' emails), and the logging configuration."""

import os

from django.core.exceptions import ImproperlyConfigured

EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "enrolment.mail_files.EmailBackend",  # Django's file backend, plus a readable .eml and .txt per email
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or not value.strip():  # unset or left empty (as in .env.example): the default
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def email_backend(name: str, *, host: str, production: bool) -> str:
    """Django's email backend for EMAIL_BACKEND (a short name or a dotted path).

    Unset means smtp when EMAIL_HOST is set, the file backend in development, and a refusal to
    start in production: applicants' emails must never be printed to the server's log.
    """
    name = name.strip() or ("smtp" if host else "")
    if not name:
        if production:
            raise ImproperlyConfigured(
                "Set EMAIL_BACKEND (smtp with EMAIL_HOST, or file with EMAIL_FILE_PATH) when DJANGO_ENV=production: "
                "applicants' emails must not go to the server's log."
            )
        name = "file"
    if production and name == "console":
        raise ImproperlyConfigured("EMAIL_BACKEND=console would print applicants' emails to the log in production.")
    if name == "smtp" and not host:
        raise ImproperlyConfigured("EMAIL_BACKEND=smtp needs EMAIL_HOST.")
    return EMAIL_BACKENDS.get(name, name)


def logging_config(*, level: str) -> dict:
    """Plain lines on stdout, one per request from dmath.middleware.RequestLogMiddleware.

    Every handler masks the token of a status or verification link (dmath.logfilters), whoever logs it.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"secrets": {"()": "dmath.logfilters.MaskSecretPaths"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "request": {"format": "%(asctime)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "plain",
                "filters": ["secrets"],
            },
            "requests": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "request",
                "filters": ["secrets"],
            },
        },
        "loggers": {
            "dmath.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
            # The request log above replaces Django's own per-request warnings.
            "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
            "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
            # django-axes: lockouts and failures (it masks the username and address), not every step.
            "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        },
        "root": {"handlers": ["console"], "level": level},
    }
