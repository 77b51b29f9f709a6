"""Plaza settings: one module, every value from the environment (PLAZA_*).

Each setting is documented in docs/admin/configuration.md. The embedded default
(no DATABASE_URL) is SQLite in WAL mode inside PLAZA_DATA_DIR, with a secret
key generated on first start and kept there (by plaza.datadir.prepare: importing
this module writes nothing). Every value is checked here, with its range: a bad
one stops start-up with one line naming the setting.
"""

from __future__ import annotations

import math
import os
import secrets
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from plaza import datadir

BASE_DIR = datadir.BASE_DIR


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {value!r}")


def _range(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f" from {minimum:g} to {maximum:g}"
    if minimum is not None:
        return f" of at least {minimum:g}"
    if maximum is not None:
        return f" of at most {maximum:g}"
    return ""


def env_int(name: str, default: int, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number within [minimum, maximum]; anything else stops start-up naming ``name``."""
    value = env(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if (
        number is None
        or (minimum is not None and number < minimum)
        or (maximum is not None and number > maximum)
    ):
        raise ImproperlyConfigured(
            f"{name}: expected a whole number{_range(minimum, maximum)}, got {value!r}"
        )
    return number


def env_float(
    name: str, default: float, minimum: float | None = None, maximum: float | None = None
) -> float:
    """A number within [minimum, maximum]; anything else stops start-up naming ``name``."""
    value = env(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if (
        not math.isfinite(number)
        or (minimum is not None and number < minimum)
        or (maximum is not None and number > maximum)
    ):
        raise ImproperlyConfigured(
            f"{name}: expected a number{_range(minimum, maximum)}, got {value!r}"
        )
    return number


def env_choice(name: str, default: str, choices: set[str] | list[str]) -> str:
    value = env(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- data directory -----------------------------------------------------------
# Created (with its media and static folders) by the commands, not here: plaza.datadir.
DATA_DIR = datadir.data_dir()

# Public data sets used by tests, benchmarks and the demo (absent on a user's clone).
SHARED_DATA_DIR = Path(env("PLAZA_SHARED_DATA_DIR") or BASE_DIR.parent / "shared" / "data")

# --- core ----------------------------------------------------------------------
DEBUG = env_bool("PLAZA_DEBUG", False)
DATABASE_URL = env("DATABASE_URL")
EMBEDDED = not DATABASE_URL

SECRET_KEY = env("PLAZA_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or EMBEDDED:
        # The key plaza.datadir.prepare() keeps in the data folder; until a command has made
        # it (a bare import, a test run), a key for this process only.
        SECRET_KEY = datadir.read_secret_key(DATA_DIR) or secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured(
            "PLAZA_SECRET_KEY: must be set when DATABASE_URL is set and PLAZA_DEBUG is off "
            "(every app server needs the same key)"
        )

# Keys retired by a rotation: what they signed (sessions, password reset links) stays valid
# while they are listed here (docs/admin/operations.md, "Rotating the secret key").
SECRET_KEY_FALLBACKS = env_list("PLAZA_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("PLAZA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("PLAZA_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("PLAZA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("PLAZA_SITE_NAME", "Plaza")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "ninja",  # the API docs page from ninja's own static files (no CDN, no inline script)
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "plaza.core",
    "plaza.accounts",
    "plaza.directory",
    "plaza.cities",
    "plaza.library",
    "plaza.search",
    "plaza.search.semantic",
    "plaza.inquiries",
    "plaza.statistics",
    "plaza.demo",
]

MIDDLEWARE = [
    "plaza.core.middleware.RequestLogMiddleware",
    "plaza.core.middleware.RejectNulMiddleware",
    "plaza.core.middleware.DatabaseBusyMiddleware",
    "plaza.core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come pre-compressed), above everything that writes the
    # body; conditional GET below compression, so the ETag is of the uncompressed page.
    "plaza.core.middleware.CompressionMiddleware",
    "plaza.core.middleware.PageConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plaza.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plaza.urls"
WSGI_APPLICATION = "plaza.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "plaza" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plaza.core.context_processors.plaza",
            ],
            # labels, places, dates and numbers in the reader's language, in every template
            "builtins": ["plaza.core.templatetags.plaza_l10n"],
        },
    },
]

# --- database ------------------------------------------------------------------
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL,
                conn_max_age=env_int("PLAZA_DB_CONN_MAX_AGE", 60, minimum=0),
                conn_health_checks=True,
            )
        }
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL: cannot be parsed ({exc})") from None
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL: only postgres:// URLs are supported (leave it unset for SQLite)"
        )
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "PLAZA_DB_CONNECT_TIMEOUT", 5, minimum=1, maximum=600
    )
    # A request waits at most this long for a row or table lock, then answers 503.
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c lock_timeout={env_int('PLAZA_DB_BUSY_TIMEOUT', 5) * 1000}"
    )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "plaza.sqlite3"),
            "OPTIONS": {
                # Seconds a request waits for SQLite's write lock before answering 503.
                "timeout": env_int("PLAZA_DB_BUSY_TIMEOUT", 5),
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY"
                ),
            },
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")}
            if env_bool("PLAZA_TEST_SQLITE_FILE")
            else {},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling (django-axes): lock an account+address pair after N failures.
AXES_FAILURE_LIMIT = env_int("PLAZA_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=1000)
AXES_COOLOFF_TIME = env_int("PLAZA_LOGIN_COOLOFF_MINUTES", 15, minimum=1, maximum=100_000) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address honours PLAZA_PROXY_COUNT (plaza/core/http.py), for axes and every limit.
AXES_CLIENT_IP_CALLABLE = "plaza.core.http.client_address"
# Axes' log lines name an account by its id and a client by a keyed hash, never by value.
AXES_CLIENT_STR_CALLABLE = "plaza.accounts.throttling.client_str"
AXES_LOCKOUT_CALLABLE = "plaza.accounts.throttling.lockout_response"

# Reverse proxies in front of Plaza that append to X-Forwarded-For (0: the header is ignored).
PROXY_COUNT = env_int("PLAZA_PROXY_COUNT", 0, minimum=0, maximum=10)

# Password reset e-mails per hour: per e-mail address typed, and per client address.
PASSWORD_RESET_PER_ACCOUNT_PER_HOUR = env_int(
    "PLAZA_PASSWORD_RESET_PER_ACCOUNT_PER_HOUR", 3, minimum=1, maximum=1000
)
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env_int(
    "PLAZA_PASSWORD_RESET_PER_ADDRESS_PER_HOUR", 10, minimum=1, maximum=100_000
)

# --- internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("th", _("Thai")),
    ("hi", _("Hindi")),
]
LOCALE_PATHS = [BASE_DIR / "plaza" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("PLAZA_TIME_ZONE", "UTC")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"PLAZA_TIME_ZONE: expected a time zone name such as Europe/Paris, got {TIME_ZONE!r}"
    ) from None
LANGUAGE_COOKIE_NAME = "plaza_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- static and media files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "plaza" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PLAZA_MAX_UPLOAD_MB = env_int("PLAZA_MAX_UPLOAD_MB", 50, minimum=1, maximum=10_000)

# --- e-mail --------------------------------------------------------------------------
# "file" (the default): every message is written to PLAZA_DATA_DIR/outbox/, one file per
# connection, and nothing is sent; "smtp" sends. No backend writes messages to the log.
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env("PLAZA_EMAIL_BACKEND", "file")
if _email_backend == "console":
    raise ImproperlyConfigured(
        "PLAZA_EMAIL_BACKEND: console is no longer offered (it wrote messages, password reset "
        "links included, to the log); use file (PLAZA_DATA_DIR/outbox/) or smtp"
    )
_email_backend = env_choice("PLAZA_EMAIL_BACKEND", "file", list(_EMAIL_BACKENDS))
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
# Made private (0700) by plaza.datadir.prepare(): messages hold personal data and reset links.
EMAIL_FILE_PATH = DATA_DIR / datadir.OUTBOX
EMAIL_TIMEOUT = env_int("PLAZA_EMAIL_TIMEOUT", 20, minimum=1, maximum=600)
EMAIL_HOST = env("PLAZA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PLAZA_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env("PLAZA_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("PLAZA_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("PLAZA_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("PLAZA_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "PLAZA_EMAIL_USE_TLS, PLAZA_EMAIL_USE_SSL: set one of them, not both"
    )
DEFAULT_FROM_EMAIL = env("PLAZA_DEFAULT_FROM_EMAIL", "Plaza <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- background tasks ------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("PLAZA_TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
    }
}

# Jobs the worker runs now and then (dotted paths of django-tasks tasks, each idempotent), and
# how often, in minutes. `plaza worker --batch` runs each once.
PERIODIC_TASKS = ["plaza.cities.tasks.send_reminders", "plaza.library.tasks.send_alerts"]
PERIODIC_TASKS_EVERY_MINUTES = env_int("PLAZA_PERIODIC_TASKS_EVERY_MINUTES", 60)
# Commands the worker runs once when it starts, in the background (warm-ups).
WORKER_STARTUP_COMMANDS = ["prepare-fonts", "prepare-screening"]
# The worker runs below the web processes (nice), so it may embed on every core: pages get the
# CPU first, background work what is idle (plaza worker: yield_to_pages).
WORKER_NICE = env_int("PLAZA_WORKER_NICE", 10, minimum=0, maximum=19)
WORKER_SEMANTIC_THREADS = env_int("PLAZA_WORKER_SEMANTIC_THREADS", 0, minimum=0, maximum=256)
# Commitment reminders: how many days before the due date; the weekday of the coordinators'
# digest (0 Monday ... 6 Sunday).
CITIES_REMINDER_DAYS_AHEAD = env_int("PLAZA_CITIES_REMINDER_DAYS_AHEAD", 7)
CITIES_DIGEST_WEEKDAY = env_int("PLAZA_CITIES_DIGEST_WEEKDAY", 0)

# --- security ------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("PLAZA_BEHIND_HTTPS_PROXY") else None
)
_https = env_bool("PLAZA_HTTPS", False)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https
SECURE_HSTS_SECONDS = env_int("PLAZA_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page (plaza.core.middleware); stored files get a sandboxing policy (plaza.core.files).
# Styles may be inline: the server-rendered SVG charts carry their own <style>.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
DB_BUSY_RETRY_AFTER = env_int("PLAZA_DB_BUSY_RETRY_AFTER", 5)
# How stored files leave after the permission check: app (streamed by Plaza),
# x-accel-redirect (nginx, internal location FILE_ACCEL_PREFIX) or x-sendfile.
FILE_SERVING = env("PLAZA_FILE_SERVING", "app").lower()
if FILE_SERVING not in {"app", "x-accel-redirect", "x-sendfile"}:
    raise ImproperlyConfigured(
        f"PLAZA_FILE_SERVING: expected app, x-accel-redirect or x-sendfile, got {FILE_SERVING!r}"
    )
FILE_ACCEL_PREFIX = env("PLAZA_FILE_ACCEL_PREFIX", "/protected-media/")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("PLAZA_SESSION_DAYS", 14, minimum=1, maximum=3650) * 24 * 3600

# --- logging -----------------------------------------------------------------------------
LOG_LEVEL = env("PLAZA_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"PLAZA_LOG_LEVEL: expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got {LOG_LEVEL!r}"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "plaza.core.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "plaza": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Plaza -----------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 20

# --- library -----------------------------------------------------------------------------
# Documented in docs/admin/configuration.md.
LIBRARY_MAX_FILE_MB = env_int(
    "PLAZA_LIBRARY_MAX_FILE_MB", PLAZA_MAX_UPLOAD_MB, minimum=1, maximum=10_000
)
# Bounds of text extraction from uploaded files (plaza/library/extraction.py).
EXTRACTION_MAX_UNCOMPRESSED_MB = env_int(
    "PLAZA_EXTRACTION_MAX_UNCOMPRESSED_MB", 200, minimum=1, maximum=100_000
)
EXTRACTION_MAX_RATIO = env_int("PLAZA_EXTRACTION_MAX_RATIO", 100, minimum=1, maximum=100_000)
EXTRACTION_MAX_PAGES = env_int("PLAZA_EXTRACTION_MAX_PAGES", 2000, minimum=1, maximum=1_000_000)
EXTRACTION_MAX_CHARS = env_int(
    "PLAZA_EXTRACTION_MAX_CHARS", 2_000_000, minimum=1000, maximum=1_000_000_000
)
EXTRACTION_TIMEOUT_SECONDS = env_int(
    "PLAZA_EXTRACTION_TIMEOUT_SECONDS", 120, minimum=1, maximum=86_400
)
EXTRACTION_MAX_MEMORY_MB = env_int(
    "PLAZA_EXTRACTION_MAX_MEMORY_MB", 1024, minimum=64, maximum=1_000_000
)
LIBRARY_OAI_PAGE_SIZE = env_int("PLAZA_LIBRARY_OAI_PAGE_SIZE", 100, minimum=1, maximum=10_000)
LIBRARY_OAI_REPOSITORY_ID = env("PLAZA_LIBRARY_OAI_REPOSITORY_ID")
LIBRARY_OAI_ADMIN_EMAIL = env("PLAZA_LIBRARY_OAI_ADMIN_EMAIL")

# --- cities ------------------------------------------------------------------------------
# Largest evidence file (document or photo) on a commitment; documented in docs/admin/configuration.md.
CITIES_EVIDENCE_MAX_MB = env_int("PLAZA_CITIES_EVIDENCE_MAX_MB", 10, minimum=1, maximum=10_000)

# --- inquiries ---------------------------------------------------------------------------
# Documented in docs/admin/configuration.md.
PLAZA_INQUIRY_RETENTION_DAYS = env_int(
    "PLAZA_INQUIRY_RETENTION_DAYS", 365, minimum=1, maximum=36_500
)
PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR = env_int(
    "PLAZA_INQUIRY_RATE_LIMIT_PER_HOUR", 5, minimum=1, maximum=100_000
)
# Screening by meaning (the bundled multilingual model; off without it). Thresholds chosen on
# the tuning half of bench/data/screening_*.yaml, reported on the test half (docs/benchmarks.md).
PLAZA_INQUIRY_SCREENING_BY_MEANING = env_bool("PLAZA_INQUIRY_SCREENING_BY_MEANING", True)
PLAZA_INQUIRY_MEANING_THRESHOLD = env_float(
    "PLAZA_INQUIRY_MEANING_THRESHOLD", 1.6, minimum=0.0, maximum=100.0
)
PLAZA_INQUIRY_MEANING_BINDING_THRESHOLD = env_float(
    "PLAZA_INQUIRY_MEANING_BINDING_THRESHOLD", 2.9, minimum=0.0, maximum=100.0
)
# The help desk: who hears of new requests, where requesters' answers come back, when a reply
# is due (hours after arrival, per screening outcome).
PLAZA_INQUIRY_STAFF_EMAILS = env_list("PLAZA_INQUIRY_STAFF_EMAILS")
PLAZA_INQUIRY_REPLY_ADDRESS = env("PLAZA_INQUIRY_REPLY_ADDRESS")
PLAZA_INQUIRY_INBOUND_SECRET = env("PLAZA_INQUIRY_INBOUND_SECRET")
PLAZA_INQUIRY_DUE_HOURS = {
    "decline": env_int("PLAZA_INQUIRY_DUE_HOURS_DECLINE", 72, minimum=1, maximum=8760),
    "refer": env_int("PLAZA_INQUIRY_DUE_HOURS_REFER", 72, minimum=1, maximum=8760),
    "staff": env_int("PLAZA_INQUIRY_DUE_HOURS_STAFF", 120, minimum=1, maximum=8760),
    "accept": env_int("PLAZA_INQUIRY_DUE_HOURS_ACCEPT", 48, minimum=1, maximum=8760),
}

# --- search ------------------------------------------------------------------------------
# BM25 field weights: title > abstract/keywords/creators > full text (docs/admin/configuration.md).
SEARCH_FIELD_WEIGHTS = {
    "title": env_float("PLAZA_SEARCH_WEIGHT_TITLE", 3, minimum=0, maximum=100),
    "keywords": env_float("PLAZA_SEARCH_WEIGHT_KEYWORDS", 1, minimum=0, maximum=100),
    "body": env_float("PLAZA_SEARCH_WEIGHT_BODY", 0.5, minimum=0, maximum=100),
}
SEARCH_MAX_BODY_CHARS = env_int(
    "PLAZA_SEARCH_MAX_BODY_CHARS", 1_000_000, minimum=1_000, maximum=100_000_000
)
SEARCH_SNIPPET_SOURCE_CHARS = env_int(
    "PLAZA_SEARCH_SNIPPET_SOURCE_CHARS", 20_000, minimum=100, maximum=10_000_000
)
SEARCH_THAI_DICTIONARY = env("PLAZA_SEARCH_THAI_DICTIONARY")
SEARCH_PAGE_SIZE = env_int("PLAZA_SEARCH_PAGE_SIZE", 10, minimum=1, maximum=100)
# Per process (SQLite): scored postings of common words kept in memory, in postings (16 bytes each).
SEARCH_POSTINGS_CACHE = env_int("PLAZA_SEARCH_POSTINGS_CACHE", 4_000_000, minimum=0)
SEARCH_POSTINGS_CACHE_MIN = env_int("PLAZA_SEARCH_POSTINGS_CACHE_MIN", 1_000, minimum=0)
# Reciprocal rank fusion of lexical and semantic (cross-lingual) results. Defaults tuned on
# half of XQuAD-R's questions, reported on the other half (docs/user/semantic-search.md).
SEARCH_RRF_K = env_int("PLAZA_SEARCH_RRF_K", 10, minimum=1, maximum=10_000)
SEARCH_RRF_LEXICAL_WEIGHT = env_float(
    "PLAZA_SEARCH_RRF_LEXICAL_WEIGHT", 0.25, minimum=0, maximum=100
)
SEARCH_RRF_SEMANTIC_WEIGHT = env_float(
    "PLAZA_SEARCH_RRF_SEMANTIC_WEIGHT", 1.0, minimum=0, maximum=100
)
# Word matches in documents in another language than the query (unset: the lexical weight).
SEARCH_RRF_OTHER_LANGUAGE_LEXICAL_WEIGHT = (
    env_float("PLAZA_SEARCH_RRF_OTHER_LANGUAGE_LEXICAL_WEIGHT", 0, minimum=0, maximum=100)
    if env("PLAZA_SEARCH_RRF_OTHER_LANGUAGE_LEXICAL_WEIGHT")
    else None
)
SEARCH_SEMANTIC_CANDIDATES = env_int(
    "PLAZA_SEARCH_SEMANTIC_CANDIDATES", 50, minimum=1, maximum=10_000
)
SEARCH_LEXICAL_CANDIDATES = env_int(
    "PLAZA_SEARCH_LEXICAL_CANDIDATES", 100, minimum=1, maximum=100_000
)
# How far above the query's median similarity over the library (cosine, multilingual-e5-small)
# a record found by meaning alone must be; measured in bench/semantic_eval.py, explained in
# docs/user/search.md and docs/dev/benchmarks.md.
SEARCH_SEMANTIC_FLOOR = env_float("PLAZA_SEARCH_SEMANTIC_FLOOR", 0.04, minimum=0.0, maximum=1.0)
# And the second, absolute test: the similarity itself (cosine) a record found by meaning
# alone must reach, whatever the library (a query about something the library does not
# hold still has a "best" record); calibrated the same way (bench/semantic_eval.py --floors).
SEARCH_SEMANTIC_MIN_SIMILARITY = env_float(
    "PLAZA_SEARCH_SEMANTIC_MIN_SIMILARITY", 0.762, minimum=0.0, maximum=1.0
)
# And the third, contrast: the margin over the median measured with what sets the query
# apart from random letters (each passage's similarity to the random-letters centroid taken
# off; plaza.search.semantic.index). A string such as "awirtz" is close to the records any
# string of letters is close to, and to nothing else. Calibrated the same way.
SEARCH_SEMANTIC_MIN_CONTRAST = env_float(
    "PLAZA_SEARCH_SEMANTIC_MIN_CONTRAST", 0.027, minimum=-1.0, maximum=1.0
)

# --- semantic ---
# Cross-lingual semantic search (plaza.search.semantic); docs/admin/configuration.md.
SEMANTIC_SEARCH = env_bool("PLAZA_SEMANTIC_SEARCH", True)
SEMANTIC_THREADS = env_int("PLAZA_SEMANTIC_THREADS", 1, minimum=0, maximum=256)  # 0: every core
# Seconds one embedding task works before it queues the rest of its record (interactive
# tasks queued meanwhile go first).
SEMANTIC_TASK_SECONDS = env_float("PLAZA_SEMANTIC_TASK_SECONDS", 2.0, minimum=0.0, maximum=3600)

# --- web server (plaza serve) ---
WEB_WORKERS = env_int("PLAZA_WEB_WORKERS", 2, minimum=1, maximum=64)
WEB_THREADS = env_int("PLAZA_WEB_THREADS", 4, minimum=1, maximum=64)
# Seconds an idle keep-alive connection stays open (gunicorn's own default, 2, closed
# connections that clients were about to reuse: see docs/dev/benchmarks.md, Load).
WEB_KEEPALIVE = env_int("PLAZA_WEB_KEEPALIVE", 75, minimum=0, maximum=3600)
