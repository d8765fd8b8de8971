"""A page of its own for each course."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from .models import Course


@require_safe
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_or_404(Course.objects.for_page().filter(programme__is_published=True), slug=code.lower())
    if code != course.slug:  # /courses/MLM-503/ is /courses/mlm-503/: one URL per page
        return redirect(course, permanent=True)
    return render(request, "courses/course_detail.html", {"course": course, "programme": course.programme})
