"""Tenants' schemas are cloned from a template that migrate_schemas keeps
current; a clone must be indistinguishable from a migrated schema."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django_tenants.utils import schema_context, schema_exists

from tenants.services import tenant_provision
from tenants.template import _template_is_current
from users.models import User

from .conftest import PASSWORD, Api

STRUCTURE = {
    "columns": """
        SELECT table_name, column_name, data_type, is_nullable, is_identity,
               replace(coalesce(column_default, ''), %(schema)s, 'S')
        FROM information_schema.columns WHERE table_schema = %(schema)s
    """,
    "indexes": """
        SELECT tablename, indexname, replace(indexdef, %(schema)s, 'S')
        FROM pg_indexes WHERE schemaname = %(schema)s
    """,
    "constraints": """
        SELECT c.relname, k.conname, k.contype,
               replace(pg_get_constraintdef(k.oid), %(schema)s, 'S')
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s
    """,
    "triggers": """
        SELECT c.relname, t.tgname, replace(pg_get_triggerdef(t.oid), %(schema)s, 'S')
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(schema)s AND NOT t.tgisinternal
    """,
    "functions": """
        SELECT p.proname, replace(pg_get_functiondef(p.oid), %(schema)s, 'S')
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = %(schema)s
    """,
}


def _structure(schema):
    found = {}
    with connection.cursor() as cursor:
        for name, query in STRUCTURE.items():
            cursor.execute(query, {"schema": schema})
            found[name] = sorted(cursor.fetchall())
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
        found["migrations"] = sorted(cursor.fetchall())
        cursor.execute(f'SELECT app_label, model FROM "{schema}".django_content_type')
        found["content_types"] = sorted(cursor.fetchall())
    return found


def _provision(slug):
    return tenant_provision(
        slug=slug,
        name=slug.title(),
        admin_email=f"admin@{slug}.test",
        admin_password=PASSWORD,
    )


def test_the_template_is_migrated_with_the_tenants(db):
    template = settings.TENANT_TEMPLATE_SCHEMA

    assert schema_exists(template)
    assert _template_is_current(template)


def test_a_cloned_schema_equals_a_migrated_one(db):
    _provision("clonee")
    with override_settings(TENANT_TEMPLATE_SCHEMA=""):
        _provision("migree")

    cloned, migrated = _structure("clonee"), _structure("migree")

    assert cloned["migrations"]
    assert cloned["indexes"]
    for part in STRUCTURE.keys() | {"migrations", "content_types"}:
        assert cloned[part] == migrated[part], part


def test_a_cloned_tenant_holds_nothing_but_its_admin(db):
    _provision("vierge")

    with schema_context("vierge"):
        assert list(User.objects.values_list("email", flat=True)) == [
            "admin@vierge.test"
        ]


def test_a_cloned_tenant_serves_the_api_end_to_end(db):
    _provision("clone-api")
    anonymous = Api("clone-api")
    token = anonymous.post(
        "auth/token", {"email": "admin@clone-api.test", "password": PASSWORD}
    )
    admin = Api("clone-api")
    admin.client.credentials(
        HTTP_X_TENANT_ID="clone-api",
        HTTP_AUTHORIZATION=f"Bearer {token.json()['data']['access']}",
    )

    learner = admin.post(
        "users",
        {
            "email": "camille@clone-api.test",
            "password": PASSWORD,
            "firstName": "Camille",
            "lastName": "Martin",
            "role": "LEARNER",
        },
    ).json()["data"]
    course = admin.post("courses", {"title": "Clonée", "price": "0"}).json()["data"]
    lessons = [
        admin.post(f"courses/{course['id']}/lessons", {"title": f"L{n}"}).json()
        for n in range(2)
    ]
    admin.post(f"courses/{course['id']}/publish")
    enrollment = admin.post(
        "enrollments",
        {"courseId": course["id"], "userId": learner["id"], "paymentMethod": "FREE"},
    )
    for lesson in lessons:
        admin.post(
            f"enrollments/{enrollment.json()['data']['id']}"
            f"/lessons/{lesson['data']['id']}/complete"
        )
    progress = admin.get(f"enrollments/{enrollment.json()['data']['id']}/progress")

    assert enrollment.status_code == 201
    assert progress.json()["data"]["progressPercent"] == 100


def test_migrate_schemas_recreates_a_missing_template(db):
    template = settings.TENANT_TEMPLATE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA "{template}" CASCADE')

    call_command("migrate_schemas", tenant=True, verbosity=0)

    assert schema_exists(template)
    assert _template_is_current(template)


def test_a_cloned_schema_continues_the_templates_sequences(db):
    template = settings.TENANT_TEMPLATE_SCHEMA
    _provision("suite")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT max(id) FROM "{template}".django_content_type')
        last = cursor.fetchone()[0]

    with schema_context("suite"):
        created = ContentType.objects.create(app_label="suite", model="nouveau")

    assert created.pk == last + 1


def test_a_new_schema_is_migrated_into_its_own_records(db):
    # Public's django_migrations is on the search_path of the new schema; the
    # recorder must not take it for the schema's own.
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "neuve"')
    connection.set_schema("neuve")
    try:
        assert not MigrationRecorder(connection).has_table()
    finally:
        connection.set_schema_to_public()

    call_command("migrate_schemas", schema_name="neuve", verbosity=0)

    template = settings.TENANT_TEMPLATE_SCHEMA
    assert _structure("neuve")["migrations"] == _structure(template)["migrations"]
