"""QualiForma settings, all read from the environment.

DATABASE_URL selects the database; without it an embedded PostgreSQL
starts with its data under var/ (see qualiforma.embedded_db).
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from qualiforma.embedded_db import embedded_database_url
from qualiforma.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("QUALIFORMA_VAR_DIR", str(BASE_DIR / "var")))


def _development_secret_key():
    """Return a key generated once for this checkout and kept under var/."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# Production: HTTPS only, and the keys and hosts must come from the
# environment (system checks qualiforma.E001-E011 refuse otherwise).
PRODUCTION = env_bool("QUALIFORMA_PRODUCTION", False)
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or _development_secret_key()
SECRET_KEY_FROM_ENVIRONMENT = bool(env_str("DJANGO_SECRET_KEY"))

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [".localhost", "localhost", "127.0.0.1", "testserver"]
)
ALLOWED_HOSTS_FROM_ENVIRONMENT = bool(env_str("DJANGO_ALLOWED_HOSTS"))

SECURE_SSL_REDIRECT = PRODUCTION
# The load balancer probes plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION and env_bool("QUALIFORMA_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if env_bool("QUALIFORMA_BEHIND_TLS_PROXY", False):
    # Only behind a proxy that sets this header itself on every request.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Host names that serve the platform (public schema) rather than a tenant.
PUBLIC_HOSTS = env_list("QUALIFORMA_PUBLIC_HOSTS", ["localhost", "127.0.0.1"])
# A tenant's pages live on "<slug>.<TENANT_DOMAIN_SUFFIX>".
TENANT_DOMAIN_SUFFIX = env_str("QUALIFORMA_TENANT_DOMAIN_SUFFIX", "localhost")

SHARED_APPS = [
    "django_tenants",
    "qualiforma",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "users",
    # Platform operators' refresh tokens live in the public schema.
    "rest_framework_simplejwt.token_blacklist",
    "idempotency",
    "axes",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.admin",
    "django.contrib.sessions",
    "django.contrib.messages",
    "users",
    "courses",
    "payments",
    "enrollments",
    "pages",
    # Outstanding and revoked refresh tokens, in each tenant's own schema.
    "rest_framework_simplejwt.token_blacklist",
    "idempotency",
    # Failed sign-ins are counted per tenant, in its schema.
    "axes",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# Issue `SET search_path` only when the schema changes, not on every cursor.
TENANT_LIMIT_SET_CALLS = True
# New tenants' schemas are copies of this one, which migrate_schemas keeps
# migrated (tenants/template.py); empty to run every migration instead. No
# slug maps to a name that starts with "_".
TENANT_TEMPLATE_SCHEMA = env_str("QUALIFORMA_TENANT_TEMPLATE_SCHEMA", "_template")
GET_EXECUTOR_FUNCTION = "tenants.template.get_executor"
# How long a process may keep serving a tenant it looked up (tenants/cache.py).
TENANT_CACHE_SECONDS = env_int("QUALIFORMA_TENANT_CACHE_SECONDS", 5, minimum=0)

MIDDLEWARE = [
    "qualiforma.middleware.BodySizeLimitMiddleware",
    "qualiforma.middleware.NulByteMiddleware",
    "tenants.middleware.TenantResolutionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "qualiforma.middleware.DisplayTimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the header-setting middleware, so that replays carry them too.
    "idempotency.middleware.IdempotencyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qualiforma.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "qualiforma.urls_public"
WSGI_APPLICATION = "qualiforma.wsgi.application"
ASGI_APPLICATION = "qualiforma.asgi.application"

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

DATABASE_URL_FROM_ENVIRONMENT = bool(env_str("DATABASE_URL"))
DATABASE_URL = env_str("DATABASE_URL") or embedded_database_url(VAR_DIR / "pgdata")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        engine="qualiforma.postgresql_backend",
    )
}
# Values stay bound on the client (Django's default with psycopg 3). Server
# binding would let connections prepare the hot statements, about 0.1 ms a
# request, but a prepared SELECT fails on its connection for good once a
# migration changes a column's type, and a rollout over tenants serves
# schemas on both sides of that change at once.
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Nothing caches responses today; whatever uses the cache later gets keys
# prefixed with the tenant's schema, so one tenant never reads another's.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in lockout (django-axes): per account and per client address.
AXES_FAILURE_LIMIT = env_int("QUALIFORMA_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("QUALIFORMA_SIGNIN_COOLOFF_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success must not wipe the failures: with per-address counting it would
# erase every account's failures from that address, and let one valid
# account reset the count while guessing another's password.
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "qualiforma.lockout.signin_username"
AXES_CLIENT_IP_CALLABLE = "qualiforma.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "qualiforma.lockout.lockout_response"
# Registered on the tenant admin by users.admin, not on Django's default site.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# How many reverse proxies append to X-Forwarded-For (0: trust REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("QUALIFORMA_TRUSTED_PROXY_COUNT", 0, minimum=0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/connexion/"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
# The API speaks UTC; pages show times in the providers' zone.
TIME_ZONE = "UTC"
DISPLAY_TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# WhiteNoise serves static files from the app server itself (no CDN); in
# development it finds them where they live, without collectstatic.
WHITENOISE_USE_FINDERS = True

# Serve the benchmark's baseline views (bench/baseline.py); never in production.
BENCH_BASELINE = env_bool("QUALIFORMA_BENCH_BASELINE", False)

# Bodies past this size are refused with 413 before any parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("QUALIFORMA_MAX_BODY_BYTES", 1_048_576, minimum=1)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["qualiforma.auth.TenantJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["qualiforma.renderers.EnvelopeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["qualiforma.parsers.SafeJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "qualiforma.pagination.PagePagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "qualiforma.schema.EnvelopeAutoSchema",
    "EXCEPTION_HANDLER": "qualiforma.errors.exception_handler",
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%SZ",
    "UNAUTHENTICATED_USER": None,
    "PAGE_SIZE": 20,
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(
        minutes=env_int("QUALIFORMA_ACCESS_TOKEN_MINUTES", 15, minimum=1)
    ),
    "REFRESH_TOKEN_LIFETIME": timedelta(
        days=env_int("QUALIFORMA_REFRESH_TOKEN_DAYS", 7, minimum=1)
    ),
    # A key of its own: a leaked Django secret must not mint API tokens.
    "SIGNING_KEY": env_str("QUALIFORMA_JWT_SIGNING_KEY") or SECRET_KEY,
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "sub",
    "UPDATE_LAST_LOGIN": False,
    # The policy qualiforma.auth_views.TokenRefreshView enforces (simplejwt's
    # own views are not used): a refresh token is revoked once spent.
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    # Access tokens carry a digest of the password hash: a new password
    # ends every session at once.
    "CHECK_REVOKE_TOKEN": True,
}

JWT_SIGNING_KEY_FROM_ENVIRONMENT = bool(env_str("QUALIFORMA_JWT_SIGNING_KEY"))

SPECTACULAR_SETTINGS = {
    "TITLE": "QualiForma API",
    "DESCRIPTION": (
        "Enrollments, courses and progress for Qualiopi-certified training "
        "providers. Every tenant endpoint needs the X-Tenant-ID header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EnrollmentStatusEnum": "enrollments.models.Enrollment.Status",
        "CourseStatusEnum": "courses.models.Course.Status",
        "PaymentMethodEnum": "enrollments.models.Enrollment.PaymentMethod",
        "RoleEnum": "users.models.User.Role",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "qualiforma.schema.add_tenant_header_and_errors",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(schema_name)s] %(name)s: %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["tenant"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
    },
}
