"""Moved to tests.helpers.htmltext; kept so tests/activities imports keep working until they switch."""

from tests.helpers.htmltext import form_fields, normalise, page_text  # noqa: F401
