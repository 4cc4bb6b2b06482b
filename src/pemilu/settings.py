"""Django settings for pemilu, read from the environment with safe development defaults.

Environment variables (all optional in development):
  DATABASE_URL   sqlite:///path or postgres://user@host:port/name (default: ./var/pemilu.sqlite3)
  SECRET_KEY     required when PEMILU_PRODUCTION=True (the development default is refused there)
  DEBUG          True/False (default True; False in production)
  ALLOWED_HOSTS  comma-separated (default: localhost, 127.0.0.1)
  PEMILU_PRODUCTION  True/False: turn on the production checks (SECRET_KEY of 50+ characters, DEBUG off,
                     HSTS, HTTPS redirect, secure cookies)
  PEMILU_PROXY_SSL_HEADER  behind a TLS-terminating proxy: the header it sets, e.g. X-Forwarded-Proto=https
  CACHE_URL      redis://…: one cache shared by every worker (login/sign-up throttling, public form limits)
  PEMILU_VAR_DIR     where the SQLite file and uploads live (default ./var)
  PEMILU_TODAY       YYYY-MM-DD: the day every stage guard and deadline reads (core/clock.py); unset = the
                     real clock. The demo runs at a day inside the election it shows.
  EMAIL_BACKEND  Django e-mail backend for activation codes (default: console in development, SMTP in
                 production with EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS);
                 DEFAULT_FROM_EMAIL the sender
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pemilu.core.clock import parse_day
from pemilu.core.env import env_bool, env_int, env_list, env_secret, env_str, proxy_ssl_header

# Lets admin.ModelAdmin[Model] and QuerySet[Model] be subscripted at runtime (typing).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("PEMILU_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 (a known dev default)
PRODUCTION = env_bool("PEMILU_PRODUCTION", False)
SECRET_KEY = env_secret("SECRET_KEY", DEV_SECRET_KEY)
if PRODUCTION and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production (PEMILU_PRODUCTION=True)")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production (PEMILU_PRODUCTION=True)")
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=True is refused in production (PEMILU_PRODUCTION=True): it shows "
                               "settings and stack traces to visitors")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # listed so the OpenAPI docs UI is served from local static files, not a CDN
    "axes",  # login throttling (AXES_* below)
    "django_tasks",  # background jobs (backport of Django 6's Tasks API), stored by django_tasks_db
    "django_tasks_db",
    "pemilu.core",
    "pemilu.accounts",
    "pemilu.regions",
    "pemilu.audit",
    "pemilu.elections",
    # domain apps are added below this line, one per line
    "pemilu.asn",
    "pemilu.schedule",
    "pemilu.seats",
    "pemilu.neutrality",
    "pemilu.secretariats",
    "pemilu.results",
    "pemilu.adhoc",
    "pemilu.voters",
    "pemilu.candidacy",
    "pemilu.worklist",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pemilu.core.middleware.IndonesianFirstLocaleMiddleware",
    "pemilu.core.middleware.NulInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pemilu.core.middleware.RequestIdMiddleware",
    "pemilu.core.tabular.UploadLimitMiddleware",  # web uploads: size and row limits (issue 17 item 5)
    "pemilu.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out login into the lockout page
]

ROOT_URLCONF = "pemilu.urls"
WSGI_APPLICATION = "pemilu.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out account/address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "worklist:mine"   # "Tugas saya" (issue 20 item 5)
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pemilu.core.navigation.nav",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pemilu.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two writers queue on the
    # busy timeout instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA busy_timeout = 20000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# The default cache is per process (rate limits of the public forms, cached public pages). With
# several workers or servers, CACHE_URL=redis://host:6379/0 shares it (Django's Redis backend).
# The "axes" alias holds the failed-login counts (its own key prefix in the same Redis).
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pemilu-default"},
    "axes": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pemilu-axes"},
}
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL")
    # CACHE_KEY_PREFIX keeps two deployments (or test runs) sharing one Redis apart.
    CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "pemilu")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                    "KEY_PREFIX": CACHE_KEY_PREFIX},
        "axes": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                 "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-axes"},
    }

# Login throttling (django-axes): after PEMILU_LOGIN_FAILURE_LIMIT wrong passwords for one account
# OR from one address, that account/address is locked for PEMILU_LOGIN_COOLOFF_MINUTES (each
# further failure restarts it) and sees accounts/lockout.html (429). The counts live in the
# "axes" cache, shared by every worker with CACHE_URL. The address is REMOTE_ADDR, as for the
# public forms (core/ratelimit.py).
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "axes"
AXES_FAILURE_LIMIT = env_int("PEMILU_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PEMILU_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = False  # a login with one's own account must not reset an address that guesses others'
AXES_CLIENT_IP_CALLABLE = "pemilu.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "pemilu.accounts.lockout.lockout"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
# Sign-ups of applicant accounts per address per clock hour (adhoc portal, core/ratelimit.py).
PEMILU_SIGNUPS_PER_HOUR = env_int("PEMILU_SIGNUPS_PER_HOUR", 5)
# "Cek DPT" lookups per address per clock hour, page and API together (voters/throttle.py).
PEMILU_CEK_DPT_PER_HOUR = env_int("PEMILU_CEK_DPT_PER_HOUR", 10)
# Candidacy's public responses on the DCS (candidacy/responses.py): days the party has to answer one,
# and to correct its list after one is upheld. Neither is a fixed number in a source we read: in 2024
# KPU forwarded the responses 29-31 Aug 2023 and the parties answered 1-7 Sep 2023 (a 7-day window);
# docs/apps/candidacy.md says so. A deployment sets them.
PEMILU_CANDIDACY_REPLY_DAYS = env_int("PEMILU_CANDIDACY_REPLY_DAYS", 7)
PEMILU_CANDIDACY_CORRECTION_DAYS = env_int("PEMILU_CANDIDACY_CORRECTION_DAYS", 3)
if not CACHE_URL and not PRODUCTION:
    # One development server is one process; in production the warning stays (core/checks.py too).
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# Background jobs (docs/architecture.md "Background jobs"): rendering documents after commit and
# large imports. The database backend works on SQLite and PostgreSQL; `pemilu worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Uploads and imports (issue 17 item 5): a web/API upload larger than PEMILU_UPLOAD_MAX_BYTES is
# refused; a table read inside a request stops at PEMILU_IMPORT_MAX_ROWS data rows; an ASN upload
# larger than PEMILU_IMPORT_BACKGROUND_BYTES is imported by a background job (streamed, at most
# PEMILU_IMPORT_JOB_MAX_ROWS rows).
PEMILU_UPLOAD_MAX_BYTES = env_int("PEMILU_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
PEMILU_IMPORT_MAX_ROWS = env_int("PEMILU_IMPORT_MAX_ROWS", 100_000)  # a big kab/kota: ≈ 50k KPPS registrants
PEMILU_IMPORT_BACKGROUND_BYTES = env_int("PEMILU_IMPORT_BACKGROUND_BYTES", 512 * 1024)
PEMILU_IMPORT_JOB_MAX_ROWS = env_int("PEMILU_IMPORT_JOB_MAX_ROWS", 2_000_000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS: list[Path] = []  # each app carries its own locale/ directory
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
                    if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("PEMILU_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("PEMILU_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PEMILU_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("PEMILU_HSTS_PRELOAD", True)
# Behind a proxy that terminates TLS: the header it sets on HTTPS requests ("X-Forwarded-Proto=https"),
# so request.is_secure() is right and the SSL redirect does not loop. Never set it without such a
# proxy: a client could then claim HTTPS itself.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env_str("PEMILU_PROXY_SSL_HEADER", ""))

# Content-Security-Policy (django-csp), in every mode so the browser tests hold the pages to it:
# scripts and styles only from our own static files (htmx and the app scripts are vendored; no
# inline <script>, no on* attributes, no style attributes or <style> blocks), no plugins, no
# framing, forms only to this site. data: images: the empty favicon and the API docs' icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

if env_bool("PEMILU_FAST_HASHER", False):
    # Tests only: MD5 makes creating a cast of users cheap (healthchecks does the same).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Audit chains: one hash chain per region at this level (2 = kabupaten/kota), so concurrent
# writers in different regions do not queue on one chain head (docs/architecture.md).
PEMILU_AUDIT_CHAIN_LEVEL = env_int("PEMILU_AUDIT_CHAIN_LEVEL", 2)
# An action holding a chain head longer than this is logged at WARNING (audit/events.py).
PEMILU_AUDIT_HOLD_WARN_MS = env_int("PEMILU_AUDIT_HOLD_WARN_MS", 1000)

# The day every stage window, deadline and role end date is read on (core/clock.py); None = the real clock.
PEMILU_TODAY = parse_day(env_str("PEMILU_TODAY", ""))
# Activation codes are e-mailed where a member gave an address (issue 20 item 2). Tests use
# Django's locmem backend (pytest-django sets it).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
                        else "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "pemilu <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
