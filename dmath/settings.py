"""Settings for the D'Math University programme site.

Everything comes from the environment, with embedded defaults that make a fresh
checkout run: SQLite, a development secret and DEBUG on. With
``DJANGO_ENV=production`` the defaults are off and a missing secret fails loudly.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dmath.env import email_backend, env_bool, env_list, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = os.environ.get("DJANGO_ENV", "development").strip().lower() == "production"
DEBUG = False if PRODUCTION else env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION or not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production or DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public address for canonical links, Open Graph and the sitemap; empty: the request's host.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
# Emails need absolute links: without SITE_URL they point at the first allowed host over HTTPS in
# production, and at the local development server otherwise.
LOCAL_SITE_URL = (
    f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if PRODUCTION else f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
SITE_NAME = os.environ.get("SITE_NAME", "D'Math University")

INSTALLED_APPS = [
    "dmath.apps.DmathAdminConfig",  # django.contrib.admin with the site's AdminSite (dmath/admin.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "simple_history",
    "core",
    "programmes",
    "courses",
    "activities",
    "enrolment",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    "dmath.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dmath.middleware.TextGZipMiddleware",
    # ETag from the body and 304 for If-None-Match; then who may cache what (after every cookie is set).
    "django.middleware.http.ConditionalGetMiddleware",
    "dmath.middleware.CachePolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "dmath.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dmath.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programmes.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "dmath.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so concurrent applications queue for the
    # cohort rather than fail with "database is locked"; and test on a file, where the
    # concurrency tests can run from several threads. WAL: readers never wait for a writer, nor it for them.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks for a lockout before any password is hashed, then Django's own backend.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Pages a CDN may hold (dmath.middleware.CachePolicyMiddleware): a short max-age, so an edit in
# admin shows within minutes, and stale-while-revalidate so that a cache answers at once meanwhile.
PUBLIC_PAGE_ROUTES = {"programmes:detail", "courses:detail", "activities:index", "activities:page", "activities:embed"}
PUBLIC_PAGE_CACHE_CONTROL = os.environ.get(
    "PUBLIC_PAGE_CACHE_CONTROL", "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400"
)
PRIVATE_PAGE_NAMESPACES = {"enrolment"}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Caches with separate jobs (docs/deployment.md): "default" for what must not be evicted (local
# memory, or REDIS_URL's Redis with `noeviction`); "plots" for what can be redrawn within a byte budget
# (PLOTS_CACHE_MAX_MB per process, or PLOTS_REDIS_URL's Redis with `allkeys-lru`), failing open.
REDIS_URL = os.environ.get("REDIS_URL", "")
PLOTS_REDIS_URL = os.environ.get("PLOTS_REDIS_URL", "") or REDIS_URL
PLOTS_CACHE_MAX_MB = int(os.environ.get("PLOTS_CACHE_MAX_MB", "64"))


def _cache(redis_backend: str, redis_url: str, local_backend: str, name: str, **options) -> dict:
    """A day-long cache: in Redis when `redis_url` is set, else in this process's memory with `options`."""
    if redis_url:
        return {"BACKEND": redis_backend, "LOCATION": redis_url, "TIMEOUT": 60 * 60 * 24}
    return {"BACKEND": local_backend, "LOCATION": name, "TIMEOUT": 60 * 60 * 24, "OPTIONS": options}


CACHES = {
    "default": _cache(
        "django.core.cache.backends.redis.RedisCache",
        REDIS_URL,
        "django.core.cache.backends.locmem.LocMemCache",
        "dmath",
        MAX_ENTRIES=10_000,
    ),
    "plots": _cache(
        "dmath.cache.FailOpenRedisCache",
        PLOTS_REDIS_URL,
        "dmath.cache.BudgetedLocMemCache",
        "dmath-plots",
        MAX_ENTRIES=2000,
        MAX_BYTES=PLOTS_CACHE_MAX_MB * 2**20,
    ),
}

