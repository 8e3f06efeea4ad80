import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from tenants.models import Domain, Tenant
from users.models import User

from .conftest import error_code


def test_tenant_endpoint_without_header_is_400_tenant_required(client):
    response = client.get("/api/v1/enrollments")

    assert response.status_code == 400
    assert error_code(response) == "tenant_required"


def test_unknown_tenant_is_404_tenant_not_found(client):
    response = client.get("/api/v1/enrollments", HTTP_X_TENANT_ID="nope")

    assert response.status_code == 404
    assert error_code(response) == "tenant_not_found"


def test_inactive_tenant_is_404_tenant_not_found(client, api):
    Tenant.objects.filter(slug="beta").update(is_active=False)

    response = api("beta_admin").get("users/me")

    assert response.status_code == 404
    assert error_code(response) == "tenant_not_found"


@pytest.mark.parametrize("header", ["", "x" * 51, "al\x00pha", "ALPHA"])
def test_junk_tenant_header_is_404(client, header):
    response = client.get("/api/v1/users/me", HTTP_X_TENANT_ID=header)

    assert response.status_code == 404
    assert error_code(response) == "tenant_not_found"


def test_pages_choose_the_tenant_by_host(client, alice):
    response = client.get("/admin/login/", HTTP_HOST="alpha.localhost")

    assert response.status_code == 200
    assert "organisme" in response.content.decode()


def test_unknown_host_is_404_and_never_another_tenant(client):
    response = client.get("/admin/login/", HTTP_HOST="nope.localhost")

    assert response.status_code == 404


def test_provision_tenant_creates_schema_domain_and_admin(db):
    call_command(
        "provision_tenant",
        "gamma-formation",
        name="Gamma Formation",
        admin_email="Admin@Gamma.test",
        admin_password="motdepasse-solide",
    )

    tenant = Tenant.objects.get(slug="gamma-formation")
    assert tenant.schema_name == "gamma_formation"
    assert schema_exists("gamma_formation")
    assert Domain.objects.get(tenant=tenant).domain == "gamma-formation.localhost"
    with schema_context("gamma_formation"):
        admin = User.objects.get()
        assert (admin.email, admin.role) == ("admin@gamma.test", User.Role.ADMIN)
        assert admin.check_password("motdepasse-solide")
    connection.set_schema_to_public()


def test_provision_tenant_twice_fails_and_changes_nothing(db):
    before = Tenant.objects.get(slug="alpha")

    with pytest.raises(CommandError, match="existe déjà"):
        call_command(
            "provision_tenant",
            "alpha",
            name="Autre nom",
            admin_email="intrus@alpha.test",
            admin_password="motdepasse-solide",
        )

    after = Tenant.objects.get(slug="alpha")
    assert after.name == before.name
    with schema_context("alpha"):
        assert not User.objects.filter(email="intrus@alpha.test").exists()


@pytest.mark.parametrize("slug", ["Alpha", "a", "public", "pg-x", "with_underscore"])
def test_provision_tenant_refuses_bad_slugs(db, slug):
    with pytest.raises(CommandError):
        call_command(
            "provision_tenant",
            slug,
            name="X",
            admin_email="a@x.test",
            admin_password="motdepasse-solide",
        )

    assert not Tenant.objects.filter(slug=slug).exists()


def test_provision_tenant_with_a_weak_password_leaves_no_schema(db):
    with pytest.raises(CommandError):
        call_command(
            "provision_tenant",
            "delta",
            name="Delta",
            admin_email="a@delta.test",
            admin_password="123",
        )

    assert not Tenant.objects.filter(slug="delta").exists()
    assert not schema_exists("delta")


@pytest.mark.parametrize(
    "options, field",
    [
        ({"admin_email": "not-an-email"}, "adminEmail"),
        ({"name": "  "}, "name"),
    ],
)
def test_provision_tenant_validates_name_and_email(db, options, field):
    arguments = {
        "name": "Epsilon",
        "admin_email": "admin@epsilon.test",
        "admin_password": "motdepasse-solide",
        **options,
    }

    with pytest.raises(CommandError, match=field):
        call_command("provision_tenant", "epsilon", **arguments)

    assert not Tenant.objects.filter(slug="epsilon").exists()


def test_reserved_slug_says_it_is_reserved(db):
    with pytest.raises(CommandError, match="réservé"):
        call_command(
            "provision_tenant",
            "public",
            name="X",
            admin_email="a@x.test",
            admin_password="motdepasse-solide",
        )
