"""The applicant's pages: the form and its field check, "check your email", the verification link,
the status page with its answers to an offer, "send me my link again", and the privacy notice.

None needs an account: the emails carry signed links. Every page that shows or changes an
application is private and never cached, and every button posts, then redirects (PRG).
Answers that could tell a stranger whether somebody applied are the same page either way.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.clientaddr import client_ip

from . import emails, formtoken, ratelimit, services
from .forms import ApplicationForm, LinkRequestForm
from .identity import email_key, status_path, status_reference, verify_read
from .models import Application, Cohort

logger = logging.getLogger(__name__)

# Fields the field check answers for: the applicant's own answers, not the cohort (nor the honeypot
# and timing token, which are not model fields).
CHECKABLE = {name for name in ApplicationForm.Meta.fields if name != "cohort"} | {"consent"}
STATUS_ACTIONS = {
    "accept": services.application_accept,
    "decline": services.application_decline,
    "withdraw": services.application_withdraw,
}
# What the applicant reads after each of their own moves.
STATUS_DONE = {
    "accept": "You have accepted your place. We have emailed you a confirmation.",
    "decline": "You have declined the offer. We have emailed you a confirmation.",
    "withdraw": "Your application is withdrawn. We have emailed you a confirmation.",
}
# The moves that cannot be undone ask for a tick first, so that a stray click changes nothing.
STATUS_CONFIRM = {"decline", "withdraw"}


def _programme(slug: str) -> Model:
    return get_object_or_404(
        apps.get_model("programmes", "Programme").objects.published().select_related("department__institution"),
        slug=slug,
    )


def _accepting_cohorts(programme: Model) -> list[Cohort]:
    return list(Cohort.objects.accepting().filter(programme=programme).with_places().select_related("programme"))


def _closed(request: HttpRequest, programme: Model, status: int) -> HttpResponse:
    """Say plainly that no cohort takes applications, and why."""
    latest = Cohort.objects.filter(programme=programme).order_by("-start_date", "-pk").first()
    context = {"programme": programme, "cohort": latest}
    return render(request, "enrolment/closed.html", context, status=status)


def _rate_limited(request: HttpRequest, programme: Model, wait: int) -> HttpResponse:
    logger.warning("enrolment rate limit reached")
    context = {"programme": programme, "retry_minutes": max(1, -(-wait // 60))}
    response = render(request, "enrolment/rate_limited.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _private(response: HttpResponse) -> HttpResponse:
    """A page reached through a secret link: never cached, and the link never sent to another site."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def application_form(request: HttpRequest, slug: str) -> HttpResponse:
    """The application form; a valid application is stored unverified and the applicant told to check their email.

    Reading the form stores nothing: its token is bound to the browser by a signed cookie, not a session.
    """
    programme = _programme(slug)
    cohorts = _accepting_cohorts(programme)
    if not cohorts:
        # A POST to a closed form takes nothing: 400, with the same plain explanation.
        return _closed(request, programme, status=400 if request.method == "POST" else 200)

    browser = formtoken.browser_id(request)
    form = ApplicationForm(request.POST or None, programme=programme, cohorts=cohorts, browser=browser)
    if request.method == "POST" and form.is_valid():
        cohort = form.cleaned_data["cohort"]
        budget = ratelimit.keys(address=client_ip(request) or "", email=email_key(form.cleaned_data["email"]))
        wait = ratelimit.wait_seconds(budget)
        if wait is not None:
            return _rate_limited(request, programme, wait)
        try:
            services.application_submit(cohort=cohort, data=form.cleaned_data, form_nonce=form.token.nonce)
        except formtoken.Spent as spent:
            form.add_error(None, str(spent))
            form.token = None  # shown again with a fresh token
        except services.DuplicateApplication as duplicate:
            # The same answer as a new application, so the page tells nobody who has applied;
            # the email goes to the address's owner, who learns where their application is.
            existing = duplicate.existing
            unverified = existing.status == Application.Status.UNVERIFIED
            email_kind = emails.EmailKind.VERIFY if unverified else emails.EmailKind.ALREADY_APPLIED
            emails.queue(existing, email_kind=email_kind)
        except services.CohortClosed:
            cohorts = _accepting_cohorts(programme)
            if not cohorts:
                return _closed(request, programme, status=400)
            form.add_error(None, f"The {cohort.name} intake has just stopped taking applications.")
        if not form.errors:
            ratelimit.record(budget)
            return redirect("enrolment:sent", slug=programme.slug)

    context = {"programme": programme, "cohorts": cohorts, "form": form}
    response = render(request, "enrolment/application_form.html", context, status=400 if form.errors else 200)
    return formtoken.remember(response, browser)


@require_POST
def application_field_check(request: HttpRequest, slug: str, field: str) -> HttpResponse:
    """One field of the form, checked by the same rules as a submission (htmx, as the field is left).

    Stores nothing and answers nothing about other applications.
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
def email_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Check your email": the one answer to every submission, whoever's address it was."""
    return _email_on_its_way(request, slug, "enrolment/sent.html")


