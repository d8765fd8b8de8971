"""Card icons are SVG files the site serves; no emoji is drawn, so no emoji font is needed."""

import re
import unicodedata

import pytest
from django.contrib.staticfiles import finders

from programmes.icons import FROM_EMOJI, Icon
from programmes.models import CareerPathway, CurriculumArea

pytestmark = pytest.mark.django_db

PATH = "/programmes/msc-machine-learning-mathematics/"


def test_every_icon_in_the_list_is_an_svg_file_the_site_serves():
    for name in Icon.values:
        path = finders.find(f"icons/{name}.svg")
        assert path, f"static/icons/{name}.svg is missing"
        with open(path, encoding="utf-8") as file:
            assert file.read().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert set(FROM_EMOJI.values()) <= set(Icon)


def test_the_seed_cards_show_svg_icons_and_no_emoji(client, seeded):
    html = client.get(PATH).content.decode()
    icons = re.findall(r'<img class="card__icon" src="([^"]+)" alt="([^"]*)"', html)
    assert len(icons) == CurriculumArea.objects.count() + CareerPathway.objects.count() == 14
    assert all(src.startswith("/static/icons/") and src.endswith(".svg") and alt == "" for src, alt in icons)
    for src, _ in icons:
        assert finders.find(src.removeprefix("/static/")), src
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    symbols = [c for c in main if unicodedata.category(c) == "So" and ord(c) > 0x2600]
    assert symbols == [], f"emoji on the page: {symbols}"


def test_a_meaningful_icon_keeps_its_emoji_as_text_for_screen_readers(client, seeded):
    area = CurriculumArea.objects.get(title="Research Dissertation")
    area.icon_is_meaningful = True
    area.save()
    html = client.get(PATH).content.decode()
    assert '<img class="card__icon" src="/static/icons/crane.svg" alt="🏗️" width="40" height="40">' in html
