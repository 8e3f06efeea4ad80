"""Refresh rotation, sign-out and revocation of a user's tokens."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from users.services import user_update

from .conftest import PASSWORD, error_code


def _post(path, body, tenant="alpha"):
    return APIClient().post(
        f"/api/v1/{path}", body, format="json", HTTP_X_TENANT_ID=tenant
    )


def _pair(email="alice@alpha.test", tenant="alpha"):
    response = _post("auth/token", {"email": email, "password": PASSWORD}, tenant)
    assert response.status_code == 200
    return response.json()["data"]


def _refresh(refresh, tenant="alpha"):
    return _post("auth/token/refresh", {"refresh": refresh}, tenant)


def _me(access, tenant="alpha"):
    return APIClient().get(
        "/api/v1/users/me",
        HTTP_AUTHORIZATION=f"Bearer {access}",
        HTTP_X_TENANT_ID=tenant,
    )


def test_refresh_rotates_the_refresh_token(alpha):
    old = _pair()["refresh"]

    response = _refresh(old)

    assert response.status_code == 200
    new = response.json()["data"]
    assert new["refresh"] != old
    assert _me(new["access"]).status_code == 200


def test_refresh_token_is_refused_after_rotation(alpha):
    old = _pair()["refresh"]
    assert _refresh(old).status_code == 200

    response = _refresh(old)

    assert response.status_code == 401
    assert error_code(response) == "invalid_token"


def test_rotated_refresh_token_keeps_working(alpha):
    first = _pair()["refresh"]
    second = _refresh(first).json()["data"]["refresh"]

    third = _refresh(second)

    assert third.status_code == 200


def test_logout_revokes_the_refresh_token(alpha):
    refresh = _pair()["refresh"]

    response = _post("auth/logout", {"refresh": refresh})

    assert response.status_code == 204
    assert _refresh(refresh).status_code == 401


def test_logout_twice_is_401(alpha):
    refresh = _pair()["refresh"]
    _post("auth/logout", {"refresh": refresh})

    response = _post("auth/logout", {"refresh": refresh})

    assert response.status_code == 401
    assert error_code(response) == "invalid_token"


def test_logout_with_another_tenants_refresh_token_is_refused(alpha):
    refresh = _pair()["refresh"]

    response = _post("auth/logout", {"refresh": refresh}, tenant="beta")

    assert response.status_code == 401
    assert _refresh(refresh).status_code == 200


@pytest.mark.parametrize("body", [{}, {"refresh": "junk"}, {"refresh": 1}])
def test_logout_with_bad_input_answers_in_the_envelope(alpha, body):
    response = _post("auth/logout", body)

    assert response.status_code in (400, 401)
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_logout_with_an_access_token_is_refused(alpha):
    access = _pair()["access"]

    assert _post("auth/logout", {"refresh": access}).status_code == 401


def test_deactivation_revokes_refresh_and_stops_access_at_once(alice):
    pair = _pair()

    user_update(user=alice, is_active=False)

    assert _me(pair["access"]).status_code == 401
    assert _refresh(pair["refresh"]).status_code == 401


def test_reactivated_user_does_not_get_old_refresh_tokens_back(alice):
    refresh = _pair()["refresh"]
    user_update(user=alice, is_active=False)

    user_update(user=alice, is_active=True)

    assert _refresh(refresh).status_code == 401
    assert _pair()  # signing in again works


def test_deactivation_through_the_api_stops_the_users_tokens(api, alice):
    pair = _pair()

    response = api("alpha_admin").patch(f"users/{alice.pk}", {"isActive": False})

    assert response.status_code == 200
    assert _me(pair["access"]).status_code == 401
    assert _refresh(pair["refresh"]).status_code == 401


def test_password_change_ends_existing_tokens(alice):
    pair = _pair()

    user_update(user=alice, password="un-autre-mot-de-passe")

    assert _me(pair["access"]).status_code == 401
    assert _refresh(pair["refresh"]).status_code == 401


def test_deleted_users_tokens_stop_working(alpha):
    from users.models import User
    from users.services import user_create

    user_create(
        email="ephemere@alpha.test",
        password=PASSWORD,
        first_name="",
        last_name="",
        role=User.Role.LEARNER,
    )
    pair = _pair("ephemere@alpha.test")

    User.objects.get(email="ephemere@alpha.test").delete()

    assert _me(pair["access"]).status_code == 401
    assert _refresh(pair["refresh"]).status_code == 401


def test_other_tenants_refresh_token_for_the_same_user_id_is_refused(alpha):
    beta_refresh = _pair("alice@beta.test", tenant="beta")["refresh"]

    response = _refresh(beta_refresh, tenant="alpha")

    assert response.status_code == 401


def test_session_cookie_of_one_tenant_host_is_not_valid_on_another(alice):
    from django_tenants.utils import schema_context

    from users.models import User
    from users.services import user_create

    # The same id is an admin in both tenants: only the schema tells them apart.
    with schema_context("beta"):
        user_create(
            email="twin@beta.test",
            password=PASSWORD,
            first_name="",
            last_name="",
            role=User.Role.ADMIN,
            user_id="usr_alphaadmin",
        )
    admin = User.objects.get(pk="usr_alphaadmin")
    alpha_browser = Client(HTTP_HOST="alpha.localhost")
    alpha_browser.force_login(admin)
    cookie = alpha_browser.cookies["sessionid"].value
    assert alpha_browser.get("/admin/").status_code == 200

    beta_browser = Client(HTTP_HOST="beta.localhost")
    beta_browser.cookies["sessionid"] = cookie
    response = beta_browser.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_session_cookie_does_not_authenticate_the_api(alice):
    from users.models import User

    admin = User.objects.get(pk="usr_alphaadmin")
    browser = Client(HTTP_HOST="alpha.localhost")
    browser.force_login(admin)

    response = browser.get("/api/v1/users/me", HTTP_X_TENANT_ID="alpha")

    assert response.status_code == 401


def test_reactivation_does_not_revive_old_access_tokens(api, bob):
    from qualiforma.auth import tokens_for

    old = tokens_for(bob)["access"]
    admin = api("alpha_admin")
    admin.patch(f"users/{bob.pk}", {"isActive": False})
    admin.patch(f"users/{bob.pk}", {"isActive": True})

    response = APIClient().get(
        "/api/v1/users/me",
        HTTP_AUTHORIZATION=f"Bearer {old}",
        HTTP_X_TENANT_ID="alpha",
    )

    assert response.status_code == 401


def test_changing_ones_own_password_needs_the_current_one(api, alice):
    client = api("alice")

    missing = client.patch(f"users/{alice.pk}", {"password": "Un-autre-mot-2026"})
    wrong = client.patch(
        f"users/{alice.pk}",
        {"password": "Un-autre-mot-2026", "currentPassword": "faux"},
    )
    right = client.patch(
        f"users/{alice.pk}",
        {"password": "Un-autre-mot-2026", "currentPassword": PASSWORD},
    )

    assert (missing.status_code, wrong.status_code, right.status_code) == (
        400,
        400,
        200,
    )
    assert "currentPassword" in missing.json()["error"]["details"]
