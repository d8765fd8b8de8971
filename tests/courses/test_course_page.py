import json
import re

import pytest

from courses.models import Course
from tests.helpers.htmltext import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", [f"MLM {n}" for n in range(501, 513)])
def test_each_course_has_a_page_of_its_own(client, seeded, code):
    course = Course.objects.get(code=code)
    response = client.get(f"/courses/{code.lower().replace(' ', '-')}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    assert re.search(rf"<h1>.*{code}.*{re.escape(course.title.replace('&', '&amp;'))}</h1>", html)
    assert course.objective in text
    for outcome in course.outcomes.all():
        assert outcome.text in text
    # Breadcrumb back to the programme.
    assert 'aria-label="Breadcrumb"' in html
    assert 'href="/programmes/msc-machine-learning-mathematics/"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Course" and data["courseCode"] == code


def test_course_code_is_case_insensitive(client, seeded):
    response = client.get("/courses/MLM-503/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/courses/mlm-503/", 301)]


@pytest.mark.parametrize("path", ["/courses/mlm-999/", "/courses/nope/", "/programmes/unknown/", "/no/such/page/"])
def test_unknown_pages_give_a_styled_404(client, seeded, path, settings):
    settings.DEBUG = False
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in page_text(response.content.decode())
