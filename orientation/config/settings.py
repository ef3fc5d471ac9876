"""Settings for Cap BTS: one file, typed environment variables, safe development defaults."""

from pathlib import Path

import dj_database_url
import django_cache_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from orientation.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env_str("CAPBTS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    # Development only: a fixed, clearly-labelled key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-only-capbts"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    # Django's admin with the project's site (orientation/config/admin_site.py).
    "orientation.apps.CapBTSAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "programmes",
    "orientation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy everywhere; private pages never cached (sees every inner response).
    "orientation.config.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether the staff session signed in with a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after a working day or half an hour idle (says so with a message).
    "orientation.config.middleware.staff_session_limits",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records the signed-in user on the history of content edits (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: throttles repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "orientation.config.urls"
WSGI_APPLICATION = "orientation.config.wsgi.application"

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
            ],
        },
    },
]

# Database: DATABASE_URL, or a SQLite file under var/ in WAL mode with IMMEDIATE
# transactions, so that concurrent writers wait for the lock instead of failing.
_default_sqlite = f"sqlite:///{VAR_DIR / 'capbts.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", _default_sqlite),
            # Persistent connections: opening one (and its PRAGMAs) costs more than a query.
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:  # unknown scheme or malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Accounts that read minors' results: 12 characters at least (ANSSI's guidance for a
    # password alone), plus Django's similarity, common-password and all-digits checks.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Overridable so a throwaway site (benchmarks, the load test) collects into its own directory
# instead of rewriting the one other processes are serving from.
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Cookies and headers: private result links must never leak through Referer.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only staff have sessions, often on a shared school computer: the cookie ends with the
# browser, the session after CAPBTS_STAFF_SESSION_HOURS whatever happens, and after
# CAPBTS_STAFF_IDLE_MINUTES without a request (orientation.config.middleware.staff_session_limits).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CAPBTS_STAFF_SESSION_HOURS = env_int("CAPBTS_STAFF_SESSION_HOURS", 8)
CAPBTS_STAFF_IDLE_MINUTES = env_int("CAPBTS_STAFF_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = CAPBTS_STAFF_SESSION_HOURS * 3600
# A second factor (TOTP app or static backup codes, django-otp) at staff sign-in.
CAPBTS_STAFF_TWO_FACTOR = env_bool("CAPBTS_STAFF_TWO_FACTOR", default=False)
OTP_TOTP_ISSUER = "Cap BTS"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A questionnaire page is small; anything larger is a tampered or hostile request.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_BODY_BYTES", 64 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

LOGIN_URL = "admin:login"
CSRF_FAILURE_VIEW = "orientation.pages.csrf_failure"


# Rendered pages. "pages" holds results pages (see orientation.views.response_detail), which
# never change once a response is completed; "catalogue" holds home, catalogue and programme
# pages under the catalogue's version (programmes.page_cache). Each process keeps its own unless
# CACHE_URL names a shared backend (« redis://host:6379/0 », « pymemcache://host:11211 »,
# « db://capbts_cache » after createcachetable): then every app server reuses the others'
# renders. Rate-limit counters live in their own table, never here.
def _cache(name: str, *, timeout: int, max_entries: int) -> dict:
    url = env_str("CACHE_URL")
    if url:
        try:
            config = django_cache_url.parse(url)
        except Exception as exc:  # the library raises bare errors on unknown schemes
            raise ImproperlyConfigured(f"CACHE_URL is not a cache URL: {exc}") from exc
        return {**config, "KEY_PREFIX": f"capbts-{name}", "TIMEOUT": timeout}
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"capbts-{name}",
        "TIMEOUT": timeout,
        "OPTIONS": {"MAX_ENTRIES": max_entries},
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": _cache("pages", timeout=300, max_entries=2000),
    # A day: keys carry the catalogue version, so an entry is never stale, only forgotten.
    "catalogue": _cache("catalogue", timeout=24 * 3600, max_entries=5000),
    # The {% cache %} fragments of base.html (header, footer, stylesheet links). Always in
    # this process, never CACHE_URL: they come from the templates and static manifest of the
    # code running, so a shared cache would serve the previous release's after a deploy.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "capbts-template-fragments",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

# Questionnaire submissions (POSTs) allowed per client address and minute; 0 disables.
# A whole class behind one school address posts a step every few seconds: the default
# stops floods, not classes.
CAPBTS_SUBMISSIONS_PER_MINUTE = env_int("CAPBTS_SUBMISSIONS_PER_MINUTE", 300)
# Behind a reverse proxy, the request header holding the client's address as the proxy sets
# it (e.g. "HTTP_X_REAL_IP"); empty: REMOTE_ADDR. Only set it when a proxy overwrites it.
CAPBTS_CLIENT_ADDRESS_HEADER = env_str("CAPBTS_CLIENT_ADDRESS_HEADER", "")

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failures for a username from
# one address, or from one address whatever the usernames (password spraying), further
# attempts from there are refused for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("CAPBTS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("CAPBTS_LOGIN_THROTTLING", default=True)

# Content-Security-Policy: only this site's own files; no inline script or style.
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
    }
}

# Every handler redacts the student's private links (/r/<token>/) from what it writes: Django
# logs the path of every 4xx/5xx and, under runserver, every request line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_private_links": {"()": "orientation.private_links.RedactPrivateLinks"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_private_links"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_private_links"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Replace Django's own handlers (which would print unredacted copies).
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
