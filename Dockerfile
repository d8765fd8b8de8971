# syntax=docker/dockerfile:1
# The site as it runs in production: gunicorn, static files by WhiteNoise, a non-root user.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
# Every package pinned with its hashes (make lock): pip refuses anything else.
RUN /venv/bin/pip install --no-compile --require-hashes -r /tmp/requirements.txt

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
COPY --chown=app:app programmes ./programmes
COPY --chown=app:app courses ./courses
COPY --chown=app:app activities ./activities
COPY --chown=app:app enrolment ./enrolment
COPY --chown=app:app templates ./templates
COPY --chown=app:app static ./static
COPY --chown=app:app fixtures ./fixtures
# Hashed, compressed static files are built into the image; the build-time secret is never used at run time.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput --verbosity 0
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "-m", "dmath.healthcheck"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "dmath.wsgi:application"]
