"""Django settings for Accord, all derived from :mod:`accord.config`."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accord import config

try:
    MODE = config.mode()
    DEBUG = config.debug()
    DATA_DIR = config.data_dir()
    SECRET_KEY = config.secret_key()
    AUDIT_KEY = config.audit_key()
    DATABASE_URL = config.database_url()
    ALLOWED_HOSTS = config.allowed_hosts()
    PROXY_COUNT = config.proxy_count()
    mail_settings = config.email_settings()
    ACCORD_SITE_URL = config.site_url()
except config.ConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from error

PACKAGE_DIR = Path(__file__).resolve().parent
config.private_folder(DATA_DIR)  # 0700: the database, the key and the uploaded files are the owner's only

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "accord.core",
    "accord.charter",
    "accord.accounts",
    "accord.decisions",
    "accord.crisis",
    "accord.forces",
    "accord.response",
    "accord.monitoring",
    "accord.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accord.core.middleware.AccessCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accord.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it is the first to see a write that gave up waiting for SQLite's lock: 503.
    "accord.core.middleware.BusyDatabaseMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout after repeated failed logins, counted per account AND address together: per address alone,
# one user's typos would lock out everyone behind the same proxy or office NAT; per account alone,
# anyone could lock any user out. The address is the client's, believed from X-Forwarded-For only
# when ACCORD_PROXY_COUNT says a proxy is there (accord.accounts.client_address).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "accord.accounts.client_address.client_address"
# Django Ninja's throttles would otherwise take a client's own X-Forwarded-For as its identity.
NINJA_NUM_PROXIES = PROXY_COUNT
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Content Security Policy: everything from Accord itself, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
OTP_TOTP_ISSUER = "Accord"

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

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
                # The unread notifications of the page's header (one count, only when it is shown).
                "accord.web.context_processors.notifications",
            ],
        },
    },
]


def database_settings(url: str) -> dict:
    """Turn the URL into Django's settings, with SQLite tuned for a single busy writer."""
    settings = dj_database_url.parse(url, conn_max_age=60)
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        settings["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            # Seconds a write waits for another writer (a long import holds the lock for minutes):
            # a web request then answers 503; commands wait longer (accord.core.locks).
            "timeout": 5,
        }
        settings["CONN_MAX_AGE"] = 0
        Path(settings["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config.private_sqlite_file(Path(settings["NAME"]))  # 0600, and so its -wal and -shm
    return settings


DATABASES = {"default": database_settings(DATABASE_URL)}

# Background jobs (accord.core.jobs) wait in a table of the database itself, so that SQLite and
# PostgreSQL keep the same queue and nothing else has to run beside Accord; `accord worker` runs them.
# Django 5.2 takes the tasks API from the django-tasks package (Django 6 ships it), and the
# database backend from django-tasks-db.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Uploaded files are never served directly: each download goes through a view that checks access.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/files/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
ACCORD_MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a document's file; a larger one is refused with a message
FILE_UPLOAD_PERMISSIONS = 0o600  # uploaded files and their folders: the owner's only
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Media monitoring reads watched folders and feed files only inside these folders (resolved: no "..",
# no symbolic link leading out); ACCORD_MONITORING_FOLDERS names others (see accord.config).
MONITORING_FOLDERS = config.monitoring_folders(DATA_DIR)
# Processes that read a fetch's texts beside the job worker (accord.monitoring.readers).
MONITORING_READERS = config.monitoring_readers()

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A proxy's headers are believed only when ACCORD_PROXY_COUNT says one is there: otherwise any client
# could claim HTTPS (X-Forwarded-Proto) or another address (X-Forwarded-For, see the lockout above).
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if MODE == "production":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a proxy the redirect relies on its X-Forwarded-Proto; without one, Accord serves TLS itself.
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # HSTS preloading is asked for by the domain's owner and binds the domain and all its subdomains to
    # HTTPS in browsers for months; it is the operator's decision, not the application's (README).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# E-mail (notifications only; passwords are reset by an administrator, never by mail). Without
# ACCORD_EMAIL_HOST every message is written as a file to DATA_DIR/mail (embedded mode's default);
# with it, SMTP: ACCORD_EMAIL_PORT (587), ACCORD_EMAIL_USER and ACCORD_EMAIL_PASSWORD, ACCORD_EMAIL_TLS
# (STARTTLS, the default) or ACCORD_EMAIL_SSL. ACCORD_EMAIL_FROM is the sender in either case, and
# ACCORD_SITE_URL the address the links in a message point to (see accord.config). Mail is sent by a
# background job (accord.crisis.notifications), never while a page waits.
globals().update(mail_settings)
if "EMAIL_FILE_PATH" in mail_settings:
    config.private_folder(Path(mail_settings["EMAIL_FILE_PATH"]))  # messages may name the recipients

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
