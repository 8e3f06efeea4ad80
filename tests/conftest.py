"""Shared personas on two tenants, provisioned once per test session.

Tenant `alpha` holds an admin, a trainer and two learners (alice, bob);
tenant `beta` holds an admin and a learner with alice's very id, so that
a token or a lookup that ignores the tenant is caught. Each test runs in a
transaction that is rolled back; the tenants' schemas are shared.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from qualiforma.auth import tokens_for
from tenants.cache import tenant_cache_clear
from tenants.models import Tenant
from tenants.services import tenant_provision
from users.models import User
from users.services import user_create

# Hashing is not under test; the default hasher costs seconds per session.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

PASSWORD = "motdepasse-solide"
SHARED_ID = "usr_alice"


@dataclass(frozen=True)
class Persona:
    tenant: str
    schema: str
    user_id: str
    email: str


PERSONAS = {
    "alpha_admin": ("alpha", "usr_alphaadmin", "admin@alpha.test", "ADMIN"),
    "trainer": ("alpha", "usr_trainer", "formateur@alpha.test", "TRAINER"),
    "alice": ("alpha", SHARED_ID, "alice@alpha.test", "LEARNER"),
    "bob": ("alpha", "usr_bob", "bob@alpha.test", "LEARNER"),
    "beta_admin": ("beta", "usr_betaadmin", "admin@beta.test", "ADMIN"),
    "beta_alice": ("beta", SHARED_ID, "alice@beta.test", "LEARNER"),
}


def _provision_personas():
    for slug in ("alpha", "beta"):
        tenant_provision(
            slug=slug,
            name=f"Organisme {slug}",
            admin_email=f"first-admin@{slug}.test",
            admin_password=PASSWORD,
        )
    for slug, user_id, email, role in PERSONAS.values():
        with schema_context(slug):
            user_create(
                email=email,
                password=PASSWORD,
                first_name=role.title(),
                last_name=slug,
                role=role,
                user_id=user_id,
            )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _provision_personas()


@pytest.fixture(autouse=True)
def _public_schema_between_tests(db):
    connection.set_schema_to_public()
    # Rolled-back tenants must not outlive their test in the tenant cache.
    tenant_cache_clear()
    yield
    connection.set_schema_to_public()


def _user(name):
    slug, user_id, _, _ = PERSONAS[name]
    with schema_context(slug):
        return User.objects.get(pk=user_id)


@pytest.fixture
def alpha(db):
    """Work in tenant alpha's schema for the rest of the test."""
    tenant = Tenant.objects.get(slug="alpha")
    connection.set_tenant(tenant)
    return tenant


@pytest.fixture
def beta_tenant(db):
    return Tenant.objects.get(slug="beta")


class Api:
    """An API client for one persona (or anonymous) on one tenant."""

    def __init__(self, tenant, user=None):
        self.tenant = tenant
        self.user = user
        self.client = APIClient()
        headers = {"HTTP_X_TENANT_ID": tenant}
        if user is not None:
            with schema_context(tenant):
                access = tokens_for(user)["access"]
            headers["HTTP_AUTHORIZATION"] = f"Bearer {access}"
        self.client.credentials(**headers)

    def _call(self, method, path, *args, **kwargs):
        # The request moves the connection to its tenant; the test's own
        # queries stay where they were.
        before = connection.tenant
        try:
            return getattr(self.client, method)(
                f"/api/v1/{path.lstrip('/')}", *args, **kwargs
            )
        finally:
            connection.set_tenant(before)

    def get(self, path, params=None, **kwargs):
        return self._call("get", path, params, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self._call("post", path, body, format="json", **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self._call("patch", path, body, format="json", **kwargs)

    def delete(self, path, **kwargs):
        return self._call("delete", path, **kwargs)


@pytest.fixture
def api(alpha):
    """`api("alice")` is alice's client; `api(None)` is anonymous on alpha."""

    def make(name, tenant=None):
        if name is None:
            return Api(tenant or "alpha")
        slug = PERSONAS[name][0]
        return Api(tenant or slug, _user(name))

    return make


@pytest.fixture
def alpha_admin(alpha):
    return _user("alpha_admin")


@pytest.fixture
def trainer(alpha):
    return _user("trainer")


@pytest.fixture
def alice(alpha):
    return _user("alice")


@pytest.fixture
def bob(alpha):
    return _user("bob")


def error_code(response):
    return response.json()["error"]["code"]
