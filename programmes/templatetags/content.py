from django import template
from django.utils.html import format_html_join

from programmes.text import paragraphs_split

register = template.Library()


@register.filter
def paragraphs(text: str) -> str:
    """Staff text as <p> elements, one per paragraph (paragraphs are separated by a blank line)."""
    return format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs_split(text=text or "")))
