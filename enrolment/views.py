"""The application form, its field check, the confirmation page and the privacy notice."""

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from programmes.models import Programme

from . import ratelimit
from .forms import ApplicationForm
from .models import Application, Cohort
from .services import CohortClosed, DuplicateApplication, application_submit

logger = logging.getLogger(__name__)

SESSION_KEY = "enrolment_references"
# The confirmation page is shown to the browser that sent the application; a few are remembered.
SESSION_KEEP = 10
# Fields the field check answers for: the applicant's own answers, not the cohort (nor the honeypot
# and timing token, which are not model fields).
CHECKABLE = {name for name in ApplicationForm.Meta.fields if name != "cohort"} | {"consent"}


def _programme(slug: str) -> Programme:
    return get_object_or_404(
        Programme.objects.published().select_related("department__institution"),
        slug=slug,
    )


def _accepting_cohorts(programme: Programme) -> list[Cohort]:
    return list(Cohort.objects.accepting().filter(programme=programme).with_places().select_related("programme"))


def _closed(request: HttpRequest, programme: Programme, status: int) -> HttpResponse:
    """Say plainly that no cohort takes applications, and why."""
    latest = Cohort.objects.filter(programme=programme).order_by("-start_date", "-pk").first()
    context = {"programme": programme, "cohort": latest}
    return render(request, "enrolment/closed.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def application_form(request: HttpRequest, slug: str) -> HttpResponse:
    """The application form; a valid application is stored and the applicant redirected to its confirmation."""
    programme = _programme(slug)
    cohorts = _accepting_cohorts(programme)
    if not cohorts:
        # A POST to a closed form takes nothing: 400, with the same plain explanation.
        return _closed(request, programme, status=400 if request.method == "POST" else 200)

    if request.method == "POST":
        wait = ratelimit.hit(request, "enrol")
        if wait is not None:
            logger.warning("application form rate limit reached")
            response = render(
                request,
                "enrolment/rate_limited.html",
                {"programme": programme, "retry_minutes": max(1, -(-wait // 60))},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        form = ApplicationForm(request.POST, programme=programme, cohorts=cohorts)
        if form.is_valid():
            cohort = form.cleaned_data["cohort"]
            try:
                application = application_submit(cohort=cohort, data=form.cleaned_data)
            except DuplicateApplication:
                form.add_error(
                    "email",
                    f"An application from this email address has already been made to the {cohort.name} intake. "
                    "Your reference is in the confirmation email we sent; or use a different address.",
                )
            except CohortClosed:
                cohorts = _accepting_cohorts(programme)
                if not cohorts:
                    return _closed(request, programme, status=400)
                form.add_error(None, f"The {cohort.name} intake has just stopped taking applications.")
            else:
                references = request.session.get(SESSION_KEY, [])
                request.session[SESSION_KEY] = [*references, application.reference][-SESSION_KEEP:]
                return redirect(application)
    else:
        form = ApplicationForm(programme=programme, cohorts=cohorts)

    context = {"programme": programme, "cohorts": cohorts, "form": form}
    return render(request, "enrolment/application_form.html", context)


@require_POST
def application_field_check(request: HttpRequest, slug: str, field: str) -> HttpResponse:
    """One field of the form, checked by the same rules as a submission (htmx, as the field is left).

    Stores nothing and answers nothing about other applications: a duplicate email is
    only reported on submission.
    """
    if field not in CHECKABLE:
        raise Http404("No such question")
    programme = _programme(slug)
    cohorts = _accepting_cohorts(programme)
    form = ApplicationForm(request.POST, programme=programme, cohorts=cohorts, check_abuse=False)
    form.is_valid()
    context = {"programme": programme, "form": form, "field": form[field]}
    return render(request, "enrolment/application_form.html#field", context)


@never_cache
@require_safe
def application_confirmation(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    """Reference, status and waiting-list position, for the browser that sent the application only."""
    programme = _programme(slug)
    if reference not in request.session.get(SESSION_KEY, []):
        # Same answer whether or not the reference exists: the page confirms nothing to a guesser.
        return render(request, "enrolment/confirmation_unavailable.html", {"programme": programme}, status=404)
    application = get_object_or_404(
        Application.objects.select_related("cohort", "research_track"),
        reference=reference,
        cohort__programme=programme,
    )
    context = {
        "programme": programme,
        "application": application,
        "cohort": application.cohort,
        "waitlist_position": application.waitlist_position(),
    }
    return render(request, "enrolment/confirmation.html", context)


@require_safe
def privacy_notice(request: HttpRequest, slug: str) -> HttpResponse:
    """How the university uses an applicant's data."""
    programme = _programme(slug)
    return render(request, "enrolment/privacy_notice.html", {"programme": programme})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A readable 403 when a form's security token is missing or stale (``CSRF_FAILURE_VIEW``).

    The most common cause for a person is a form left open for a long time, or cookies blocked.
    """
    return render(request, "enrolment/csrf_failure.html", status=403)
