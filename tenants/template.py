"""Create tenants' schemas by cloning a template schema.

Running every migration for each new tenant costs seconds and grows with
the project's history; copying an already migrated schema does not. The
template (`TENANT_TEMPLATE_SCHEMA`) holds no tenant's data: only what the
migrations write (their records, content types, permissions).
`migrate_schemas` migrates it before the tenants, through the executor
below, so it is as current as the code that serves.
"""

import logging

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.migration_executors import get_executor as tenants_executor
from django_tenants.utils import get_public_schema_name, schema_exists

logger = logging.getLogger(__name__)


def template_schema():
    """Return the template's schema name, or None when cloning is off."""
    return settings.TENANT_TEMPLATE_SCHEMA or None


def _template_create():
    name = connection.ops.quote_name(template_schema())
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {name}")


def _template_is_current(template):
    if not schema_exists(template):
        return False
    previous = connection.tenant
    # Without public on the path, so that public's records do not count.
    connection.set_schema(template, include_public=False)
    try:
        executor = MigrationExecutor(connection)
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())
    finally:
        connection.set_tenant(previous)


def template_ensure_current():
    """Migrate the template if it lacks a migration of the code running.

    `migrate_schemas` keeps it current; this covers a tenant provisioned
    between a deployment and its migrations.
    """
    template = template_schema()
    if _template_is_current(template):
        return
    logger.warning("Template schema %s is behind; migrating it", template)
    _template_create()
    call_command(
        "migrate_schemas", schema_name=template, interactive=False, verbosity=0
    )


_TABLES = """
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = %(template)s::regnamespace AND c.relkind = 'r'
    ORDER BY c.relname
"""
# Primary keys and unique constraints first: foreign keys need them.
_CONSTRAINTS = """
    SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE c.relnamespace = %(template)s::regnamespace
      AND k.contype IN ('p', 'u', 'c', 'x', 'f')
    ORDER BY k.contype = 'f', c.relname, k.conname
"""
# Index definitions always name the table's schema; that name is dropped.
_INDEXES = """
    SELECT replace(
        pg_get_indexdef(i.indexrelid),
        ' ON ' || quote_ident(%(template)s) || '.',
        ' ON '
    )
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    WHERE c.relnamespace = %(template)s::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    ORDER BY 1
"""
_IDENTITIES = """
    SELECT a.attrelid::regclass::text, a.attname FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = %(template)s::regnamespace AND a.attidentity <> ''
"""

# Functions and triggers (the enrollment events' append-only guard). Their
# definitions name the template's schema; that name is dropped.
_FUNCTIONS = """
    SELECT replace(pg_get_functiondef(p.oid), quote_ident(%(template)s) || '.', '')
    FROM pg_proc p WHERE p.pronamespace = %(template)s::regnamespace
    ORDER BY p.proname
"""
_TRIGGERS = """
    SELECT replace(pg_get_triggerdef(t.oid), quote_ident(%(template)s) || '.', '')
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = %(template)s::regnamespace AND NOT t.tgisinternal
    ORDER BY t.tgname
"""

_scripts = {}


def _template_version(cursor, template):
    cursor.execute(
        f"SELECT count(*), max(id) FROM {connection.ops.quote_name(template)}"
        ".django_migrations"
    )
    return cursor.fetchone()


def _clone_script(cursor, template):
    """Return the statements that rebuild the template in the schema on the
    search_path, names and data included.

    Read with only the template on the search_path, so that the definitions
    name its objects unqualified and land in whichever schema runs them.
    """
    quote = connection.ops.quote_name
    source = quote(template)
    args = {"template": template}
    cursor.execute(_TABLES, args)
    tables = [row[0] for row in cursor.fetchall()]
    statements = [
        f"CREATE TABLE {quote(t)} (LIKE {source}.{quote(t)} "
        "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED)"
        for t in tables
    ]
    for table in tables:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {source}.{quote(table)})")
        if cursor.fetchone()[0]:
            statements.append(
                f"INSERT INTO {quote(table)} SELECT * FROM {source}.{quote(table)}"
            )
    cursor.execute(_IDENTITIES, args)
    for table, column in cursor.fetchall():
        statements.append(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"coalesce(max({quote(column)}), 0) + 1, false) FROM {quote(table)}"
        )
    cursor.execute(_INDEXES, args)
    statements += [row[0] for row in cursor.fetchall()]
    cursor.execute(_CONSTRAINTS, args)
    statements += [
        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
        for table, name, definition in cursor.fetchall()
    ]
    for query in (_FUNCTIONS, _TRIGGERS):
        cursor.execute(query, args)
        statements += [row[0] for row in cursor.fetchall()]
    return ";\n".join(statements)


def schema_clone_from_template(schema_name):
    """Create `schema_name` as a copy of the template, data included.

    The statements are read from the catalogue once per process and
    template version, then run in one round trip.
    """
    template = template_schema()
    quote = connection.ops.quote_name
    connection.set_schema(template, include_public=False)
    try:
        with connection.cursor() as cursor:
            key = (template, *_template_version(cursor, template))
            if key not in _scripts:
                _scripts[key] = _clone_script(cursor, template)
    finally:
        connection.set_schema_to_public()

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE SCHEMA {quote(schema_name)};\n"
            f"SET search_path TO {quote(schema_name)};\n" + _scripts[key]
        )
    # The script moved the search_path behind django-tenants' back.
    connection.set_schema_to_public()


class _TemplateFirst:
    """Migrate the template before the tenants when migrating them all, and
    run the system checks once rather than once per schema."""

    def run_migrations(self, tenants=None):
        tenants = list(tenants or [])
        template = template_schema()
        migrating_all = not self.options.get("schema_name") and tenants != [
            get_public_schema_name()
        ]
        if template and migrating_all:
            _template_create()
            tenants.insert(0, template)
        # migrate_schemas ran the system checks once already; each tenant's
        # migrate would run them again, a constant cost per tenant.
        self.options = {**self.options, "skip_checks": True}
        return super().run_migrations(tenants=tenants)


def get_executor(codename=None):
    """`GET_EXECUTOR_FUNCTION` for django-tenants' `migrate_schemas`."""
    base = tenants_executor(codename)
    return type(f"TemplateFirst{base.__name__}", (_TemplateFirst, base), {})
