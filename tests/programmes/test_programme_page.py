import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Course, LearningOutcome
from programmes.models import Programme, ResearchTrack
from tests.helpers.htmltext import normalise, page_text

pytestmark = pytest.mark.django_db

URL = "/programmes/msc-machine-learning-mathematics/"
SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_709ee10d2aa005a0.txt"


def seed_sentences() -> list[str]:
    """Every line of the seed page outside its interactive-activity blocks, as a reader sees it."""
    lines, in_activity = [], False
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        line = normalise(raw)
        if line.startswith("Interactive Activity"):
            in_activity = True
        elif re.match(r"^MLM \d{3} ", line) or line == "Career Pathways":
            in_activity = False
        if in_activity or not line:
            continue
        line = line.removeprefix("• ").removesuffix(" +")
        lines.append(line)
    return lines


@pytest.fixture
def programme_html(client, seeded):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_home_redirects_to_the_programme(client, seeded):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == URL


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside this checkout")
def test_every_line_of_the_seed_copy_is_on_the_page(programme_html, seeded):
    text = page_text(programme_html)
    # The seed's card emoji are drawn as SVG icons (no emoji font needed); the emoji stay in the data.
    emoji = {area.icon for area in seeded.curriculum_areas.all()} | {c.icon for c in seeded.career_pathways.all()}
    missing = [line for line in seed_sentences() if line not in text and line not in emoji]
    assert len(seed_sentences()) > 150
    assert missing == []


def test_every_section_course_objective_and_outcome_is_on_the_page(programme_html, seeded):
    text = page_text(programme_html)
    programme = Programme.objects.for_page().get(pk=seeded.pk)
    for heading in [
        programme.overview_heading,
        programme.learn_heading,
        programme.curriculum_heading,
        programme.catalogue_heading,
        programme.careers_heading,
        programme.why_heading,
    ]:
        assert f">{html.escape(heading)}</h2>" in programme_html
    for paragraph in programme.overview_paragraphs:
        assert paragraph in text
    for items in [
        programme.learning_themes,
        programme.curriculum_areas,
        programme.career_pathways,
        programme.why_points,
    ]:
        assert items.count() > 0
        for item in items.all():
            assert item.title in text
    for partner in programme.partners.all():
        assert partner.title in text
    courses = list(programme.courses.all())
    assert len(courses) == 12
    for course in courses:
        assert f'<details class="course" id="{course.slug}">' in programme_html
        assert course.code in text and course.title in text and course.objective in text
        outcomes = list(course.outcomes.all())
        assert len(outcomes) == 5
        for outcome in outcomes:
            assert outcome.text in text


def test_sections_follow_the_seed_order(programme_html):
    ids = ["overview", "learn", "curriculum", "courses", "careers", "partners", "why", "enrol"]
    positions = [programme_html.index(f'id="{section}"') for section in ids]
    assert positions == sorted(positions)


def test_courses_are_listed_in_staff_order(client, seeded):
    Course.objects.filter(code="MLM 512").update(position=0)
    text = page_text(client.get(URL).content.decode())
    assert text.index("MLM 512") < text.index("MLM 501")


def test_one_h1_and_headings_never_skip_a_level(programme_html):
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", programme_html)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_decorative_icons_are_hidden_from_screen_readers(programme_html, seeded):
    for area in seeded.curriculum_areas.all():
        assert f'<img class="card__icon" src="/static/icons/{area.symbol}.svg" alt="" ' in programme_html


def test_derived_figures_follow_the_data(client, seeded):
    text = page_text(client.get(URL).content.decode())
    assert "Research Tracks 6" in text
    ResearchTrack.objects.create(programme=seeded, title="Causal Inference", slug="causal-inference", position=7)
    Programme.objects.filter(pk=seeded.pk).update(intake_limit=35)
    text = page_text(client.get(URL).content.decode())
    assert "Research Tracks 7" in text
    # The open cohort's places win over the programme's default intake limit…
    assert "Intake limited to 40 students per cohort" in text
    seeded.cohorts.update(capacity=30)
    assert "Intake limited to 30 students per cohort" in page_text(client.get(URL).content.decode())
    # …which is what the page says when no cohort takes applications.
    seeded.cohorts.update(is_open=False)
    assert "Intake limited to 35 students per cohort" in page_text(client.get(URL).content.decode())


def test_seo_tags_and_json_ld(programme_html):
    assert (
        '<link rel="canonical" href="http://testserver/programmes/msc-machine-learning-mathematics/">' in programme_html
    )
    assert '<meta property="og:title" content="MSc Machine Learning &amp; Mathematics' in programme_html
    assert re.search(r'<meta name="description" content="[^"]{50,}">', programme_html)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', programme_html, re.S).group(1))
    assert data["@type"] == "EducationalOccupationalProgram"
    assert data["maximumEnrollment"] == 40
    assert len(data["hasCourse"]) == 12
    assert data["hasCourse"][2]["courseCode"] == "MLM 503"
    assert data["hasCourse"][2]["url"] == "http://testserver/courses/mlm-503/"


def test_query_count_does_not_grow_with_the_number_of_courses(client, seeded):
    with CaptureQueriesContext(connection) as before:
        assert client.get(URL).status_code == 200
    for n in range(5):
        course = Course.objects.create(
            programme=seeded, code=f"MLM 6{n:02d}", title=f"Extra {n}", objective="More.", position=20 + n
        )
        LearningOutcome.objects.bulk_create(LearningOutcome(course=course, text=f"Outcome {i}") for i in range(5))
    with CaptureQueriesContext(connection) as after:
        response = client.get(URL)
    assert "Extra 4" in page_text(response.content.decode())
    assert len(after.captured_queries) == len(before.captured_queries)


def test_loading_the_seed_twice_creates_no_duplicates(seeded):
    models = [Programme, ResearchTrack, Course, LearningOutcome]
    counts = [model.objects.count() for model in models]
    call_command("loaddata", "programme", verbosity=0)
    call_command("load_seed", verbosity=0)
    assert [model.objects.count() for model in models] == counts == [1, 6, 12, 60]


def test_load_seed_keeps_staff_edits(seeded):
    Course.objects.filter(code="MLM 503").update(title="Edited by staff")
    call_command("load_seed", verbosity=0)
    assert Course.objects.get(code="MLM 503").title == "Edited by staff"


def test_sitemap_and_robots(client, seeded, settings):
    settings.SITE_URL = "http://testserver"  # both are built from SITE_URL, not from the request
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/programmes/msc-machine-learning-mathematics/" in sitemap
    assert sitemap.count("<loc>http://testserver/courses/mlm-") == 12
    assert "<loc>http://testserver/programmes/msc-machine-learning-mathematics/enrol/</loc>" in sitemap
    assert "<loc>http://testserver/activities/</loc>" in sitemap
    for slug in ["matrix-transform", "gradient-field", "gradient-descent", "linear-classifier", "distributions", "clt"]:
        assert f"<loc>http://testserver/activities/{slug}/</loc>" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_unpublished_programme_is_not_found(client, seeded):
    Programme.objects.filter(pk=seeded.pk).update(is_published=False)
    assert client.get(URL).status_code == 404
    assert client.get("/courses/mlm-503/").status_code == 404
