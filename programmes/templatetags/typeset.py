"""Line breaking for short texts from the database: the same words, kept together where a break would dangle."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
LAST_SPACE = re.compile(r"\s+(?=\S+\s*$)")


@register.filter
def keep_last(text: str) -> SafeString:
    """The text with its last space made non-breaking, so a trailing arrow (or the last word) never sits alone."""
    return mark_safe(LAST_SPACE.sub("\u00a0", conditional_escape(str(text)).strip(), count=1))  # escaped above
