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
import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal import deployment

BASE_DIR = Path(__file__).resolve().parent.parent


def _strict_bool(value) -> bool:
    """A boolean variable: 1/0, true/false, yes/no, on/off; anything else stops the start."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"A boolean setting must be 1/0 or true/false, got {value!r}.")


# Every environment variable the portal reads, with its type and default: the
# one place of defaults (README, "Configuration"). ``None`` means "derived
# below" (from DEBUG or VAR_DIR) or "required outside DEBUG".
env = environ.Env(
    DEBUG=(_strict_bool, False),
    DEMO_MODE=(_strict_bool, False),
    VAR_DIR=(str, None),
    SECRET_KEY=(str, ""),
    SECRET_KEY_FALLBACKS=(list, []),
    FIELD_ENCRYPTION_KEYS=(list, []),
    ALLOWED_HOSTS=(list, None),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, None),
    DB_CONN_MAX_AGE=(int, 600),
    ADMIN_REQUIRE_2FA=(_strict_bool, None),
    TRUSTED_PROXY_COUNT=(int, 0),
    STATIC_ROOT=(str, None),
    STATIC_MANIFEST=(_strict_bool, None),
    FILE_STORAGE_ROOT=(str, None),
    CLAMD_ADDRESS=(str, ""),
    CLAMD_TIMEOUT=(int, 30),
    UPLOAD_RATE_LIMIT_PER_HOUR=(int, 60),
    EMAIL_BACKEND=(str, None),
    EMAIL_HOST=(str, "localhost"),
    EMAIL_PORT=(int, 25),
    EMAIL_HOST_USER=(str, ""),
    EMAIL_HOST_PASSWORD=(str, ""),
    EMAIL_USE_TLS=(_strict_bool, False),
    DEFAULT_FROM_EMAIL=(str, "webmaster@localhost"),
    SESSION_COOKIE_AGE=(int, 8 * 3600),
    SECURE_SSL_REDIRECT=(_strict_bool, None),
    SECURE_PROXY_SSL_HEADER=(_strict_bool, False),
    SECURE_HSTS_SECONDS=(int, None),
    Q_WORKERS=(int, 2),
    Q_TIMEOUT=(int, 120),
    Q_RETRY=(int, 300),
    Q_MAX_ATTEMPTS=(int, 5),
    LOG_LEVEL=(str, "INFO"),
    SECURITY_CONTACT=(str, "tel:+49-911-231-0"),
    INVITATION_LEAD_WORKING_DAYS=(int, 5),
    INVITATION_MAX_ATTEMPTS=(int, 5),
    PORTAL_BASE_URL=(str, "https://portal.example.org"),
    FEE_PAYMENT_DE=(str, ""),
    FEE_PAYMENT_EN=(str, ""),
    CLOSED_REQUEST_RETENTION_DAYS=(int, 730),
    APPLICANT_IDLE_TIMEOUT=(int, 1800),
    PRINT_BATCH_MAX_LETTERS=(int, 1000),
    PRINT_BATCH_MAX_ATTEMPTS=(int, 3),
)
# FILE_STORAGE_BACKEND, FILE_STORAGE_OPTIONS and Q_BROKER_URL choose parts of
# the deployment; portal/deployment.py reads them (and says what is wrong).


def _int(name: str) -> int:
    """An integer variable; a value that is not one stops the start with its name."""
    try:
        return env(name)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {os.environ[name]!r}.") from exc


def _bool(name: str) -> bool | None:
    """A boolean variable; a wrong value stops the start with its name."""
    try:
        return env(name)
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from exc


DEBUG = _bool("DEBUG")
# Demo mode seeds demo data and a demo caseworker account (``make run``). It
# is refused outside DEBUG so that no production system ever has demo logins.
DEMO_MODE = _bool("DEMO_MODE")
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured("DEMO_MODE=1 is only allowed together with DEBUG=1.")

VAR_DIR = Path(env("VAR_DIR") or BASE_DIR / "var")


def _debug_secret_key() -> str:
    """A per-checkout key for local development, kept so that sessions survive restarts."""
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = _debug_secret_key()
# Earlier keys, still accepted for signatures and digests while they run out (key rotation).
SECRET_KEY_FALLBACKS = [key.strip() for key in env("SECRET_KEY_FALLBACKS") if key.strip()]


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
FIELD_ENCRYPTION_KEYS = [key.strip() for key in env("FIELD_ENCRYPTION_KEYS") if key.strip()]
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set when DEBUG is off (generate one with "
            "`python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        )
    FIELD_ENCRYPTION_KEYS = [_debug_field_encryption_key()]

ALLOWED_HOSTS = [host.strip() for host in env("ALLOWED_HOSTS") or [] if host.strip()]
if env("ALLOWED_HOSTS") is None and DEBUG:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = [origin.strip() for origin in env("CSRF_TRUSTED_ORIGINS") if origin.strip()]
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
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
_default_db = dj_database_url.parse(DATABASE_URL)
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    _default_db["OPTIONS"] = {
        # WAL lets the web server read while the queue worker writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _default_db["ENGINE"] == "django.db.backends.postgresql":
    _default_db["CONN_MAX_AGE"] = _int("DB_CONN_MAX_AGE")
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
ADMIN_REQUIRE_2FA = _bool("ADMIN_REQUIRE_2FA")
if ADMIN_REQUIRE_2FA is None:
    ADMIN_REQUIRE_2FA = not DEBUG
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
TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT")
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
ACCOUNT_USER_DISPLAY = "portal.accounts.user_display"
# allauth's forms with "required" messages that name their field (portal/accounts.py).
ACCOUNT_FORMS = {
    form: f"portal.accounts.{name}"
    for form, name in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
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
STATIC_ROOT = Path(env("STATIC_ROOT") or VAR_DIR / "static")
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
FILE_STORAGE_ROOT = Path(env("FILE_STORAGE_ROOT") or VAR_DIR / "files")
MEDIA_ROOT = FILE_STORAGE_ROOT
STORAGES = {
    # Encrypted at rest with FIELD_ENCRYPTION_KEYS (portal/storage.py), on the local folder or
    # on FILE_STORAGE_BACKEND with FILE_STORAGE_OPTIONS (object storage; portal/deployment.py).
    "default": deployment.file_storage(os.environ, root=FILE_STORAGE_ROOT),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if (not DEBUG if _bool("STATIC_MANIFEST") is None else _bool("STATIC_MANIFEST"))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Virus scanning of uploads with clamd (portal/virus_scan.py): off when empty;
# when set, a file is stored only after clamd answered OK (fails closed).
CLAMD_ADDRESS = env("CLAMD_ADDRESS").strip()
CLAMD_TIMEOUT = _int("CLAMD_TIMEOUT")
# Files one client may upload per hour (the wizard's documents page and the
# online hand-in together); more answer 429.
UPLOAD_RATE_LIMIT_PER_HOUR = _int("UPLOAD_RATE_LIMIT_PER_HOUR")

# --- E-mail ------------------------------------------------------------------------------

EMAIL_BACKEND = env("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = _int("EMAIL_PORT")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
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
SESSION_COOKIE_AGE = _int("SESSION_COOKIE_AGE")
# Database sessions, an existing one saved by a single UPDATE (portal/session.py).
SESSION_ENGINE = "portal.session"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SECURE_SSL_REDIRECT = (
    SECURE if _bool("SECURE_SSL_REDIRECT") is None else _bool("SECURE_SSL_REDIRECT")
)
# The health check is probed over plain HTTP inside the deployment network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if _bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS")
if SECURE_HSTS_SECONDS is None:
    SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
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
    "workers": _int("Q_WORKERS"),
    "timeout": _int("Q_TIMEOUT"),
    "retry": _int("Q_RETRY"),
    "max_attempts": _int("Q_MAX_ATTEMPTS"),
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
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
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
SECURITY_CONTACT = env("SECURITY_CONTACT")

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
INVITATION_LEAD_WORKING_DAYS = _int("INVITATION_LEAD_WORKING_DAYS")
INVITATION_MAX_ATTEMPTS = _int("INVITATION_MAX_ATTEMPTS")
# The public address of the portal, printed in letters (cancel or move an appointment).
PORTAL_BASE_URL = env("PORTAL_BASE_URL")
# How the fee is paid at the appointment, as the office words it for its letters (German,
# English): for example "bargeldlos mit Girocard" / "by debit card (girocard)". Empty: the
# letter says to ask the location by phone (the seeds do not say which ways are accepted).
FEE_PAYMENT_DE = env("FEE_PAYMENT_DE")
FEE_PAYMENT_EN = env("FEE_PAYMENT_EN")
# Closed requests are anonymised this many days after they were closed.
CLOSED_REQUEST_RETENTION_DAYS = _int("CLOSED_REQUEST_RETENTION_DAYS")
# Idle applicant sessions end after this many seconds (a warning comes first).
APPLICANT_IDLE_TIMEOUT = _int("APPLICANT_IDLE_TIMEOUT")
# Letters in one print batch (appointments/printing.py).
PRINT_BATCH_MAX_LETTERS = _int("PRINT_BATCH_MAX_LETTERS")
# Started attempts of the print-batch task before the batch fails (appointments.printing).
PRINT_BATCH_MAX_ATTEMPTS = _int("PRINT_BATCH_MAX_ATTEMPTS")
