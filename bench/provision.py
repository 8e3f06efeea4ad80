"""Provisioning tenants the product's way, and what it and its schema step
cost against running every migration."""

import time

from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tenants.models import Tenant
from tenants.services import tenant_provision
from tenants.template import schema_clone_from_template

PASSWORD = "banc-d-essai-provision"


def _timed(step, *args):
    started = time.perf_counter()
    step(*args)
    return time.perf_counter() - started


def _provision(slug):
    tenant_provision(
        slug=slug,
        name=f"Organisme {slug}",
        admin_email=f"admin@{slug}.test",
        admin_password=PASSWORD,
    )


def _migrated_schema(name):
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{name}"')
    call_command("migrate_schemas", schema_name=name, interactive=False, verbosity=0)


def schema_steps(count):
    """Mean seconds to create a tenant schema by cloning and by migrating.

    These schemas belong to no tenant; the bench database goes with them.
    """
    cloned = [
        _timed(schema_clone_from_template, f"bench_clone_{n}") for n in range(count)
    ]
    migrated = [_timed(_migrated_schema, f"bench_migrate_{n}") for n in range(count)]
    connection.set_schema_to_public()
    return sum(cloned) / count, sum(migrated) / count


def migrating_service(count):
    """Seconds each of `count` tenants took to provision the product's way
    but with its schema migrated rather than cloned (the template off, as
    QUALIFORMA_TENANT_TEMPLATE_SCHEMA="" would have it)."""
    with override_settings(TENANT_TEMPLATE_SCHEMA=""):
        return [_timed(_provision, f"migrating-{n:02d}") for n in range(count)]


def grow_to(total):
    """Provision tenants the product's way until there are `total`; return
    the seconds each one took (the admin's password hash included)."""
    existing = Tenant.objects.count()
    return [_timed(_provision, f"org-{n:04d}") for n in range(existing, total)]
