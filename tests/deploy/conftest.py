"""The production site as `make serve` runs it (nginx in front of gunicorn), shared by every module here:
each start costs seconds. Skipped only where nginx is not installed; `make test` installs it."""

import subprocess

import pytest

from bench.serve import PY, ROOT, free_port, production_env, start_site, stop_site
from tests.helpers.served import Site


@pytest.fixture(scope="package")
def site(tmp_path_factory):
    """The production site on a fresh SQLite database, nginx listening on a free port."""
    folder = tmp_path_factory.mktemp("site")
    port = free_port()
    env = production_env(
        port,
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        WEB_CONCURRENCY="2",
        NGINX_LOGIN_RATE="6r/m",
        NGINX_LOGIN_BURST="3",
        NGINX_ENROL_RATE="6r/m",
        NGINX_ENROL_BURST="3",
        EMAIL_FILE_PATH=str(folder / "emails"),
        ENROL_MIN_FILL_SECONDS="0",
        SITE_URL=f"http://127.0.0.1:{port}",
        DJANGO_REQUEST_LOG="1",  # Django's request lines, beside nginx's, in serve.log
    )
    env.pop("REDIS_URL", None)
    env.pop("PLOTS_REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["load_seed"], ["collectstatic", "--noinput"], ["render_error_pages"]):
        subprocess.run([str(PY), "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    with open(folder / "serve.log", "wb") as log:
        server = start_site(env, folder / "run", log=log)
        try:
            yield Site(f"http://127.0.0.1:{port}", folder)
        finally:
            stop_site(server)
