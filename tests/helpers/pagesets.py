"""The pages each quality gate checks, by set. Every one must resolve: a renamed URL fails the gates
rather than turning them off."""

import pytest
from django.urls import Resolver404, resolve

from activities.engine import params as param_specs
from activities.kinds import REGISTRY
from activities.web.lock import Lockdown
from activities.web.urls_for import embed_url
from enrolment.identity import status_token

PROGRAMME = "/programmes/msc-machine-learning-mathematics/"
ACTIVITY_SLUGS = ["matrix-transform", "gradient-field", "gradient-descent", "linear-classifier", "distributions", "clt"]
# An applicant with an offer and a message, so that the status page shows its buttons and timeline.
GATES_REFERENCE = "DM-2027-GATES2"


def locked_embed() -> str:
    """A gradient descent embed with its steps hidden and its loss and learning rate locked (with their pin)."""
    kind = REGISTRY["gradient-descent"]
    values = param_specs.parse(kind.params, {})
    return embed_url(kind, values, Lockdown.make(kind, values, hide=("steps",), lock=("loss", "lr")))


PAGE_SETS = {
    "core": [PROGRAMME, "/courses/mlm-504/"],
    "activities": [f"/activities/{slug}/" for slug in ACTIVITY_SLUGS],
    # Embed pages (the panel alone, for other sites' iframes), one with hidden and locked controls, and
    # the page that makes their code.
    "embed": [f"/activities/{slug}/embed/" for slug in ACTIVITY_SLUGS]
    + [locked_embed(), "/activities/gradient-descent/embed/code/?hide=steps&lock=loss,lr"],
    "enrolment": [
        PROGRAMME + "enrol/",
        PROGRAMME + "enrol/sent/",
        PROGRAMME + "enrol/link/",
        PROGRAMME + "enrol/link/sent/",
        PROGRAMME + "enrol/privacy/",
        PROGRAMME + f"enrol/status/{status_token(GATES_REFERENCE)}/",
    ],
}


def resolved(paths: list[str]) -> list[str]:
    """`paths`, each of which has a URL pattern; fails the test naming every one that has none."""
    unresolved = []
    for path in paths:
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            unresolved.append(path)
    if unresolved:
        pytest.fail(
            "These gate pages have no URL pattern (renamed or removed? update tests/helpers/pagesets.py): "
            + ", ".join(unresolved),
            pytrace=False,
        )
    return paths
