"""Issue 20: the programme page's face (hero figure), its type files and its rough edges, as served."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from activities.models import Activity
from enrolment.identity import status_path
from enrolment.models import Cohort
from enrolment.services import application_submit, application_verify
from tests.htmltext import page_text

pytestmark = pytest.mark.django_db

URL = "/programmes/msc-machine-learning-mathematics/"
CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
NBSP = "\u00a0"


def hero(html: str) -> str:
    return html[html.index('<section class="hero"') : html.index("</section>")].replace(NBSP, " ")


def test_the_hero_shows_gradient_descent_still_with_its_alt_text_and_links_to_it(client, seeded):
    html = client.get(URL).content.decode()
    band = hero(html)
    assert 'href="/activities/gradient-descent/"' in band
    assert "/activities/gradient-descent/plot.png?" in band and "motion=off" in band
    # The alt text is the one the activity's own page gives the same state.
    alt = re.search(r'class="hero__plot"[^>]*alt="([^"]+)"', band, re.S).group(1)
    page = client.get("/activities/gradient-descent/").content.decode()
    assert f'alt="{alt}"' in page
    assert "Gradient Descent on a 2D Loss Surface" in band


def test_staff_choose_the_hero_activity_in_admin(admin_client, seeded):
    field = admin_client.get(f"/admin/programmes/programme/{seeded.pk}/change/").content.decode()
    assert 'name="hero_activity"' in field
    seeded.hero_activity = Activity.objects.get(slug="matrix-transform")
    seeded.save()
    band = hero(admin_client.get(URL).content.decode())
    assert 'href="/activities/matrix-transform/"' in band and "gradient-descent" not in band
    assert "2×2 Matrix Transformation" in band


def test_without_a_drawable_activity_the_hero_has_no_figure(client, seeded):
    Activity.objects.filter(slug="gradient-descent").update(slug="gone")  # no such kind: nothing to draw
    response = client.get(URL)
    assert response.status_code == 200 and "hero__figure" not in response.content.decode()


def test_the_start_date_is_said_once(client, seeded):
    text = page_text(client.get(URL).content.decode())
    assert re.search(r"Start date 20 September 2027 ?; applications close 31 July 2027", text)
    assert "(September 2027)" not in text


def test_a_cohort_name_other_than_its_month_is_still_shown(client, seeded):
    Cohort.objects.update(name="Autumn intake")
    assert "20 September 2027 (Autumn intake)" in page_text(client.get(URL).content.decode())


def test_the_call_to_action_keeps_its_arrow_with_its_last_word(client, seeded):
    html = client.get(URL).content.decode()
    assert f"Enrol in MSc Machine Learning &amp; Mathematics{NBSP}→</a>" in html


def test_the_activities_link_is_the_catalogue_sections_footer(client, seeded):
    html = client.get(URL).content.decode()
    catalogue = html[html.index('id="courses"') : html.index('id="careers"')]
    footer = catalogue[catalogue.index('<footer class="section__footer">') :]
    assert re.search(r'<a class="more-link" href="/activities/">Interactive activities', footer)


def test_course_pager_links_keep_code_and_arrow_together(client, seeded):
    html = client.get("/courses/mlm-503/").content.decode()
    pager = html[html.index('class="course-pager"') :]
    assert '<span class="course-pager__code">MLM 502</span>' in pager
    assert f'Deep Learning{NBSP}Theory</span><span aria-hidden="true">&nbsp;→</span>' in pager


def test_every_font_face_is_self_hosted_swapped_and_present(client, seeded):
    css = CSS.read_text()
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    web_faces = [face for face in faces if "url(" in face]
    assert len(web_faces) >= 3
    for face in faces:  # the rest are metric-matched fallbacks: local() only
        if face not in web_faces:
            assert "url(" not in face and "local(" in face and "size-adjust" in face
            continue
        assert "font-display: swap" in face
        url = re.search(r'url\("\.\./fonts/([^"]+\.woff2)"\)', face).group(1)
        assert (CSS.parent.parent / "fonts" / url).is_file(), url
    assert "//" not in "".join(re.findall(r"url\(([^)]*)\)", css))  # no other host
    for family in ("source-serif-4", "source-sans-3"):
        assert (CSS.parent.parent / "fonts" / f"OFL-{family}.txt").read_text().count("SIL Open Font License") >= 1
    html = client.get(URL).content.decode()
    assert re.search(r'<link rel="preload" href="/static/fonts/source-serif-4-latin-600-normal\.woff2"', html)


def test_the_timeline_starts_with_application_sent(client, seeded):
    data = {
        "full_name": "Test Applicant",
        "email": "timeline@example.org",
        "country": "FR",
        "qualification": "masters",
        "qualification_subject": "Physics",
        "research_track": seeded.research_tracks.order_by("position", "pk").first(),
        "personal_statement": "",
    }
    application = application_submit(cohort=Cohort.objects.get(programme=seeded), data=data)
    application_verify(application=application)
    html = client.get(status_path(application)).content.decode()
    timeline = page_text(html[html.index('<ol class="timeline">') :])
    assert "Application sent" in timeline
    assert timeline.index("Application sent") < timeline.index("Awaiting review")
    assert "Email not yet confirmed" not in timeline
