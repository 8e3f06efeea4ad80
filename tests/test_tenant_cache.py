"""The per-process tenant cache: correct per tenant, and quick to forget a
deactivated one."""

import time

from django.test import override_settings
from django_tenants.utils import schema_context

from tenants.models import Tenant

from .conftest import error_code


def test_each_tenant_is_served_its_own_data_from_the_cache(api):
    alice, beta_alice = api("alice"), api("beta_alice")
    for _ in range(2):
        assert alice.get("users/me").json()["data"]["email"] == "alice@alpha.test"
        me = beta_alice.get("users/me").json()["data"]
        assert me["email"] == "alice@beta.test"


def test_a_tenant_deactivated_here_stops_being_served_at_once(api):
    client = api("beta_admin")
    assert client.get("users/me").status_code == 200
    tenant = Tenant.objects.get(slug="beta")

    tenant.is_active = False
    with schema_context("public"):
        tenant.save()

    response = client.get("users/me")
    assert response.status_code == 404
    assert error_code(response) == "tenant_not_found"


@override_settings(TENANT_CACHE_SECONDS=1)
def test_a_tenant_deactivated_elsewhere_stops_being_served_within_the_delay(api):
    client = api("beta_admin")
    assert client.get("users/me").status_code == 200

    # An update sends no signal, as a change made by another process.
    Tenant.objects.filter(slug="beta").update(is_active=False)
    still_cached = client.get("users/me").status_code
    time.sleep(1.1)

    assert still_cached == 200
    assert client.get("users/me").status_code == 404


def test_an_unknown_tenant_is_not_remembered(api):
    assert api(None, tenant="later").get("users/me").status_code == 404

    Tenant.objects.bulk_create([Tenant(slug="later", name="L", schema_name="later")])

    assert api(None, tenant="later").get("users/me").status_code == 401
