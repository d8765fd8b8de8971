"""Embed pages in real headless Chromium, framed by a page on another origin served by the test."""

import re
from html import escape

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.embeds import copied_code, teachers_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MATRIX = "/activities/matrix-transform/"


def determinant(frame):
    return frame.locator(".activity__numbers div", has=frame.locator("dt", has_text="Determinant")).locator("dd")


def test_the_embed_works_inside_an_iframe_on_anteachers_page(page: Page, framed_site, console_errors):
    code = copied_code(page, framed_site, f"{MATRIX}?a=1")
    assert code.startswith(f'<iframe src="{framed_site}{MATRIX}embed/?')
    page_src = escape(f"{framed_site}{MATRIX}")
    with teachers_page(
        code.replace("<iframe ", '<iframe name="embed" ')
        + f'<iframe name="page" src="{page_src}" title="The page"></iframe>'
    ) as url:
        page.goto(url)
        frame = page.frame_locator("iframe[name=embed]")
        expect(frame.locator("h1")).to_have_text(re.compile("Matrix"))
        expect(determinant(frame)).to_have_text("1.15")

        frame.get_by_label("a (top left)", exact=True).fill("2")
        frame.get_by_role("button", name="Update").click()

        expect(determinant(frame)).to_have_text("2.15")  # 2 × 1 − 0.5 × (−0.3)
        assert page.url == url  # the teacher's page stays where it was
        # The activity's own page refuses to be framed: its frame stays empty.
        page.wait_for_load_state("load")
        refused = page.frame(name="page")
        assert refused.locator(".activity").count() == 0
        assert not refused.url.startswith(framed_site)  # Chromium shows its error page instead
        # Chromium says why; nothing else went wrong on the page or in the embed.
        assert any("frame-ancestors 'none'" in error for error in console_errors)
        assert [error for error in console_errors if "frame-ancestors" not in error] == []


def test_a_locked_embed_keeps_its_value_inside_the_iframe(page: Page, framed_site):
    page.goto(f"{framed_site}{MATRIX}?a=2")
    page.get_by_text("Embed this activity").click()
    page.get_by_role("link", name=re.compile("Hide or lock controls")).click()
    page.get_by_label("Lock a (top left)").check()
    page.get_by_label("Hide d (bottom right)").check()
    page.get_by_role("button", name="Make the code").click()
    code = page.get_by_label("Code to paste").input_value()
    assert "lock=a" in code and "hide=d" in code and "pin=" in code

    with teachers_page(code) as url:
        page.goto(url)
        frame = page.frame_locator("iframe")
        expect(frame.locator(".activity__field--locked")).to_have_text(re.compile(r"a \(top left\)\s+2\s+\(fixed\)"))
        assert frame.get_by_label("a (top left)", exact=True).count() == 0
        assert frame.get_by_label("d (bottom right)", exact=True).count() == 0
        frame.get_by_label("b (top right)", exact=True).fill("0")
        frame.get_by_role("button", name="Update").click()
        expect(determinant(frame)).to_have_text("2")  # 2 × 1 − 0 × (−0.3)
        frame.get_by_role("link", name="Shear").click()  # a preset: a stays 2
        expect(determinant(frame)).to_have_text("2")  # 2 × 1 − 1 × 0


def test_without_javascript_the_student_stays_inside_the_embed(no_js_page, framed_site):
    with teachers_page(
        f'<iframe name="embed" src="{escape(framed_site + MATRIX)}embed/" title="Matrix"></iframe>'
    ) as url:
        no_js_page.goto(url)
        frame = no_js_page.frame_locator("iframe[name=embed]")
        expect(determinant(frame)).to_have_text("1.15")
        frame.get_by_label("a (top left)", exact=True).fill("2")
        frame.get_by_role("button", name="Update").click()
        expect(determinant(frame)).to_have_text("2.15")
        assert no_js_page.frame(name="embed").url.startswith(f"{framed_site}{MATRIX}embed/?")
        frame.get_by_role("link", name="Reset").click()
        expect(determinant(frame)).to_have_text("1.15")
        assert no_js_page.url == url


def test_the_embed_fits_a_phone(page: Page, framed_site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{framed_site}{MATRIX}embed/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    expect(page.get_by_role("button", name="Update")).to_be_visible()


def test_the_setting_keeps_other_sites_out(page: Page, framed_site, settings):
    settings.ACTIVITY_EMBED_ORIGINS = ["https://lms.example.edu"]
    with teachers_page(
        f'<iframe name="embed" src="{escape(framed_site + MATRIX)}embed/" title="Matrix"></iframe>'
    ) as url:
        page.goto(url)
        page.wait_for_load_state("load")
        refused = page.frame(name="embed")
        # A refused frame is swapped for Chromium's error page: under load it may not be attached yet.
        for _ in range(50):
            if refused is not None:
                break
            page.wait_for_timeout(100)
            refused = page.frame(name="embed")
        assert refused is not None, "the iframe is on the page"
        assert refused.locator(".activity").count() == 0 and not refused.url.startswith(framed_site)
