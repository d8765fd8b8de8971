"""A state's numbers as CSV and as a Python script that recomputes them: plain links, files to keep.

Both are pure functions of the canonical query, like ``data.json``, and are cached the same way.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_safe

from activities import params as param_specs
from activities.kinds.base import Kind
from activities.numbers_csv import numbers_csv
from activities.params import ParamError
from activities.plot_cache import state_result
from activities.scripts import state_script
from activities.tabular import numbers
from activities.views import _kind_or_404

# data.json's caching: a day, public (the numbers are a pure function of the query).
MAX_AGE = 86400


def _attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _state(kind: Kind, request: HttpRequest) -> tuple[dict, dict]:
    """The clean state and its data.json dict; raises ParamError for a bad state."""
    values = param_specs.parse(kind.params, request.GET)
    return values, kind.data(values, state_result(kind, values))


def _refused(exc: ParamError) -> HttpResponse:
    return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")


@require_safe
def activity_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The numbers behind the figure of a state, as CSV (layout: ``activities.numbers_csv``)."""
    kind = _kind_or_404(slug)
    try:
        _, data = _state(kind, request)
    except ParamError as exc:
        return _refused(exc)
    # A byte-order mark, so that Excel reads the UTF-8 symbols (μ, σ) correctly, as in enrolment's export.
    body = "\ufeff" + numbers_csv(numbers(kind, data))
    return _attachment(body, "text/csv; charset=utf-8", f"{slug}-numbers.csv")


@require_safe
def activity_script(request: HttpRequest, slug: str) -> HttpResponse:
    """A standalone Python script (numpy and matplotlib) that recomputes and draws this state."""
    kind = _kind_or_404(slug)
    try:
        values, _ = _state(kind, request)
    except ParamError as exc:
        return _refused(exc)
    body = state_script(kind, values)
    return _attachment(body, "text/x-python; charset=utf-8", f"{slug.replace('-', '_')}.py")
