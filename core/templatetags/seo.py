from django import template
from django.db import models
from django.utils.safestring import mark_safe

from core import seo

register = template.Library()

# The JSON-LD of each kind of page, by model label (apps' models are never imported here).
JSONLD = {"programmes.programme": seo.programme_jsonld, "courses.course": seo.course_jsonld}


@register.simple_tag(takes_context=True)
def jsonld(context, obj: models.Model) -> str:
    """A <script type="application/ld+json"> element describing a programme or a course."""
    data = JSONLD[obj._meta.label_lower](obj, context["site_url"])
    return mark_safe(f'<script type="application/ld+json">{seo.dumps_for_html(data)}</script>')
