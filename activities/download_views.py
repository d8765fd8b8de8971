"""A state's numbers as CSV and as a Python script that recomputes them: plain links, files to keep.

Both are pure functions of the canonical query, like ``data.json``, and are cached the same way.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from activities.engine.cache import state_result
from activities.engine.params import ParamError
from activities.engine.script import state_script
from activities.kinds.base import SCRIPT, Kind
from activities.numbers_csv import numbers_csv
from activities.responses import kind_or_404, refused
from activities.state import valid_state
from activities.tabular import numbers

# data.json's caching: a day, public (the numbers are a pure function of the query).
MAX_AGE = 86400


def _attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _script(kind: Kind, values: dict) -> str:
    """The state's standalone script, or a 404 for a kind that declares none."""
    if not kind.can(SCRIPT):
        raise Http404("This activity has no script.")
    return state_script(kind, values)


def _download(make: Callable[[Kind, dict], str], content_type: str, filename: str) -> Callable:
    """A view answering a state's file made by ``make`` as an attachment, or a readable 400 for a bad state.

    A state is refused as every other format refuses it (``valid_state``): the script of a state the
    site cannot compute would not run either.
    """

    @require_safe
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        kind = kind_or_404(slug)
        try:
            body = make(kind, valid_state(kind, request.GET))
        except ParamError as exc:
            return refused(str(exc))
        return _attachment(body, content_type, filename.format(slug=slug, module=slug.replace("-", "_")))

    return view


def _csv(kind: Kind, values: dict) -> str:
    """The numbers behind the figure (layout: ``activities.numbers_csv``), from the dict data.json sends."""
    data = kind.data(values, state_result(kind, values))
    # A byte-order mark, so that Excel reads the UTF-8 symbols (μ, σ) correctly, as in enrolment's export.
    return "\ufeff" + numbers_csv(numbers(kind, data))


activity_csv = _download(_csv, "text/csv; charset=utf-8", "{slug}-numbers.csv")
# A standalone Python script (numpy and matplotlib) that recomputes and draws the state.
activity_script = _download(_script, "text/x-python; charset=utf-8", "{module}.py")
