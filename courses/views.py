"""A page of its own for each course."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from core.preview import preview_allowed, preview_response

from .models import Course


@require_safe
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_or_404(Course.objects.for_page().filter(programme__is_published=True), slug=code.lower())
    if code != course.slug:  # /courses/MLM-503/ is /courses/mlm-503/: one URL per page
        return redirect(course, permanent=True)
    return _render_course(request, course)


def _render_course(request: HttpRequest, course: Course, preview=None) -> HttpResponse:
    previous_course, next_course = Course.objects.neighbours(course)
    context = {"course": course, "programme": course.programme, "previous_course": previous_course}
    context.update(next_course=next_course, preview=preview)
    return render(request, "courses/course_detail.html", context)


@require_safe
def course_preview(request: HttpRequest, code: str) -> HttpResponse:
    """The course page with its pending draft, for staff only; 404 for everyone else."""
    preview_allowed(request, Course)
    course = get_object_or_404(Course, slug=code.lower())

    def page(preview) -> HttpResponse:
        return _render_course(request, Course.objects.for_page().get(pk=course.pk), preview)

    return preview_response(request, obj=course, page=page)
