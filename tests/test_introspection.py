"""Listing a schema's tables names that schema's tables, and no other's."""

from django.db import connection
from django_tenants.utils import schema_context


def test_a_tenant_lists_its_own_tables(db):
    with schema_context("alpha"):
        tables = set(connection.introspection.table_names())

    assert {"enrollments_enrollment", "django_migrations"} <= tables
    assert "tenants_tenant" not in tables


def test_the_public_schema_lists_the_platforms_tables(db):
    tables = set(connection.introspection.table_names())

    assert {"tenants_tenant", "tenants_domain"} <= tables
    assert "enrollments_enrollment" not in tables
