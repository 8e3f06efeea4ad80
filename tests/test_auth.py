from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from qualiforma.auth import TenantJWTAuthentication, tokens_for
from users.models import User

from .conftest import PASSWORD, error_code


def _token(tenant, email, password=PASSWORD):
    return APIClient().post(
        "/api/v1/auth/token",
        {"email": email, "password": password},
        format="json",
        HTTP_X_TENANT_ID=tenant,
    )


def _bearer(client, token, tenant="alpha"):
    return client.get(
        "/api/v1/users/me",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_X_TENANT_ID=tenant,
    )


def test_token_pair_for_valid_credentials(alpha):
    response = _token("alpha", "alice@alpha.test")

    assert response.status_code == 200
    assert set(response.json()["data"]) == {"access", "refresh"}


def test_access_token_authenticates_its_user(client, alpha):
    access = _token("alpha", "ALICE@alpha.test").json()["data"]["access"]

    response = _bearer(client, access)

    assert response.status_code == 200
    assert response.json()["data"]["email"] == "alice@alpha.test"


def test_the_authenticated_user_is_the_stored_one_field_for_field(alice):
    # Every timestamp set, so that a field needing a converter would show.
    earlier = timezone.now() - timedelta(hours=1)
    User.objects.filter(pk=alice.pk).update(
        last_login=earlier, tokens_valid_after=earlier
    )
    stored = User.objects.get(pk=alice.pk)
    token = AccessToken(tokens_for(stored)["access"])

    user = TenantJWTAuthentication().get_user(token)

    fields = [field.attname for field in User._meta.concrete_fields]
    assert [getattr(user, name) for name in fields] == [
        getattr(stored, name) for name in fields
    ]
    assert not user._state.adding


@pytest.mark.parametrize(
    "email, password",
    [("alice@alpha.test", "wrong-password"), ("nobody@alpha.test", PASSWORD)],
)
def test_wrong_password_or_unknown_user_is_401(alpha, email, password):
    response = _token("alpha", email, password)

    assert response.status_code == 401
    assert error_code(response) == "invalid_credentials"


def test_user_of_another_tenant_cannot_get_a_token_here(alpha):
    response = _token("alpha", "alice@beta.test")

    assert response.status_code == 401


def test_token_endpoint_needs_the_tenant_header(client):
    response = client.post(
        "/api/v1/auth/token",
        {"email": "alice@alpha.test", "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert error_code(response) == "tenant_required"


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-jwt", "Basic abc", "Bearer a b", "Token x"],
)
def test_missing_or_malformed_authorization_is_401(client, alpha, header):
    headers = {"HTTP_X_TENANT_ID": "alpha"}
    if header is not None:
        headers["HTTP_AUTHORIZATION"] = header

    response = client.get("/api/v1/users/me", **headers)

    assert response.status_code == 401
    assert "error" in response.json()


def test_token_of_one_tenant_is_refused_by_another_with_the_same_user_id(
    client, api, alice
):
    access = tokens_for(alice)["access"]

    response = _bearer(client, access, tenant="beta")

    assert response.status_code == 401
    assert error_code(response) == "invalid_token"


def test_refresh_returns_a_new_pair(alpha):
    refresh = _token("alpha", "alice@alpha.test").json()["data"]["refresh"]

    response = APIClient().post(
        "/api/v1/auth/token/refresh",
        {"refresh": refresh},
        format="json",
        HTTP_X_TENANT_ID="alpha",
    )

    assert response.status_code == 200
    assert set(response.json()["data"]) == {"access", "refresh"}


def test_refresh_token_of_another_tenant_is_refused(alpha):
    refresh = _token("alpha", "alice@alpha.test").json()["data"]["refresh"]

    response = APIClient().post(
        "/api/v1/auth/token/refresh",
        {"refresh": refresh},
        format="json",
        HTTP_X_TENANT_ID="beta",
    )

    assert response.status_code == 401


def test_access_token_is_not_a_refresh_token(alpha):
    access = _token("alpha", "alice@alpha.test").json()["data"]["access"]

    response = APIClient().post(
        "/api/v1/auth/token/refresh",
        {"refresh": access},
        format="json",
        HTTP_X_TENANT_ID="alpha",
    )

    assert response.status_code == 401


def test_deactivated_user_token_stops_working(client, alice):
    access = tokens_for(alice)["access"]
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    response = _bearer(client, access)

    assert response.status_code == 401


def test_deactivated_user_cannot_sign_in(alice):
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert _token("alpha", "alice@alpha.test").status_code == 401


def test_platform_operator_token_works_only_on_the_platform_api(db):
    from django_tenants.utils import schema_context

    from users.models import User
    from users.services import user_create

    with schema_context("public"):
        user_create(
            email="ops@platform.test",
            password=PASSWORD,
            first_name="",
            last_name="",
            role=User.Role.ADMIN,
        )
    client = APIClient()
    pair = client.post(
        "/api/v1/platform/auth/token",
        {"email": "ops@platform.test", "password": PASSWORD},
        format="json",
    ).json()["data"]

    tenants = client.get(
        "/api/v1/tenants", HTTP_AUTHORIZATION=f"Bearer {pair['access']}"
    )
    on_tenant = _bearer(client, pair["access"], tenant="alpha")

    assert tenants.status_code == 200
    assert {"alpha", "beta"} <= {t["id"] for t in tenants.json()["data"]}
    assert on_tenant.status_code == 401


def test_tenant_admin_token_cannot_use_the_platform_api(api, alpha_admin):
    access = tokens_for(alpha_admin)["access"]

    response = APIClient().get("/api/v1/tenants", HTTP_AUTHORIZATION=f"Bearer {access}")

    assert response.status_code == 401


def test_anonymous_request_is_401(api):
    assert api(None).get("enrollments").status_code == 401
