"""Public pages of a programme."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from core.preview import preview_allowed, preview_response

from .models import Programme


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The home page is the first published programme's canonical page."""
    programme = Programme.objects.published().only("slug").first()
    if programme is None:
        return render(request, "programmes/no_programme.html", status=404)
    return redirect(programme)


@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.published().for_page(), slug=slug)
    return render(request, "programmes/programme_detail.html", {"programme": programme})


@require_safe
def programme_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The page with its pending draft, for staff only (published or not); 404 for everyone else."""
    preview_allowed(request, Programme)
    programme = get_object_or_404(Programme, slug=slug)

    def page(preview) -> HttpResponse:
        current = Programme.objects.for_page().get(pk=programme.pk)
        return render(request, "programmes/programme_detail.html", {"programme": current, "preview": preview})

    return preview_response(request, obj=programme, page=page)
