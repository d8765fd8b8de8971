"""A page of its own for each course."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Course


@require_safe
def course_detail(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_or_404(Course.objects.for_page().filter(programme__is_published=True), slug=code.lower())
    previous_course, next_course = Course.objects.neighbours(course)
    context = {"course": course, "programme": course.programme, "previous_course": previous_course}
    return render(request, "courses/course_detail.html", {**context, "next_course": next_course})
