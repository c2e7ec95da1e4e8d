"""Settings of the portal: one module, configured by environment variables.

Every variable is listed in the README ("Configuration"). Defaults are safe
for production except where a value cannot be guessed (``SECRET_KEY``,
``ALLOWED_HOSTS``): then the portal refuses to start without it, unless
``DEBUG`` is on.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import deployment

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)
# Demo mode seeds demo data and a demo caseworker account (``make run``). It
# is refused outside DEBUG so that no production system ever has demo logins.
DEMO_MODE = env_bool("DEMO_MODE", default=False)
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured("DEMO_MODE=1 is only allowed together with DEBUG=1.")

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def _debug_secret_key() -> str:
    """A per-checkout key for local development, kept so that sessions survive restarts."""
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = _debug_secret_key()


def _debug_field_encryption_key() -> str:
    """A per-checkout Fernet key for local development (see portal/encryption.py)."""
    key_file = VAR_DIR / "dev-field-encryption-key"
    if not key_file.exists():
        from cryptography.fernet import Fernet

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_bytes(Fernet.generate_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Special categories of personal data are encrypted at rest with these keys:
# the first encrypts, all decrypt (rotation: add a new key first, run
# `manage.py rotate_field_keys`, then remove the old one).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set when DEBUG is off (generate one with "
            "`python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        )
    FIELD_ENCRYPTION_KEYS = [_debug_field_encryption_key()]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "portal.site.views.csrf_failure"

INSTALLED_APPS = [
    # Django's admin, with admin.site being the two-factor site (portal/admin_site.py).
    "portal.app_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_q",
    "django_countries",
    "allauth",
    "allauth.account",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # The portal app, with the audit trail's receivers (portal/audit.py).
    "portal.app_config.PortalAppConfig",
    "fees",
    "locations",
    "applications",
    "naturalisation",
    "appointments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether an OTP device verified this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.session.IdleTimeoutMiddleware",
    # Resume codes live in an encrypted cookie of the browser, never in the session.
    "portal.middleware.ResumeCodeCookieMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes requires: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.site.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.office",
                "portal.session.session_timeout",
            ],
        },
    },
]
# Django's form renderer, with plain inputs written in Python (portal/forms.py).
FORM_RENDERER = "portal.forms.FormRenderer"

# --- Database -----------------------------------------------------------------
# SQLite under var/ is the embedded default (``make run``); PostgreSQL in tests
# and production through DATABASE_URL. Persistent connections on PostgreSQL
# (CONN_MAX_AGE) spare a connection set-up per request.

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
_default_db = dj_database_url.parse(DATABASE_URL)
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    _default_db["OPTIONS"] = {
        # WAL lets the web server read while the queue worker writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _default_db["ENGINE"] == "django.db.backends.postgresql":
    _default_db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)
    _default_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache lives in the database so that every web and worker process sees
# the same values (queue-cluster status, later rate limits): no feature may
# depend on one process's memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}

# --- Authentication -------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user name and address before any password
    # is checked (django-axes; portal/auth.py). It never logs anyone in.
    "portal.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Staff: the admin needs a second factor (TOTP, django-otp) unless this is
# off; it is off by default only in DEBUG, so that the demo login works with
# the printed password. Devices are enrolled with `manage.py staff_totp USER`.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Stadt Nürnberg – Amt für Migration und Integration"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Failed logins of staff and applicants (django-axes): after 5 failures of
# one user name from one address, that pair is refused for 15 minutes, even
# with the right password; a successful login resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_CALLABLE = "portal.auth.attempted_username"
AXES_CLIENT_IP_CALLABLE = "portal.auth.client_ip"
# Never stored or logged in clear: passwords, codes, and the attempted names
# (axes keeps the name only in its lockout column).
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "login",
    "email",
    "ip_address",
    "password",
    "password1",
    "password2",
    "oldpassword",
    "otp_token",
    "csrfmiddlewaretoken",
]
# Successful logins are in the audit trail (portal.AuditEvent), not in a
# second table with clear addresses.
AXES_DISABLE_ACCESS_LOG = True
# How many reverse proxies append to X-Forwarded-For in front of the portal
# (0: REMOTE_ADDR is the client). Only then is that header believed.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# Applicant accounts (django-allauth): e-mail and password, the address
# confirmed before the first login. Staff log in through /admin/.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "applications:my-requests"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Amt für Migration und Integration Nürnberg] "
# Throttling of failed logins and of e-mails (allauth's limits, kept explicit).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}

# --- Internationalisation -------------------------------------------------------
# German is the default; English is complete. The language is chosen by the
# person (cookie set by the switcher), never guessed from the browser.

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as day.month.year, like the forms and the templates (portal/formats/en).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Static and uploaded files -----------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The KERN UX standard, installed from npm (package.json) and served by
    # the portal itself, never from a CDN.
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    # The pages' faces of Fira Sans, subset WOFF2 cut from the KERN package's by
    # scripts/build_fonts.py (`make install`, the Docker image).
    ("fonts", BASE_DIR / "build" / "fonts"),
]
# Uploaded and generated files: outside any public URL, served only by views
# that check who asks. There is deliberately no MEDIA_URL route.
FILE_STORAGE_ROOT = Path(os.environ.get("FILE_STORAGE_ROOT", VAR_DIR / "files"))
MEDIA_ROOT = FILE_STORAGE_ROOT
STORAGES = {
    # Encrypted at rest with FIELD_ENCRYPTION_KEYS (portal/storage.py), on the local folder or
    # on FILE_STORAGE_BACKEND with FILE_STORAGE_OPTIONS (object storage; portal/deployment.py).
    "default": deployment.file_storage(os.environ, root=FILE_STORAGE_ROOT),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Virus scanning of uploads with clamd (portal/virus_scan.py): off when empty;
# when set, a file is stored only after clamd answered OK (fails closed).
CLAMD_ADDRESS = os.environ.get("CLAMD_ADDRESS", "").strip()
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)
# Files one client may upload per hour (the wizard's documents page and the
# online hand-in together); more answer 429.
UPLOAD_RATE_LIMIT_PER_HOUR = env_int("UPLOAD_RATE_LIMIT_PER_HOUR", 60)

# --- E-mail ------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------

SECURE = not DEBUG
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
# The __Host- prefix binds a cookie to this exact host over HTTPS.
SESSION_COOKIE_NAME = "__Host-session" if SECURE else "portal_session"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE else "portal_csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# Database sessions, an existing one saved by a single UPDATE (portal/session.py).
SESSION_ENGINE = "portal.session"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SECURE)
# The health check is probed over plain HTTP inside the deployment network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Content Security Policy (django-csp): nothing from another host, no inline
# script or style; a nonce is available for the few scripts that need one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # KERN's icons are CSS masks given as data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --- Background queue (django-q2, ORM broker) ------------------------------------------------
# Rules from its documentation: ``retry`` larger than ``timeout``, and a
# finite ``max_attempts``. Only ids go into tasks (SECURITY-BAR.md line 22).

Q_CLUSTER = {
    "name": "portal",
    # The database (ORM broker) unless Q_BROKER_URL names a Redis server (portal/deployment.py).
    **deployment.queue_broker(os.environ),
    "cache": "default",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": env_int("Q_TIMEOUT", 120),
    "retry": env_int("Q_RETRY", 300),
    "max_attempts": env_int("Q_MAX_ATTEMPTS", 5),
    "ack_failures": True,
    "save_limit": 1000,
    "poll": 1,
    "catch_up": False,
    "label": _("Background tasks"),
    # Memory backstop: a worker process is replaced after 200 tasks or above 300 MB.
    "recycle": 200,
    "max_rss": 300_000,
}
if Q_CLUSTER["retry"] <= Q_CLUSTER["timeout"]:
    raise ImproperlyConfigured("Q_RETRY must be larger than Q_TIMEOUT (django-q2 rule).")
if Q_CLUSTER["max_attempts"] < 1:
    raise ImproperlyConfigured("Q_MAX_ATTEMPTS must be a positive number.")

# --- Logging -------------------------------------------------------------------------------------
# Logs carry events and ids, never form values. Every record is one line with
# control characters escaped (log injection, SECURITY-BAR.md line 24).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "class": "portal.logs.EscapingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print unescaped
        # lines; its records go to the root handler above instead.
        "django": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "INFO" if DEBUG else "WARNING"},
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Where vulnerabilities are reported (/.well-known/security.txt, RFC 9116): a URI.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "tel:+49-911-231-0")

# --- The office ---------------------------------------------------------------------------------
# Contact data from seeds 001 and 003 ("Für Sie zuständig", "Kontakt").

OFFICE = {
    "name": "Amt für Migration und Integration",
    "city": "Stadt Nürnberg",
    "street": "Äußere Laufer Gasse 25",
    "postcode": "90403",
    "town": "Nürnberg",
    "phone": "+49 (0)911 231-0",
    "phone_href": "+499112310",
}

# --- Appointments and letters -------------------------------------------------------------

# Working days between writing an invitation and the earliest appointment (post needs time).
INVITATION_LEAD_WORKING_DAYS = env_int("INVITATION_LEAD_WORKING_DAYS", 5)
INVITATION_MAX_ATTEMPTS = env_int("INVITATION_MAX_ATTEMPTS", 5)
# The public address of the portal, printed in letters (cancel or move an appointment).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "https://portal.example.org")
# How the fee is paid at the appointment, as the office words it for its letters (German,
# English): for example "bargeldlos mit Girocard" / "by debit card (girocard)". Empty: the
# letter says to ask the location by phone (the seeds do not say which ways are accepted).
FEE_PAYMENT_DE = os.environ.get("FEE_PAYMENT_DE", "")
FEE_PAYMENT_EN = os.environ.get("FEE_PAYMENT_EN", "")
# Closed requests are anonymised this many days after they were closed.
CLOSED_REQUEST_RETENTION_DAYS = env_int("CLOSED_REQUEST_RETENTION_DAYS", 730)
# Idle applicant sessions end after this many seconds (a warning comes first).
APPLICANT_IDLE_TIMEOUT = env_int("APPLICANT_IDLE_TIMEOUT", 1800)
# Letters in one print batch (appointments/printing.py).
PRINT_BATCH_MAX_LETTERS = env_int("PRINT_BATCH_MAX_LETTERS", 1000)
# Started attempts of the print-batch task before the batch fails (appointments.printing).
PRINT_BATCH_MAX_ATTEMPTS = env_int("PRINT_BATCH_MAX_ATTEMPTS", 3)
