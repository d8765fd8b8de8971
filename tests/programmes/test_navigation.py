"""Reaching every section and every course: the phone menu, the activities link, the course pager."""

import pytest
from playwright.sync_api import expect

from courses.models import Course
from tests.helpers.htmltext import page_text

PATH = "/programmes/msc-machine-learning-mathematics/"
SECTIONS = ["Programme Overview", "Core Curriculum", "Course Catalogue", "Interactive activities", "Career Pathways"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_phone_menu_at_360px_reaches_every_section(browser, live_server, seeded, javascript):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/courses/mlm-504/")
        nav = page.get_by_role("navigation", name="Programme")
        expect(nav.get_by_role("link", name="Enrol", exact=True)).to_be_visible()
        for name in SECTIONS:
            expect(nav.get_by_role("link", name=name, exact=True)).to_be_hidden()
        nav.get_by_text("Menu", exact=True).click()
        for name in SECTIONS:
            expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the open menu scrolls sideways by {overflow}px"
        nav.get_by_role("link", name="Career Pathways", exact=True).click()
        expect(page).to_have_url(live_server.url + PATH + "#careers")
        expect(page.get_by_role("heading", name="Career Pathways", level=2)).to_be_in_viewport()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_wide_screen_shows_the_sections_without_a_menu(page, live_server, seeded):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + PATH)
    nav = page.get_by_role("navigation", name="Programme")
    expect(nav.get_by_text("Menu", exact=True)).to_be_hidden()
    for name in SECTIONS:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()


@pytest.mark.django_db
def test_programme_page_and_footer_link_to_the_activities_catalogue(client, seeded):
    html = client.get(PATH).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert 'href="/activities/"' in main
    assert 'href="/activities/"' in footer


@pytest.mark.django_db
def test_course_pages_link_to_the_previous_and_next_course_and_back(client, seeded):
    codes = list(Course.objects.order_by("position", "pk").values_list("slug", flat=True))
    assert len(codes) == 12
    first = client.get(f"/courses/{codes[0]}/").content.decode()
    assert 'rel="prev"' not in first
    assert f'href="/courses/{codes[1]}/" rel="next"' in first
    middle = client.get(f"/courses/{codes[5]}/").content.decode()
    assert f'href="/courses/{codes[4]}/" rel="prev"' in middle
    assert f'href="/courses/{codes[6]}/" rel="next"' in middle
    assert f'href="{PATH}#{codes[5]}"' in middle
    last = client.get(f"/courses/{codes[-1]}/").content.decode()
    assert 'rel="next"' not in last
    text = page_text(middle)
    assert "Previous course: MLM 505" in text and "Next course: MLM 507" in text