@never_cache
@require_safe
def application_verify(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link in the first email: confirms the address once, then always leads to the status page.

    A used link leads to the application's status page (it proves the address, as its first use
    did); an expired one to a page that offers a new link; a forged one finds nothing.
    """
    programme = _programme(slug)
    reference, expired = verify_read(token, max_age=settings.ENROL_UNVERIFIED_HOURS * 3600)
    application = (
        Application.objects.filter(reference=reference, cohort__programme=programme, erased_at__isnull=True)
        .select_related("cohort__programme")
        .first()
        if reference
        else None
    )
    context = {"programme": programme, "verify_hours": settings.ENROL_UNVERIFIED_HOURS, "form": LinkRequestForm()}
    if application is not None and application.status != Application.Status.UNVERIFIED:
        return redirect(status_path(application))
    if expired:
        return _private(render(request, "enrolment/verify_expired.html", context, status=410))
    if application is None:
        # Forged, or its application deleted after the expiry: all the same to the reader.
        return _private(render(request, "enrolment/verify_invalid.html", context, status=404))
    try:
        services.application_verify(application=application)
    except services.TransitionRefused:
        return redirect(status_path(application))  # confirmed by another click meanwhile
    messages.success(request, "Thank you: your email address is confirmed and your application is sent.")
    return redirect(status_path(application))


def _status_application(programme: Model, token: str) -> Application:
    reference = status_reference(token)
    if reference is None:
        raise Http404("No such application")
    return get_object_or_404(
        Application.objects.select_related("cohort__programme", "research_track").filter(
            erased_at__isnull=True, cohort__programme=programme
        ),
        reference=reference,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def application_status(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Where the application stands, its timeline and the applicant's buttons (accept, decline, withdraw)."""
    programme = _programme(slug)
    application = _status_application(programme, token)
    if application.status == Application.Status.UNVERIFIED:
        raise Http404("No such application")  # a status link is only ever sent after verification
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in STATUS_ACTIONS:
            return _private(render(request, "400.html", status=400))
        if action in STATUS_CONFIRM and request.POST.get("confirm") != "yes":
            error = {
                "decline": "Tick the box to confirm that you decline the offer.",
                "withdraw": "Tick the box to confirm that you withdraw your application.",
            }[action]
        else:
            try:
                STATUS_ACTIONS[action](application=application)
            except services.TransitionRefused as refused:
                error = str(refused)
            else:
                messages.success(request, STATUS_DONE[action])
                return redirect(request.path)
        application.refresh_from_db()
    context = {
        "programme": programme,
        "application": application,
        "cohort": application.cohort,
        "events": application.events.all(),
        "waitlist_position": application.waitlist_position(),
        "error": error,
    }
    return _private(render(request, "enrolment/status.html", context, status=400 if error else 200))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link_request(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Send me my link again": the same answer, and the same work, for any address.

    One task is queued either way; it sends, within the link budget, only to the address itself.
    """
    programme = _programme(slug)
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = email_key(form.cleaned_data["email"])
        found = Application.objects.filter(email_key=email, cohort__programme=programme, erased_at__isnull=True)
        emails.queue_links(
            application_ids=list(found.values_list("pk", flat=True)[:10]),
            budget=ratelimit.keys(address=client_ip(request) or "", email=email, budget=ratelimit.LINK),
        )
        return redirect("enrolment:link_sent", slug=programme.slug)
    context = {"programme": programme, "form": form}
    return render(request, "enrolment/link_request.html", context, status=400 if form.errors else 200)


@never_cache
@require_safe
def link_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """After "get my link again": one answer whoever's address it was."""
    return _email_on_its_way(request, slug, "enrolment/link_sent.html")


def _email_on_its_way(request: HttpRequest, slug: str, template: str) -> HttpResponse:
    """The page after a form that may send an email: the same whoever's address was typed."""
    context = {"programme": _programme(slug), "verify_hours": settings.ENROL_UNVERIFIED_HOURS}
    return render(request, template, context)


@never_cache
@require_safe
def privacy_notice(request: HttpRequest, slug: str) -> HttpResponse:
    """How the university uses an applicant's data."""
    programme = _programme(slug)
    context = {
        "programme": programme,
        "verify_hours": settings.ENROL_UNVERIFIED_HOURS,
        "retention_days": settings.ENROL_RETENTION_DAYS,
        "link_url": reverse("enrolment:link", kwargs={"slug": programme.slug}),
    }
    return render(request, "enrolment/privacy_notice.html", context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A readable 403 when a form's security token is missing or stale (``CSRF_FAILURE_VIEW``).

    The most common cause for a person is a form left open for a long time, or cookies blocked.
    """
    return render(request, "enrolment/csrf_failure.html", status=403)
