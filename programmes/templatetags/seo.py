from django import template
from django.utils.safestring import mark_safe

from courses.models import Course
from programmes import seo
from programmes.models import Programme

register = template.Library()


@register.simple_tag(takes_context=True)
def jsonld(context, obj: Programme | Course) -> str:
    """A <script type="application/ld+json"> element describing a programme or a course."""
    base_url = context["site_url"]
    data = seo.programme_jsonld(obj, base_url) if isinstance(obj, Programme) else seo.course_jsonld(obj, base_url)
    return mark_safe(f'<script type="application/ld+json">{seo.dumps_for_html(data)}</script>')
