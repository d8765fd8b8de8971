"""The "Embed this activity" disclosure: the <iframe> code of a panel's state."""

from django import template

from activities.web.embed_panel import embed_src, iframe_code

register = template.Library()


@register.simple_tag
def embed_iframe_code(panel) -> str:
    """The <iframe> code for this panel's state, with its absolute address, as text to copy."""
    return iframe_code(panel.texts.title, embed_src(panel.kind.slug, panel.query))
