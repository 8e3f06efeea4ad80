"""Configuration mistakes that must stop a production deployment."""

from datetime import timedelta

from django.conf import settings
from django.core.checks import Error, Tags, register

MAX_ACCESS_TOKEN_LIFETIME = timedelta(hours=1)


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    if not settings.PRODUCTION:
        return []
    errors = []
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        errors.append(
            Error(
                "DJANGO_SECRET_KEY is not set; a key generated under var/ is "
                "not shared by the app servers.",
                id="qualiforma.E001",
            )
        )
    elif len(settings.SECRET_KEY) < 50:
        errors.append(
            Error(
                "DJANGO_SECRET_KEY is shorter than 50 characters.", id="qualiforma.E008"
            )
        )
    if not settings.JWT_SIGNING_KEY_FROM_ENVIRONMENT:
        errors.append(
            Error(
                "QUALIFORMA_JWT_SIGNING_KEY is not set; API tokens would be "
                "signed with the Django secret key.",
                id="qualiforma.E002",
            )
        )
    elif settings.SIMPLE_JWT["SIGNING_KEY"] == settings.SECRET_KEY:
        errors.append(
            Error(
                "QUALIFORMA_JWT_SIGNING_KEY equals DJANGO_SECRET_KEY; use "
                "two independent keys.",
                id="qualiforma.E003",
            )
        )
    elif len(settings.SIMPLE_JWT["SIGNING_KEY"]) < 50:
        errors.append(
            Error(
                "QUALIFORMA_JWT_SIGNING_KEY is shorter than 50 characters.",
                id="qualiforma.E004",
            )
        )
    if not settings.ALLOWED_HOSTS_FROM_ENVIRONMENT:
        errors.append(
            Error(
                "DJANGO_ALLOWED_HOSTS is not set; the development hosts "
                "(.localhost) would be served.",
                id="qualiforma.E005",
            )
        )
    elif "*" in settings.ALLOWED_HOSTS or any(
        host.endswith("localhost") or host == "127.0.0.1"
        for host in settings.ALLOWED_HOSTS
    ):
        errors.append(
            Error(
                "DJANGO_ALLOWED_HOSTS allows any host or a development host.",
                id="qualiforma.E009",
            )
        )
    if settings.TENANT_DOMAIN_SUFFIX == "localhost" or any(
        host in ("localhost", "127.0.0.1") for host in settings.PUBLIC_HOSTS
    ):
        errors.append(
            Error(
                "QUALIFORMA_TENANT_DOMAIN_SUFFIX and QUALIFORMA_PUBLIC_HOSTS "
                "still name development hosts.",
                id="qualiforma.E010",
            )
        )
    if not settings.DATABASE_URL_FROM_ENVIRONMENT:
        errors.append(
            Error(
                "DATABASE_URL is not set; the embedded development PostgreSQL "
                "would hold production data.",
                id="qualiforma.E011",
            )
        )
    if settings.BENCH_BASELINE:
        errors.append(
            Error(
                "QUALIFORMA_BENCH_BASELINE is on in production; it routes "
                "unauthenticated /bench/ views over every tenant's enrollments.",
                id="qualiforma.E012",
            )
        )
    if settings.DEBUG:
        errors.append(Error("DJANGO_DEBUG is on in production.", id="qualiforma.E006"))
    if settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] > MAX_ACCESS_TOKEN_LIFETIME:
        errors.append(
            Error(
                "QUALIFORMA_ACCESS_TOKEN_MINUTES is over 60; an access token "
                "outlives sign-out until it expires, so it must stay short.",
                id="qualiforma.E007",
            )
        )
    return errors
