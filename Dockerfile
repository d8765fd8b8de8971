# syntax=docker/dockerfile:1
# The site as it runs in production: gunicorn as a non-root user (the default target, "runtime"),
# and nginx from Debian's packages in front of it (target "nginx"); compose.yaml runs both.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
# Every package pinned with its hashes (make lock): pip refuses anything else.
RUN /venv/bin/pip install --no-compile --require-hashes -r /tmp/requirements.txt

# Hashed, compressed static files and the error pages nginx serves itself, built once for both images.
# The build-time secret is never used at run time.
FROM python:3.11-slim-bookworm AS static
ENV PATH=/venv/bin:$PATH DJANGO_ENV=production DJANGO_STATIC_ROOT=/app/staticfiles MPLCONFIGDIR=/tmp/matplotlib
WORKDIR /app
COPY --from=build /venv /venv
COPY manage.py ./
COPY dmath ./dmath
COPY core ./core
COPY programmes ./programmes
COPY courses ./courses
COPY activities ./activities
COPY enrolment ./enrolment
COPY templates ./templates
COPY static ./static
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=build.invalid EMAIL_BACKEND=file \
    sh -c "python manage.py collectstatic --noinput --verbosity 0 && python manage.py render_error_pages"

# nginx in front of the web service: deploy/nginx.conf with its placeholders filled for compose.
FROM debian:bookworm-slim AS nginx
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx=1.22.* \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /run/nginx
COPY deploy/nginx.conf /etc/nginx/dmath.conf.template
COPY --from=static /app/staticfiles /srv/static
RUN sed -e 's|@USER@|user www-data;|' -e 's|@LISTEN@|8080|' -e 's|@UPSTREAM_SERVERS@|server web:8000 fail_timeout=0;|' -e 's|@FIGURE_CACHE_SIZE@|256m|' \
        -e 's|@STATIC_ROOT@|/srv/static|' -e 's|@RUN_DIR@|/run/nginx|' \
        -e 's|@ACTIVITIES_RATE@|30r/s|' -e 's|@ACTIVITIES_BURST@|60|' \
        -e 's|@LOGIN_RATE@|10r/m|' -e 's|@LOGIN_BURST@|5|' \
        -e 's|@ENROL_RATE@|20r/m|' -e 's|@ENROL_BURST@|10|' \
        /etc/nginx/dmath.conf.template > /etc/nginx/nginx.conf
EXPOSE 8080
CMD ["nginx", "-e", "stderr", "-c", "/etc/nginx/nginx.conf"]

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_ENV=production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    MPLCONFIGDIR=/tmp/matplotlib \
    HOST=0.0.0.0 \
    PORT=8000
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /venv /venv
COPY --chown=app:app manage.py gunicorn.conf.py ./
COPY --chown=app:app dmath ./dmath
COPY --chown=app:app core ./core
COPY --chown=app:app programmes ./programmes
COPY --chown=app:app courses ./courses
COPY --chown=app:app activities ./activities
COPY --chown=app:app enrolment ./enrolment
COPY --chown=app:app templates ./templates
COPY --chown=app:app static ./static
COPY --chown=app:app fixtures ./fixtures
COPY --from=static --chown=app:app /app/staticfiles ./staticfiles
RUN mkdir -p /app/sent-emails && chown app:app /app/sent-emails
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "-m", "dmath.healthcheck"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "dmath.wsgi:application"]
