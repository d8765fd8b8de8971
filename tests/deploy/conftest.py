"""The production site as `make serve` runs it (nginx in front of gunicorn), shared by every module here:
each start costs seconds. Skipped only where nginx is not installed; `make test` installs it."""

import pytest

from bench.serve import free_port, start_site, stop_site
from tests.helpers.served import Site, prepare_site, sqlite_site_env


@pytest.fixture(scope="package")
def site(tmp_path_factory):
    """The production site on a fresh SQLite database, nginx listening on a free port."""
    folder = tmp_path_factory.mktemp("site")
    port = free_port()
    env = sqlite_site_env(
        folder,
        port,
        static="static",
        NGINX_LOGIN_RATE="6r/m",
        NGINX_LOGIN_BURST="3",
        NGINX_ENROL_RATE="6r/m",
        NGINX_ENROL_BURST="3",
        EMAIL_FILE_PATH=str(folder / "emails"),
        ENROL_MIN_FILL_SECONDS="0",
        DJANGO_REQUEST_LOG="1",  # Django's request lines, beside nginx's, in serve.log
    )
    prepare_site(env)
    with open(folder / "serve.log", "wb") as log:
        server = start_site(env, folder / "run", log=log)
        try:
            yield Site(f"http://127.0.0.1:{port}", folder)
        finally:
            stop_site(server)
