"""Fixtures for the quality gates: the seed data, the pages to check and the npm/Java tools."""

import shutil
from pathlib import Path

import pytest

from tests.helpers.gates import AXE_JS, ROOT, VNU_JAR
from tests.helpers.pagesets import GATES_REFERENCE, PAGE_SETS, resolved


@pytest.fixture
def site_data(seeded):
    """The seed (programme, activities, cohort) and an applicant with an offer."""
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


@pytest.fixture
def page_sets(site_data, live_server):
    """A function giving the paths of a set of pages; fails the test if one has no URL pattern."""
    return lambda name: resolved(PAGE_SETS[name])


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
