"""Settings for Samarbeid: one module, read from the environment.

See README.md, "Configuration", for every variable. Development defaults
(SQLite, DEBUG off but allowed) need no variables at all; production refuses to
start without a real SECRET_KEY.
"""

import datetime
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from samarbeid.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "data"))).resolve()

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
# Serving without a real key is refused (samarbeid/wsgi.py, asgi.py and `check --deploy`);
# offline commands such as migrate and makemigrations may run with a throwaway one.
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    SECRET_KEY = (
        "django-insecure-development-only-key-do-not-use-in-production-0123456789"
        if DEBUG
        else "django-insecure-throwaway-" + secrets.token_urlsafe(40)
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Seconds a PDF may take to render before it is stopped with a message (samarbeid/pdf.py).
PDF_TIME_LIMIT = env_int("PDF_TIME_LIMIT", 25)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "simple_history",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # Before django_tasks_db: its `db_worker` command is ours (samarbeid/worker.py).
    "samarbeid",
    "django_tasks_db",
    "moter",
    "handlingsplan",
    "avtaler",
    "arbeid",
    "sok",
    "indikatorar",
    "medlem",
]

MIDDLEWARE = [
    # Outermost, so static files and error pages get the header too.
    "samarbeid.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samarbeid.middleware.PrivateCacheMiddleware",
    "samarbeid.middleware.StaffIdleTimeoutMiddleware",
    "samarbeid.middleware.SecondFactorMiddleware",
    "samarbeid.middleware.AdminObjectIdMiddleware",
    "samarbeid.middleware.RenderErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samarbeid.urls"
WSGI_APPLICATION = "samarbeid.wsgi.application"
ASGI_APPLICATION = "samarbeid.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
# Widgets are rendered with the templates above, so that templates/admin/widgets/ can change
# Django's admin widgets (the wrapper of related fields has no "delete" link there); selects,
# inputs and text areas are written in Python with Django's markup (samarbeid/forms.py).
FORM_RENDERER = "samarbeid.forms.FormRenderer"

# --- Database ------------------------------------------------------------
# SQLite in DATA_DIR unless DATABASE_URL names a PostgreSQL database.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": database_from_url(
            DATABASE_URL,
            pool_max=env_int("DB_POOL_MAX", 10),
            connect_timeout=env_int("DB_CONNECT_TIMEOUT", 3),
        )
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "samarbeid.sqlite3",
            "OPTIONS": {
                # Writers take the lock at BEGIN, so two writers queue instead of
                # failing half-way with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks (Django's tasks API, stored in the database) --------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task another machine's worker has run this long is taken for left behind by a stopped
# worker when a worker starts (samarbeid/worker.py); this machine's are known at once.
TASKS_STALE_MINUTES = env_int("TASKS_STALE_MINUTES", 15)

# --- Auth ----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "arbeid:start"
LOGOUT_REDIRECT_URL = "front"
# The lockout check first (it refuses before the password is tried), then the passwords.
AUTHENTICATION_BACKENDS = [
    "samarbeid.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Single sign-on by OpenID Connect (mozilla-django-oidc; medlem/oidc.py), only when the
# identity provider's client id is given. The provider's verified e-mail finds the person.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("medlem.oidc.PersonBackend")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email"
    OIDC_USE_PKCE = True
    LOGIN_REDIRECT_URL_FAILURE = "login"
    for _name in ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT",
                  "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT"):  # fmt: skip
        if not globals()[_name]:
            raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set, so {_name} is needed too.")
# The button on the login page, e.g. "Logg inn med Helse Vest-ID".
OIDC_LOGIN_LABEL = env_str("OIDC_LOGIN_LABEL", "")

# Wrong passwords (django-axes, attempts kept in the database and logged): an account is
# locked after LOGIN_FAILURE_LIMIT failures, from wherever they come; an address after
# LOGIN_IP_FAILURE_LIMIT failures across accounts (higher, since a municipality's whole
# office may share one address). Both for LOGIN_LOCKOUT_MINUTES, counted from the last failure.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 20)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "samarbeid.auth.LoginAttempts"
AXES_RESET_ON_SUCCESS = True  # a right password clears the account's failures
AXES_LOCKOUT_CALLABLE = "samarbeid.auth.locked_out"
AXES_CLIENT_IP_CALLABLE = "samarbeid.auth.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]

# Two-factor login (django-otp, TOTP) for the secretariat: staff and members of the editors'
# group pass a code from an authenticator app after the password. On unless DEBUG.
REQUIRE_2FA = env_bool("REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Samarbeid"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The secretariat is logged out after this many idle minutes (0: never); members keep
# Django's two-week session.
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)

# --- Language and time ---------------------------------------------------
LANGUAGE_CODE = "nn"
LANGUAGES = [("nn", _("Nynorsk")), ("nb", _("Bokmål")), ("en", _("English"))]
# Our own strings (kept by `make messages`), then our nn/nb translations of the Django and
# django-filter strings that those libraries' own catalogues lack (locale_django/README.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
TIME_ZONE = "Europe/Oslo"
# One date format per interface language: "3. desember 2026 kl. 12.30" in nn and nb,
# "3 December 2026, 12:30" in English (samarbeid/formats/).
FORMAT_MODULE_PATH = ["samarbeid.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"
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

# --- Mail ----------------------------------------------------------------
# Django 6.1's MAILERS. Development prints mail to the console; production names
# the SMTP backend and its server in EMAIL_* variables.
_mail_backend = env_str(
    "EMAIL_BACKEND",
    f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend",
)
_mail_options = {}
if _mail_backend == "django.core.mail.backends.smtp.EmailBackend":
    _mail_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": env_int("EMAIL_TIMEOUT", 20),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samarbeidssekretariatet <sse@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The accessibility statement: whom to tell, and the statement's page at uustatus.no.
ACCESSIBILITY_CONTACT = env_str(
    "ACCESSIBILITY_CONTACT",
    DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip(),
)
UUSTATUS_URL = env_str("UUSTATUS_URL", "https://www.uustatus.no/")

# --- Security ------------------------------------------------------------
# No inline scripts or styles anywhere: everything is served from our own origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", not DEBUG)  # off only behind plain HTTP (development, tests)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
# Behind a reverse proxy the client's address is the last one in X-Forwarded-For (the one the
# proxy added); without one, the header is the client's to forge and is ignored.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO; refused fetches come at ERROR.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
