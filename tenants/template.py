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
from django_tenants.clone import CloneSchema
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


# Unique constraints the clone recreated under names of its own.
_RENAMED_UNIQUES = """
    SELECT clone_table.relname, clone_key.conname, template_key.conname
    FROM pg_constraint template_key
    JOIN pg_class template_table ON template_table.oid = template_key.conrelid
    JOIN pg_namespace template_ns ON template_ns.oid = template_table.relnamespace
    JOIN pg_namespace clone_ns ON clone_ns.nspname = %(clone)s
    JOIN pg_class clone_table ON clone_table.relnamespace = clone_ns.oid
        AND clone_table.relname = template_table.relname
    JOIN pg_constraint clone_key ON clone_key.conrelid = clone_table.oid
        AND clone_key.contype = 'u'
        AND pg_get_constraintdef(clone_key.oid)
            = pg_get_constraintdef(template_key.oid)
    WHERE template_ns.nspname = %(template)s AND template_key.contype = 'u'
        AND clone_key.conname <> template_key.conname
"""


def schema_clone_from_template(schema_name):
    """Create `schema_name` as a copy of the template, data included."""
    template = template_schema()
    CloneSchema().clone_schema(template, schema_name, "DATA")
    connection.set_schema_to_public()

    # The clone names multi-column unique constraints its own way; a later
    # migration that drops one by name would then fail on cloned tenants.
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_RENAMED_UNIQUES, {"clone": schema_name, "template": template})
        for table, clone_name, name in cursor.fetchall():
            cursor.execute(
                f"ALTER TABLE {quote(schema_name)}.{quote(table)} "
                f"RENAME CONSTRAINT {quote(clone_name)} TO {quote(name)}"
            )


class _TemplateFirst:
    """Migrate the template before the tenants when migrating them all."""

    def run_migrations(self, tenants=None):
        tenants = list(tenants or [])
        template = template_schema()
        migrating_all = not self.options.get("schema_name") and tenants != [
            get_public_schema_name()
        ]
        if template and migrating_all:
            _template_create()
            tenants.insert(0, template)
        return super().run_migrations(tenants=tenants)


def get_executor(codename=None):
    """`GET_EXECUTOR_FUNCTION` for django-tenants' `migrate_schemas`."""
    base = tenants_executor(codename)
    return type(f"TemplateFirst{base.__name__}", (_TemplateFirst, base), {})
