"""Fixtures for the quality gates: the seed data, the pages to check and the npm/Java tools."""

import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve

from activities.embed_panel import embed_url
from activities.engine import params as param_specs
from activities.kinds import REGISTRY
from activities.lock import Lockdown
from enrolment.identity import status_token

ROOT = Path(settings.BASE_DIR)
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PROGRAMME = "/programmes/msc-machine-learning-mathematics/"
ACTIVITY_SLUGS = ["matrix-transform", "gradient-field", "gradient-descent", "linear-classifier", "distributions", "clt"]


def locked_embed() -> str:
    """A gradient descent embed with its steps hidden and its loss and learning rate locked (with their pin)."""
    kind = REGISTRY["gradient-descent"]
    values = param_specs.parse(kind.params, {})
    return embed_url(kind, values, Lockdown.make(kind, values, hide=("steps",), lock=("loss", "lr")))


# Each page set names the fixture that brings its content; until both the fixture file and the
# URLs exist (other work in progress), the set is skipped rather than failed.
# An applicant with an offer and a message, so that the status page shows its buttons and timeline.
GATES_REFERENCE = "DM-2027-GATES2"
PAGE_SETS = {
    "core": (None, [PROGRAMME, "/courses/mlm-504/"]),
    "activities": ("activities", [f"/activities/{slug}/" for slug in ACTIVITY_SLUGS]),
    # Embed pages (the panel alone, for other sites' iframes), one with hidden and locked controls, and
    # the page that makes their code.
    "embed": (
        "activities",
        [f"/activities/{slug}/embed/" for slug in ACTIVITY_SLUGS]
        + [locked_embed(), "/activities/gradient-descent/embed/code/?hide=steps&lock=loss,lr"],
    ),
    "enrolment": (
        "enrolment",
        [
            PROGRAMME + "enrol/",
            PROGRAMME + "enrol/sent/",
            PROGRAMME + "enrol/link/",
            PROGRAMME + "enrol/link/sent/",
            PROGRAMME + "enrol/privacy/",
            PROGRAMME + f"enrol/status/{status_token(GATES_REFERENCE)}/",
        ],
    ),
}


@dataclass
class PageSet:
    """The pages of one set that can be checked now, and why the others cannot."""

    name: str
    paths: list[str]
    missing: list[str]


def optional_fixtures() -> list[str]:
    """The optional fixture files (activities, enrolment) that exist in fixtures/ right now."""
    return [name for name, _ in PAGE_SETS.values() if name and (ROOT / "fixtures" / f"{name}.json").exists()]


@pytest.fixture
def site_data(seeded):
    """The seed programme plus the activities and enrolment fixtures when they have been written."""
    for name in optional_fixtures():
        call_command("loaddata", name, verbosity=0)
    if "enrolment" in optional_fixtures():
        offered_applicant(seeded)
    return seeded


def offered_applicant(programme) -> None:
    """An applicant who was waitlisted, then offered a place with a message from the admissions team."""
    from enrolment import services
    from enrolment.models import Application

    cohort = programme.cohorts.get()
    application = services.application_submit(
        cohort=cohort,
        data={
            "full_name": "Quality Gate",
            "email": "gates@example.org",
            "country": "GB",
            "qualification": "bachelors",
            "qualification_subject": "Mathematics",
            "research_track": programme.research_tracks.first(),
            "personal_statement": "Two paragraphs.\n\nOf text.",
        },
    )
    Application.objects.filter(pk=application.pk).update(reference=GATES_REFERENCE)
    application.refresh_from_db()
    services.application_verify(application=application)
    services.application_waitlist(application=application)
    services.application_offer(application=application, message="Welcome: we hope you accept.")


def fetch(url: str) -> tuple[int, str]:
    """GET `url` as served (raw HTML, not the DOM), returning the status and body."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def available(name: str, live_url: str) -> PageSet:
    """The pages of set `name` that are served, with a reason for each one that is not yet."""
    fixture, paths = PAGE_SETS[name]
    fixture_missing = fixture and not (ROOT / "fixtures" / f"{fixture}.json").exists()
    found, missing = [], []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            missing.append(f"{path} (no URL pattern yet)")
            continue
        status, _ = fetch(live_url + path)
        if status == 404 and fixture_missing:
            missing.append(f"{path} (fixtures/{fixture}.json not written yet)")
        else:
            found.append(path)
    return PageSet(name, found, missing)


@pytest.fixture
def page_sets(site_data, live_server):
    """A function giving the PageSet for a name; skips the test when none of its pages exists yet."""

    def get(name: str) -> PageSet:
        pages = available(name, live_server.url)
        if not pages.paths:
            pytest.skip(f"{name} pages not available yet: " + "; ".join(pages.missing))
        return pages

    return get


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's browser bundle from node_modules (installed by `npm ci`)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci --no-audit --no-fund` (make test does).")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """The Nu HTML Checker's command line: Debian's Java 17+ and vnu.jar from node_modules."""
    java = shutil.which("java")
    if not java:
        pytest.fail(
            "Java is missing, so the Nu HTML Checker cannot run: install a Java 17+ runtime "
            "(`apt-get install openjdk-17-jre-headless`; make test does it when java is absent)."
        )
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} is missing: run `npm ci --no-audit --no-fund` (make test does).")
    # C1-only JIT: the checker runs once per test session, so a quick start beats peak speed.
    return [java, "-XX:TieredStopAtLevel=1", "-Xss4m", "-jar", str(VNU_JAR)]
