"""Tandem settings, read from the environment (see README.md, "Production")."""

import secrets
from pathlib import Path

import environ

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent
TANDEM_HOME = Path(env.str("TANDEM_HOME", default=str(Path.cwd() / "var"))).resolve()
TANDEM_HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY when set; otherwise generate one into TANDEM_HOME on first run."""
    if env.str("SECRET_KEY", default=""):
        return env.str("SECRET_KEY")
    key_file = TANDEM_HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "template_partials",
    "django_filters",
    "ninja",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "tandem.core",
    "tandem.audit",
    "tandem.accounts",
    "tandem.organization",
    "tandem.strategy",
    "tandem.portfolio",
    "tandem.capacity",
    "tandem.prioritization",
    "tandem.roadmap",
    "tandem.demo",
    "tandem.operations",
    "tandem.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tandem.core.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out users and addresses
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

FORM_RENDERER = "tandem.web.forms_renderer.FormRenderer"

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
                "tandem.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{TANDEM_HOME / 'tandem.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = env.bool(
        "DATABASE_POOL", default=False
    )
    # Drop-downs iterate their querysets with .iterator(), which on PostgreSQL means a
    # server-side cursor (DECLARE ... WITH HOLD, FETCH, CLOSE) for a few dozen rows: several
    # round trips each. Our reads are small, and a transaction-pooling proxy needs this too.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep each app thread's connection between requests (checked before reuse): opening one per
# request costs a PostgreSQL backend start-up, or SQLite's pragmas, on every page. A pool
# (DATABASE_POOL) manages connections itself, and Django refuses both together.
_pooled = DATABASES["default"].get("OPTIONS", {}).get("pool", False)
DATABASES["default"]["CONN_MAX_AGE"] = 0 if _pooled else env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The cache is shared by every app process: the database (default) or Redis when scaling out
# (CACHE_URL=rediscache://127.0.0.1:6379/1). Throttles and rate limits live here.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://tandem_cache")}
# Django's database cache culls a third of its rows, live ones included, once it holds more than
# MAX_ENTRIES (300 by default): with more clients than that, their rate-limit counters were
# thrown away mid-window and undercounted. A window's counter lives two windows at most, so
# 20,000 rows serve about 10,000 active clients; past it, expired rows go first.
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)

# Background tasks (django-tasks). TASKS_BACKEND: "database" (default; rows in this database, run
# by `tandem db_worker`), "rq" (Redis at TASKS_REDIS_URL, run by `tandem rqworker`; for scaling
# out) or "immediate" (runs in the process after commit; tests). `tandem reap_tasks` re-queues
# work whose worker died.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")  # its `rqworker` command runs the queue
    RQ_QUEUES = {"default": {"URL": env.str("TASKS_REDIS_URL", default="redis://127.0.0.1:6379/2")}}
    RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}  # runs django-tasks' Task objects
TASKS_STALE_SECONDS = env.int("TASKS_STALE_SECONDS", default=300)  # a silent job is lost

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures a username, and separately
# an address, is locked out for AXES_COOLOFF_MINUTES. Attempts are kept in the database, so
# every app process sees them.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429  # the lockout page answers "Too Many Requests"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"

TANDEM_CURRENCY = env.str("TANDEM_CURRENCY", default="EUR")  # ISO code shown with money

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = TANDEM_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = TANDEM_HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# `tandem serve` collects static files first; finders only when developing (scanning them at
# start-up costs every test client ~0.1 s).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG

# Security. HTTPS=true when Tandem is served over HTTPS (behind a proxy setting
# X-Forwarded-Proto): cookies become Secure, plain HTTP redirects to HTTPS, and with
# SECURE_HSTS_SECONDS set browsers are told to use HTTPS only. `tandem check --deploy` is clean
# with DEBUG=false, HTTPS=true, SECURE_HSTS_SECONDS=31536000, a SECRET_KEY and ALLOWED_HOSTS.
HTTPS = env.bool("HTTPS", default=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=HTTPS and not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # pages and HTMX read the token from <meta name="csrf-token">
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS and not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Content-Security-Policy (tandem.core.middleware): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Uploads: request bodies and in-memory files up to these sizes (bytes); imports check each
# file's size and type with tandem.core.uploads.validate_upload(max_bytes=UPLOAD_MAX_BYTES).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640

# API rate limits (tandem.api): requests per credential (a bearer token, or a browser session)
# and per address for the few operations open without one. "N/s", "N/m", "N/h" or "N/d".
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="1200/m")
API_ANON_RATE_LIMIT = env.str("API_ANON_RATE_LIMIT", default="300/m")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 1000
NINJA_PAGINATION_CLASS = "ninja.pagination.LimitOffsetPagination"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
