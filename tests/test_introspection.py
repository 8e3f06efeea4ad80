"""Listing a schema's tables names that schema's tables, and no other's;
asking whether one table exists looks in that schema alone, by name."""

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

PG_CLASS_SCANS = """
    SELECT seq_scan FROM pg_stat_xact_sys_tables WHERE relname = 'pg_class'
"""


def _pg_class_seq_scans():
    # Counts of the current transaction, which the test runs in.
    with connection.cursor() as cursor:
        cursor.execute(PG_CLASS_SCANS)
        return cursor.fetchone()[0]


def test_a_tenant_lists_its_own_tables(db):
    with schema_context("alpha"):
        tables = set(connection.introspection.table_names())

    assert {"enrollments_enrollment", "django_migrations"} <= tables
    assert "tenants_tenant" not in tables


def test_the_public_schema_lists_the_platforms_tables(db):
    tables = set(connection.introspection.table_names())

    assert {"tenants_tenant", "tenants_domain"} <= tables
    assert "enrollments_enrollment" not in tables


def test_a_table_exists_in_its_own_schema_only(db):
    with schema_context("alpha"), connection.cursor() as cursor:
        exists = connection.introspection.table_exists
        assert exists(cursor, "enrollments_enrollment")
        assert exists(cursor, "django_migrations")
        # On alpha's search_path, but public's.
        assert not exists(cursor, "tenants_tenant")
        assert not exists(cursor, "no_such_table")


def test_the_recorder_sees_no_migrations_table_in_an_empty_schema(db):
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "vide"')

    # Public, with its django_migrations, stays on the search_path.
    connection.set_schema("vide", include_public=True)
    try:
        assert not MigrationRecorder(connection).has_table()
        assert MigrationRecorder(connection).applied_migrations() == {}
    finally:
        connection.set_schema_to_public()
    assert MigrationRecorder(connection).has_table()


def test_the_recorder_reads_the_tenants_own_records(db):
    with schema_context("beta"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'courses'")
        beta = MigrationRecorder(connection).applied_migrations()
    with schema_context("alpha"):
        alpha = MigrationRecorder(connection).applied_migrations()

    assert any(app == "courses" for app, _ in alpha)
    assert not any(app == "courses" for app, _ in beta)


def test_the_recorder_asks_by_name_without_scanning_the_catalogue(db):
    with schema_context("alpha"):
        before = _pg_class_seq_scans()
        with CaptureQueriesContext(connection) as queries:
            assert MigrationRecorder(connection).has_table()
        after = _pg_class_seq_scans()
        connection.introspection.table_names()
        after_listing = _pg_class_seq_scans()

    # A scan of pg_class grows with every tenant's relations; the listing
    # shows that this probe would see one.
    assert after == before
    assert after_listing > after
    assert len(queries) == 1
    assert "to_regclass" in queries[0]["sql"]
