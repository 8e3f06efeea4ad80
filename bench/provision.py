"""Provisioning tenants the product's way, and by running every migration."""

import time

from django.test import override_settings

from tenants.models import Tenant
from tenants.services import tenant_provision

PASSWORD = "banc-d-essai-provision"


def _provision(slug):
    started = time.perf_counter()
    tenant_provision(
        slug=slug,
        name=f"Organisme {slug}",
        admin_email=f"admin@{slug}.test",
        admin_password=PASSWORD,
    )
    return time.perf_counter() - started


def by_migrations(count):
    """Seconds per tenant when each new schema runs every migration."""
    with override_settings(TENANT_TEMPLATE_SCHEMA=""):
        times = [_provision(f"migre-{n:03d}") for n in range(count)]
    return sum(times) / len(times)


def grow_to(total):
    """Provision tenants the product's way until there are `total`; return
    the seconds each one took."""
    times = []
    existing = Tenant.objects.exclude(schema_name="public").count()
    for n in range(existing, total):
        times.append(_provision(f"org-{n:04d}"))
    return times
