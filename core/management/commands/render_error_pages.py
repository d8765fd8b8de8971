"""Write the styled error pages that nginx serves itself (400, 413, 414, 429, 501, 502, 504) as static HTML."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string

# nginx answers these without asking Django: a malformed request or a header too long (400), a body
# over client_max_body_size (413), an address longer than its header buffers (414), a rate limit
# (429), a transfer encoding it does not take (501), and gunicorn unreachable or too slow (502, 504).
PAGES = {
    "400": "400.html",
    "413": "413.html",
    "414": "414.html",
    "429": "429.html",
    "501": "400.html",
    "502": "502.html",
    "504": "502.html",
}


class Command(BaseCommand):
    help = "Render the error pages nginx serves into STATIC_ROOT/errors/ (run after collectstatic)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None, help="default: STATIC_ROOT/errors")

    def handle(self, *args, output: Path | None, **options):
        folder = output or Path(settings.STATIC_ROOT) / "errors"
        folder.mkdir(parents=True, exist_ok=True)
        for status, template in PAGES.items():
            html = render_to_string(template, {"site_name": settings.SITE_NAME, "status": status})
            (folder / f"{status}.html").write_text(html, encoding="utf-8")
        if options["verbosity"] > 1:
            self.stdout.write(f"error pages written to {folder}")
