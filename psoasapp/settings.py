"""Settings for psoasapp, read from the environment.

Every variable is listed in the README. Development (`make run`) sets
DJANGO_DEBUG=1; anything else is production, which refuses to start without
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs a long random secret; "
            "set DJANGO_DEBUG=1 for local development."
        )
    # Development only: never used when DEBUG is off.
    SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is not set. List the host names this site answers "
            "to, separated by commas (for example: psoasapp.example.org)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The bottom layer first: it imports no other app of the project.
    "core",
    "psoasapp",
    "exercises",
    "quiz",
    "journal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    # The task queue's table and its `db_worker` (journal.tasks: reminders).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages that meet an unavailable database answer 503 (core/outage.py).
    "core.outage.OutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.audit.AuditMiddleware",
    "psoasapp.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "psoasapp.urls"
WSGI_APPLICATION = "psoasapp.wsgi.application"
ASGI_APPLICATION = "psoasapp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} and |date, remembered per process (core/remembered.py).
            "builtins": ["core.remembered"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "psoasapp.context_processors.site",
            ],
        },
    },
]
# Django's form markup, written in Python where Django ships the template
# (psoasapp/form_renderer.py): the same bytes, a fraction of the time.
FORM_RENDERER = "psoasapp.form_renderer.FormRenderer"

# Database: SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in
# production, through psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if "DATABASE_URL" not in os.environ:
        VAR_DIR.mkdir(exist_ok=True)
    # Several gunicorn workers share one file: WAL lets readers run beside a
    # writer, IMMEDIATE takes the write lock at BEGIN (so a transaction never
    # fails half-way on upgrade), and the busy timeout makes a second writer
    # wait instead of failing with "database is locked".
    # Writers queue on a lock file rather than in SQLite's busy handler,
    # which sleeps in whole milliseconds (psoasapp/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "psoasapp.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# When the database fails (README "When the database fails"). A stalled
# PostgreSQL must not hold a worker until gunicorn kills it: a new connection
# gives up after DJANGO_DB_CONNECT_TIMEOUT seconds, and the server cancels any
# statement after DJANGO_DB_STATEMENT_TIMEOUT milliseconds (0 turns it off, for
# a long migration say). Options given in DATABASE_URL's query win. SQLite keeps
# its busy timeout above. /healthz (core/health.py) also checks that a write
# goes through and that HEALTHZ_DISK_PATH has HEALTHZ_MIN_FREE_MB free; pages
# that meet an unavailable database answer 503 with Retry-After:
# OUTAGE_RETRY_AFTER seconds (core/outage.py).
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "3"))
DATABASE_STATEMENT_TIMEOUT = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "15000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    _pg_options["options"] = " ".join(
        part
        for part in (
            f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}",
            _pg_options.get("options", ""),
        )
        if part
    )
    # Connection pooling (README "Production"): each server process keeps a
    # few connections open in psycopg's pool, checked before each use, instead
    # of one persistent connection per process (Django refuses both at once).
    if env_bool("DJANGO_DB_POOL"):
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        _pg_options["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("DJANGO_DB_POOL_MAX_SIZE", "4")),
            # Seconds a request waits for a free connection before failing.
            "timeout": DATABASE_CONNECT_TIMEOUT + 7,
        }
HEALTHZ_DISK_PATH = Path(
    os.environ.get("HEALTHZ_DISK_PATH")
    or (
        Path(DATABASES["default"]["NAME"]).parent
        if DATABASES["default"]["ENGINE"] == "psoasapp.sqlite"
        else VAR_DIR
    )
)
HEALTHZ_MIN_FREE_MB = int(os.environ.get("HEALTHZ_MIN_FREE_MB", "200"))
OUTAGE_RETRY_AFTER = int(os.environ.get("OUTAGE_RETRY_AFTER", "30"))

# Cache shared by every server process (allauth's rate limits count in it):
# Redis when REDIS_URL is set, otherwise a table in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Each process's own memory, for the dashboard's rendered body: health data
# never goes to the shared cache (journal/cache.py says how it stays fresh).
DASHBOARD_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "psoasapp-dashboard",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "psoasapp",
        },
        "dashboard": DASHBOARD_CACHE,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
        "dashboard": DASHBOARD_CACHE,
    }

AUTH_USER_MODEL = "psoasapp.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: email is the login; the address must be confirmed first.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS_ENABLED = True
# No enumeration: whether an address has an account is itself health
# information here. Sign-up with a registered address answers as for a new one
# and emails the address's owner instead (account/email/account_already_exists);
# password reset answers the same for any address and mails only known ones.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[psoasapp] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Sign-up adds the consent to storing health data (psoasapp.forms.SignupForm).
ACCOUNT_FORMS = {"signup": "psoasapp.forms.SignupForm"}
# Account emails greet by the site's name and keep each link whole on one line.
ACCOUNT_ADAPTER = "psoasapp.adapter.AccountAdapter"

# Two-factor authentication, passkeys, logged-in browsers and re-authentication
# (allauth.mfa, allauth.usersessions; README "Two-factor authentication and passkeys").
INSTALLED_APPS += ["allauth.mfa", "allauth.usersessions"]
# Sends staff who must use two factors and have none to the setup page
# (psoasapp.two_factor); after allauth's middleware, which it relies on.
MIDDLEWARE += ["psoasapp.two_factor.TwoFactorRequiredMiddleware"]
# An authenticator app (TOTP) with recovery codes, and WebAuthn keys: as a
# second factor, or a passkey that signs in on its own. WebAuthn needs https,
# or http://localhost in development (fido2 accepts it without an insecure
# origin setting).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "psoasapp"
MFA_FORMS = {"add_webauthn": "psoasapp.forms.AddPasskeyForm"}
# The sessions list keeps the address and browser of each login only: the
# privacy notice says so. Tracking activity would store them on every request.
USERSESSIONS_TRACK_ACTIVITY = False
# Confirm the password (or a second factor) again before the download, the
# deletion, and changes to email, password and two-factor authentication; a
# confirmation holds for this many seconds.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# The password, or a second factor when one is on; not a code sent by email,
# which would let the mailbox stand in for the second factor.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
ACCOUNT_REAUTHENTICATION_TIMEOUT = int(
    os.environ.get("DJANGO_REAUTHENTICATION_TIMEOUT", "300")
)
# Who must enrol a second factor before using the admin.
TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = env_bool(
    "DJANGO_TWO_FACTOR_SUPERUSERS", default=True
)
TWO_FACTOR_REQUIRED_FOR_STAFF = env_bool("DJANGO_TWO_FACTOR_STAFF", default=False)

# The privacy notice users consent to (templates/psoasapp/privacy.html). Change
# it with the notice: new consents are stored against the new version.
PRIVACY_NOTICE_VERSION = "1.4"

# Retention: `manage.py maintain` (run daily) deletes audit events older than
# this many days (core.audit.audit_prune). Twelve months by default, as the
# privacy notice says; change the notice with it.
_audit_retention_days = os.environ.get("DJANGO_AUDIT_RETENTION_DAYS", "365").strip()
if not (
    _audit_retention_days.isascii()
    and _audit_retention_days.isdigit()
    and int(_audit_retention_days) >= 1
):
    raise ImproperlyConfigured(
        "DJANGO_AUDIT_RETENTION_DAYS must be a whole number of days, 1 or more "
        f"(it is {_audit_retention_days!r}); leave it unset for 365."
    )
AUDIT_RETENTION_DAYS = int(_audit_retention_days)

# Email: the console in development, SMTP in production (Django 6.1's MAILERS).
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_email_backend = os.environ.get("DJANGO_EMAIL_BACKEND", "console" if DEBUG else "smtp")
_default_mailer: dict = {"BACKEND": EMAIL_BACKENDS.get(_email_backend, _email_backend)}
if _default_mailer["BACKEND"] == EMAIL_BACKENDS["smtp"]:
    _default_mailer["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "587")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=True),
        "timeout": 10,
    }
MAILERS = {"default": _default_mailer}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "psoasapp <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (Django 6.1's django.tasks): stored in the database by
# django-tasks-db and run by `manage.py db_worker`, so web requests never send
# reminder emails themselves (journal.reminders). DJANGO_TASKS_BACKEND=immediate
# runs them in the calling process instead (no worker needed).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("DJANGO_TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(_tasks_backend, _tasks_backend)}}


# The site's own address, for links in emails sent by the worker and in the
# calendar address (no request to build them from): DJANGO_SITE_URL, else the
# first allowed host over HTTPS; `make run` sets it to the address it serves.
# Checked here, as the secret key is: a wrong one would put a dead link in
# every reminder email.
def _site_url() -> str:
    given = os.environ.get("DJANGO_SITE_URL", "").strip()
    if not given:
        if DEBUG:
            return "http://127.0.0.1:8000"
        host = ALLOWED_HOSTS[0]
        if host == "*" or host.startswith("."):
            raise ImproperlyConfigured(
                f"DJANGO_SITE_URL is not set, and the first of DJANGO_ALLOWED_HOSTS "
                f"({host!r}) is a pattern, not a host name. Set DJANGO_SITE_URL to "
                "the site's address, such as https://psoasapp.example.org: reminder "
                "emails and the calendar address link to it."
            )
        given = f"https://{host}"
    parts = urlsplit(given)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL ({given!r}) must be the site's address alone, with "
            "http:// or https:// and nothing after the host name (and port), such "
            "as https://psoasapp.example.org."
        )
    return given.rstrip("/")


SITE_URL = _site_url()

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files (exercise photos, re-encoded by exercises/images.py): stored
# below MEDIA_ROOT under random names, served at MEDIA_URL by core.media.serve
# (whitenoise serves only static files), or by the front web server's
# `location /media/` when there is one (README "Uploaded images").
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"

# Content-Security-Policy: nothing inline, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(
    os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(14 * 24 * 3600))
)
if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Behind nginx every request comes from the proxy's address: allauth's rate
# limits per IP (30 logins a minute, 10 failed ones) would then count the whole
# site as one client. With DJANGO_TRUSTED_PROXY_COUNT proxies of our own in
# front, allauth takes the client's address from X-Forwarded-For, as many
# entries from the right as there are proxies (what a client wrote further left
# is ignored). 0, the default, trusts no header: gunicorn faces clients itself.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    # Django's own "django" logger prints to the console in DEBUG and passes
    # the record on to the root's: every line came out twice (the worker's
    # task lines, runserver's). Its other handler mails ADMINS, which is
    # empty. The root's handler prints them once.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