# One line per request on stdout, with a request id (dmath.middleware.RequestLogMiddleware).
LOGGING = logging_config(level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"))
REQUEST_LOG = env_bool("DJANGO_REQUEST_LOG", PRODUCTION)

# --- Security -------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (body data-hx-headers), not the cookie.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)"
if PRODUCTION:
    # Behind a TLS-terminating proxy, trust its X-Forwarded-Proto header (only set this if the proxy
    # always overwrites the header). The secure defaults can be turned off for a plain-HTTP local run.
    if env_bool("DJANGO_BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

# Content-Security-Policy (django-csp): everything from this origin only; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Django's admin still uses a few inline style attributes; it alone gets 'unsafe-inline' styles.
CSP_RELAXED_STYLE_PREFIXES = ("/admin/",)
# Sites that may frame an activity's embed page (frame-ancestors; "*" any, empty only this site).
ACTIVITY_EMBED_ORIGINS = env_list("ACTIVITY_EMBED_ORIGINS", "*")

# --- Proxies and staff login -----------------------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For (make serve's nginx: 1).
# The client address is the entry that many places from the right; 0 trusts the header not at all.
NUM_PROXIES = int(os.environ.get("DJANGO_NUM_PROXIES", "0"))

# django-axes: lock out after AXES_FAILURE_LIMIT failed logins per address and per username, kept in
# the database. Its defaults, except 5 failures (not 3: people mistype) and a 30-minute cool-off (not a
# permanent lock, which someone else's guessing could keep on a staff member).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "core.clientaddr.client_ip"
# The styled 429 with Retry-After (the cool-off in seconds).
AXES_LOCKOUT_CALLABLE = "dmath.admin_login.axes_lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its log lines name the username and the address: personal data stays out of logs

# django-otp: staff need a TOTP code as well as their password to use the admin (on by default in
# production, off for `make run`). `manage.py otp_enrol USERNAME` gives a user a device.
OTP_REQUIRED = env_bool("DJANGO_OTP_REQUIRED", PRODUCTION)
OTP_TOTP_ISSUER = SITE_NAME
# Staff sign in at the admin only: a refused `next` (another site's address) leads to its index, not
# Django's default /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"

# --- Admissions ---
# How long an application waits for its email address to be confirmed before it is deleted, how
# long an offer stays open, and how long personal data is kept after the intake starts.
ENROL_UNVERIFIED_HOURS = int(os.environ.get("ENROL_UNVERIFIED_HOURS", "48"))
ENROL_OFFER_DAYS = int(os.environ.get("ENROL_OFFER_DAYS", "7"))
ENROL_RETENTION_DAYS = int(os.environ.get("ENROL_RETENTION_DAYS", "365"))
# Successful submissions per client address and per email address ("20/h", "3/d"; "0" turns a
# limit off). Errors do not count. Link emails ("get my link again") have a budget of their own at
# the same rates, counted only when one is sent. Kept in the database, shared by every worker.
ENROL_RATE_LIMIT = os.environ.get("ENROL_RATE_LIMIT", "20/h")
ENROL_EMAIL_RATE_LIMIT = os.environ.get("ENROL_EMAIL_RATE_LIMIT", "5/d")
# The least time in seconds a person takes to fill the form (0 turns the check off).
ENROL_MIN_FILL_SECONDS = float(os.environ.get("ENROL_MIN_FILL_SECONDS", "3"))
# Where a daily digest of newly confirmed applications goes (empty: no digest).
ADMISSIONS_EMAIL = os.environ.get("ADMISSIONS_EMAIL", "")
CSRF_FAILURE_VIEW = "enrolment.views.csrf_failure"

# Background tasks (django-tasks): the database backend queues them for `manage.py db_worker`; the
# immediate backend runs them at once in the request, so `make run` needs no other process.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND]
    }
}
# An email that fails is tried again after 60 s, 120 s, 240 s, …, at most this many times in all.
ENROL_EMAIL_ATTEMPTS = int(os.environ.get("ENROL_EMAIL_ATTEMPTS", "6"))
ENROL_EMAIL_RETRY_SECONDS = int(os.environ.get("ENROL_EMAIL_RETRY_SECONDS", "60"))

# Email: EMAIL_BACKEND is smtp, file (EMAIL_FILE_PATH; ./sent-emails in development), console or a
# dotted path; production refuses to start without a real one (dmath.env.email_backend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = email_backend(os.environ.get("EMAIL_BACKEND", ""), host=EMAIL_HOST, production=PRODUCTION)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "") or str(BASE_DIR / "sent-emails")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "D'Math University Admissions <admissions@dmath.example>")
