"""gongzhi settings, read from the environment (see README "Production")."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me" if DEBUG else None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
VAR_DIR = Path(env("GZ_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "gongzhi.accounts.admin_site.SecondFactorAdminConfig",  # django.contrib.admin, behind 2FA
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "gongzhi.core",
    "gongzhi.orgs",
    "gongzhi.accounts",
    "gongzhi.programs",
    "gongzhi.progress",
    "gongzhi.community",
    "gongzhi.activities",
    "gongzhi.services",
    "gongzhi.residents",
    "gongzhi.surveys",
    "gongzhi.selfgov",
    "gongzhi.funds",
    "gongzhi.supervision",
    "gongzhi.smart",
    "gongzhi.documents",
    "gongzhi.evaluation",
    "gongzhi.exchange",
    "gongzhi.cases",
    "gongzhi.dashboards",
    "gongzhi.archives",
    "gongzhi.api",
    "gongzhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongzhi.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongzhi.core.middleware.AuditRefusalMiddleware",
    "gongzhi.core.options.OptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongzhi.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongzhi.accounts.middleware.IdleLogoutMiddleware",
    "gongzhi.accounts.middleware.SecondFactorMiddleware",
    "gongzhi.accounts.middleware.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongzhi.urls"
WSGI_APPLICATION = "gongzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongzhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongzhi.core.context_processors.navigation",
                "gongzhi.core.context_processors.demo_day",
            ],
            "builtins": ["gongzhi.core.templatetags.gz"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gongzhi.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A read replica for the background reports and exports (gongzhi.core.routers).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["gongzhi.core.routers.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer (WAL); a writer waits its turn for up to GZ_SQLITE_TIMEOUT
    # seconds instead of failing with "database is locked"; transactions take the write lock when
    # they begin, so two writers queue instead of deadlocking on an upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": env.int("GZ_SQLITE_TIMEOUT", default=20),
            "transaction_mode": "IMMEDIATE",
        }
    )
# How PostgreSQL plans a page's queries, set on each connection. A page reads a few rows off an
# index; parallel plans start workers for them and scan the unit table instead (a street's 督办
# count at province: 101 → 16 ms without them; a worker that rebuilds whole summaries may set
# GZ_PG_PARALLEL_WORKERS=2). JIT compiles a query whose estimated cost is high: the navbar's
# to-do count (a COUNT per source in one query) spent 2.5 s compiling to run in 66 ms.
GZ_PG_SESSION_OPTIONS = (
    f"-c max_parallel_workers_per_gather={env.int('GZ_PG_PARALLEL_WORKERS', default=0)} "
    f"-c jit={'on' if env.bool('GZ_PG_JIT', default=False) else 'off'}"
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} {GZ_PG_SESSION_OPTIONS}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "gongzhi.accounts.passwords.CharacterClassValidator"},
    {"NAME": "gongzhi.accounts.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gongzhi.accounts.passwords.CommonPatternValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock a user name at one address for 15 minutes after 5 failed logins there (failures from
# another address cannot lock its owner out); an address that fails GZ_LOGIN_ADDRESS_LIMIT times
# within those 15 minutes, whatever the user names, is locked for all of them. Offices often
# share one NAT address, so the second limit is generous (0 turns it off).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "gongzhi.accounts.lockout.AddressLimitHandler"
GZ_LOGIN_ADDRESS_LIMIT = env.int("GZ_LOGIN_ADDRESS_LIMIT", default=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("GZ_PROXY_COUNT", default=0)
AXES_VERBOSE = False
# Second factor (TOTP, django-otp): required for the program office, finance and anyone with
# admin rights while this is on; optional for everyone else. Wrong codes count as failed logins.
GZ_OTP_REQUIRED = env.bool("GZ_OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = "共治"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]  # masked in axes records
# Passwords older than this many days must be changed before anything else (0: never).
GZ_PASSWORD_MAX_AGE_DAYS = env.int("GZ_PASSWORD_MAX_AGE_DAYS", default=0)

# Log out after 30 idle minutes: the middleware ends the session (it records activity at most once
# a minute, to spare the session store); the session's own age is the backstop.
IDLE_LOGOUT_SECONDS = 30 * 60
IDLE_TOUCH_SECONDS = 60
SESSION_COOKIE_AGE = IDLE_LOGOUT_SECONDS + IDLE_TOUCH_SECONDS
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "gongzhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "gongzhi" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "GZ_STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Files: local disk by default; S3-compatible object storage (MinIO, Ceph, OSS, COS …) when a
# bucket is named. Files stay private: they are served through the audited download views.
if env("GZ_S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("GZ_S3_BUCKET"),
            "endpoint_url": env("GZ_S3_ENDPOINT_URL", default=None),
            "region_name": env("GZ_S3_REGION", default=None),
            "access_key": env("GZ_S3_ACCESS_KEY", default=None),
            "secret_key": env("GZ_S3_SECRET_KEY", default=None),
            "location": env("GZ_S3_PREFIX", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

TASKS = {
    "default": {
        "BACKEND": env("GZ_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# Many workers: the RQ backend on Redis (`manage.py rqworker default --with-scheduler`).
GZ_REDIS_URL = env("GZ_REDIS_URL", default="redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": GZ_REDIS_URL}}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# Personal data (phones, ID numbers) is encrypted with this key: 32 random bytes in base64, made
# once with `python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"` and
# kept apart from database backups. Required when DEBUG is off (the start stops without it); only
# a DEBUG demo derives one from SECRET_KEY.
GZ_FIELD_KEY = env("GZ_FIELD_KEY", default="" if DEBUG else environ.Env.NOTSET)
# Key rotation: the previous keys (comma-separated), still read until `rotate_field_key` has
# re-encrypted every value under GZ_FIELD_KEY. The cipher is "aes" (AES-256-GCM) or "sm4"
# (SM4, GB/T 32907). The blind index has its own key, which stays when GZ_FIELD_KEY rotates:
# before a first rotation, set GZ_INDEX_KEY to the GZ_FIELD_KEY it was derived from.
GZ_FIELD_KEYS_OLD = env.list("GZ_FIELD_KEYS_OLD", default=[])
GZ_FIELD_CIPHER = env("GZ_FIELD_CIPHER", default="aes")
GZ_INDEX_KEY = env("GZ_INDEX_KEY", default="")
# Revealing a full phone or ID number: at most this many per user per hour.
GZ_REVEAL_PER_HOUR = env.int("GZ_REVEAL_PER_HOUR", default=20)
# A demo only: view programs as on this day (YYYY-MM-DD), so a demo history reads as a program in
# progress. Refused when DEBUG is off (check gongzhi.E002).
GZ_DEMO_TODAY = env("GZ_DEMO_TODAY", default="")
# Needs a resident may raise from one address in an hour on a community's public page.
GZ_NEEDS_PER_ADDRESS_PER_HOUR = env.int("GZ_NEEDS_PER_ADDRESS_PER_HOUR", default=5)
# Survey answers one address may send in an hour (a household shares one phone or router).
GZ_SURVEY_RESPONSES_PER_ADDRESS_PER_HOUR = env.int(
    "GZ_SURVEY_RESPONSES_PER_ADDRESS_PER_HOUR", default=30
)
# QR sign-in at an activity opens this many minutes before it starts and closes at its end.
GZ_SIGNIN_OPENS_BEFORE_MINUTES = env.int("GZ_SIGNIN_OPENS_BEFORE_MINUTES", default=30)
GZ_EVIDENCE_MAX_BYTES = env.int("GZ_EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# A request's form data besides its files (files are bounded by the limits above and below);
# the reverse proxy bounds the whole body (README: client_max_body_size).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("GZ_DATA_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# Job result files (exports, reports) and uploaded import files are deleted by
# `manage.py purge_files` after this many days; the jobs stay listed.
GZ_FILE_RETENTION_DAYS = env.int("GZ_FILE_RETENTION_DAYS", default=30)
# Audit entries are kept at least 180 days (check gongzhi.E020); `manage.py purge_audit`
# deletes older ones only, and the database refuses to delete younger ones.
GZ_AUDIT_RETENTION_DAYS = env.int("GZ_AUDIT_RETENTION_DAYS", default=180)
# `manage.py audit_digest`: entries per account or address in 24 hours that make a burst.
GZ_AUDIT_BURSTS = {
    "access_denied": env.int("GZ_AUDIT_BURST_REFUSALS", default=20),
    "export": env.int("GZ_AUDIT_BURST_EXPORTS", default=20),
    "reveal": env.int("GZ_AUDIT_BURST_REVEALS", default=20),
    "login_failed": env.int("GZ_AUDIT_BURST_FAILED_LOGINS", default=10),
}
# Excel imports: the largest upload, the most rows, and what an xlsx may unpack to (its total
# size, and how many times its packed size) before anything parses it.
GZ_IMPORT_MAX_BYTES = env.int("GZ_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
GZ_IMPORT_MAX_ROWS = env.int("GZ_IMPORT_MAX_ROWS", default=100_000)
GZ_IMPORT_MAX_UNPACKED = env.int("GZ_IMPORT_MAX_UNPACKED", default=200 * 1024 * 1024)
GZ_IMPORT_MAX_RATIO = env.int("GZ_IMPORT_MAX_RATIO", default=100)
# An export of at most this many rows downloads at once; a larger one runs as a job.
GZ_INLINE_EXPORT_MAX_ROWS = env.int("GZ_INLINE_EXPORT_MAX_ROWS", default=2000)
# A program with at most this many tasks has its out-of-date cockpit summary rebuilt in the
# request that reads it; a larger one waits for the worker (gongzhi/dashboards/summaries.py).
GZ_SUMMARY_INLINE_MAX_TASKS = env.int("GZ_SUMMARY_INLINE_MAX_TASKS", default=1000)
# a picker (units, organisations, tasks) lists at most this many; the others are found by name
GZ_PICKER_SHOWN = env.int("GZ_PICKER_SHOWN", default=200)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="gongzhi@localhost")
GZ_SITE_URL = env("GZ_SITE_URL", default="http://127.0.0.1:8000")

# Smart community: the MQTT broker the alarm ingester subscribes to, and alarm escalation.
GZ_MQTT_HOST = env("GZ_MQTT_HOST", default="127.0.0.1")
GZ_MQTT_PORT = env.int("GZ_MQTT_PORT", default=1883)
GZ_MQTT_USERNAME = env("GZ_MQTT_USERNAME", default="")
GZ_MQTT_PASSWORD = env("GZ_MQTT_PASSWORD", default="")
GZ_MQTT_CLIENT_ID = env("GZ_MQTT_CLIENT_ID", default="gongzhi-alarm-ingest")
GZ_ALARM_ESCALATE_STREET_MINUTES = env.int("GZ_ALARM_ESCALATE_STREET_MINUTES", default=5)
GZ_ALARM_ESCALATE_CITY_MINUTES = env.int("GZ_ALARM_ESCALATE_CITY_MINUTES", default=15)
# The map's tiles, e.g. an intranet server's "https://tiles.example.gov.cn/{z}/{x}/{y}.png" in
# WGS-84; empty (default): a plain background, no tile server needed.
GZ_MAP_TILE_URL = env("GZ_MAP_TILE_URL", default="")
# The 好德行 platform client (gongzhi/exchange/client.py): files until its API is plugged in.
GZ_HAODEXING_CLIENT = env("GZ_HAODEXING_CLIENT", default="gongzhi.exchange.client.FileClient")

# Content-Security-Policy (django-csp): scripts and style sheets from this site only, no inline
# scripts (tests/core/test_headers.py fails on an inline <script> or an on…= handler in a
# template). Inline style *attributes* are allowed (style-src-attr): templates size cards and
# bars with them, and ECharts draws its SVG and tooltips with them; <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# Permissions-Policy: no page uses the camera, microphone or location (photos are chosen with
# the file picker, which needs no camera permission).
GZ_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# The API (/api/v1/): session auth for the browser, personal tokens for integrations.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gongzhi.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "gongzhi.api.auth.TokenScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["gongzhi.api.auth.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env("GZ_API_RATE", default="600/min")},
    "DEFAULT_PAGINATION_CLASS": "gongzhi.api.pagination.StableCursor",
    "DEFAULT_SCHEMA_CLASS": "gongzhi.api.schema.ApiSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "gongzhi.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "共治 gongzhi API",
    "DESCRIPTION": "社区治理项目管理平台数据接口 / The gongzhi platform's API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # reports, rounds and supervision reports share the review states
    "ENUM_NAME_OVERRIDES": {"ReviewStateEnum": "gongzhi.core.review.ReviewState"},
}
