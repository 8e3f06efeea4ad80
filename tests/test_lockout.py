"""Repeated failed sign-ins lock the account and the client address."""

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from users.services import user_signin_unlock

from .conftest import PASSWORD, error_code
from .factories import CourseFactory, EnrollmentFactory

LIMIT = settings.AXES_FAILURE_LIMIT


def _sign_in(email, password, ip="10.0.0.1", tenant="alpha"):
    return APIClient().post(
        "/api/v1/auth/token",
        {"email": email, "password": password},
        format="json",
        HTTP_X_TENANT_ID=tenant,
        REMOTE_ADDR=ip,
    )


def _fail(times, email="alice@alpha.test", ip="10.0.0.1", tenant="alpha"):
    for _ in range(times):
        assert _sign_in(email, "mauvais", ip, tenant).status_code in (401, 429)


def test_failures_below_the_limit_still_allow_the_right_password(alpha):
    _fail(LIMIT - 1)

    assert _sign_in("alice@alpha.test", PASSWORD).status_code == 200


def test_account_is_locked_at_the_limit_even_with_the_right_password(alpha):
    _fail(LIMIT)

    response = _sign_in("alice@alpha.test", PASSWORD, ip="10.0.0.2")

    assert response.status_code == 429
    assert error_code(response) == "too_many_attempts"
    assert set(response.json()["error"]) == {"code", "message", "details"}
    assert (
        int(response["Retry-After"])
        == response.json()["error"]["details"]["retryAfterSeconds"]
    )


def test_lock_is_per_account(alpha):
    _fail(LIMIT, ip="10.0.0.3")

    assert _sign_in("bob@alpha.test", PASSWORD, ip="10.0.0.4").status_code == 200


def test_client_address_is_locked_across_accounts(alpha):
    for email in ("a@alpha.test", "b@alpha.test", "c@alpha.test", "d@alpha.test"):
        _fail(LIMIT // 4 + 1, email=email, ip="10.0.0.5")

    response = _sign_in("bob@alpha.test", PASSWORD, ip="10.0.0.5")

    assert response.status_code == 429


def test_forged_forwarded_for_does_not_change_the_address(alpha):
    for _ in range(LIMIT):
        APIClient().post(
            "/api/v1/auth/token",
            {"email": "x@alpha.test", "password": "mauvais"},
            format="json",
            HTTP_X_TENANT_ID="alpha",
            REMOTE_ADDR="10.0.0.6",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    assert _sign_in("bob@alpha.test", PASSWORD, ip="10.0.0.6").status_code == 429


def test_lock_in_one_tenant_does_not_lock_the_other(alpha):
    _fail(LIMIT, email="alice@beta.test", tenant="beta")

    assert _sign_in("alice@alpha.test", PASSWORD, ip="10.0.0.7").status_code == 200
    assert (
        _sign_in("alice@beta.test", PASSWORD, ip="10.0.0.8", tenant="beta").status_code
        == 429
    )


def test_a_success_from_the_same_address_does_not_reset_another_account(alpha):
    # The attack: guess bob's password, signing in as alice between rounds.
    for _ in range(2):
        _fail(LIMIT - 1, email="bob@alpha.test")
        assert _sign_in("alice@alpha.test", PASSWORD).status_code in (200, 429)

    response = _sign_in("bob@alpha.test", PASSWORD, ip="10.9.9.9")

    assert response.status_code == 429


def test_admin_unlocks_an_account_through_the_api(api, alice):
    _fail(LIMIT)

    response = api("alpha_admin").post(f"users/{alice.pk}/unlock")

    assert response.status_code == 204
    assert _sign_in("alice@alpha.test", PASSWORD, ip="10.0.0.9").status_code == 200


@pytest.mark.parametrize("who, status", [("trainer", 403), ("bob", 404)])
def test_only_admins_unlock(api, alice, trainer, who, status):
    EnrollmentFactory(user=alice, course=CourseFactory(trainer=trainer))
    _fail(LIMIT)

    response = api(who).post(f"users/{alice.pk}/unlock")

    assert response.status_code == status
    assert _sign_in("alice@alpha.test", PASSWORD, ip="10.0.0.9").status_code == 429


def test_admin_action_unlocks_the_account(alpha_admin, alice):
    _fail(LIMIT)
    staff = Client(HTTP_HOST="alpha.localhost")
    staff.force_login(alpha_admin)

    staff.post(
        "/admin/users/user/", {"action": "unlock", "_selected_action": [alice.pk]}
    )

    assert _sign_in("alice@alpha.test", PASSWORD, ip="10.0.0.9").status_code == 200


def test_admin_lists_failed_attempts(alpha_admin):
    _fail(2, email="inconnu@alpha.test")
    staff = Client(HTTP_HOST="alpha.localhost")
    staff.force_login(alpha_admin)

    response = staff.get("/admin/axes/accessattempt/")

    assert response.status_code == 200
    assert "inconnu@alpha.test" in response.content.decode()


def test_admin_sign_in_page_is_locked_too(alpha, alice):
    browser = Client(HTTP_HOST="alpha.localhost", REMOTE_ADDR="10.0.1.1")
    for _ in range(LIMIT):
        browser.post(
            "/admin/login/", {"username": "admin@alpha.test", "password": "mauvais"}
        )

    response = browser.post(
        "/admin/login/", {"username": "admin@alpha.test", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "bloquée" in response.content.decode()


def test_unlock_service_reports_what_it_removed(alice):
    _fail(2)

    assert user_signin_unlock(user=alice) == 1


def test_admin_lifts_an_address_lock_by_deleting_its_attempts(alpha_admin):
    from axes.models import AccessAttempt

    for email in ("p@alpha.test", "q@alpha.test"):
        _fail(LIMIT, email=email, ip="10.0.3.1")
    assert _sign_in("bob@alpha.test", PASSWORD, ip="10.0.3.1").status_code == 429
    staff = Client(HTTP_HOST="alpha.localhost")
    staff.force_login(alpha_admin)
    attempts = list(
        AccessAttempt.objects.filter(ip_address="10.0.3.1").values_list("pk", flat=True)
    )

    staff.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )

    assert not AccessAttempt.objects.filter(ip_address="10.0.3.1").exists()
    assert _sign_in("bob@alpha.test", PASSWORD, ip="10.0.3.1").status_code == 200


def test_trainer_cannot_see_or_lift_locks_in_the_admin(trainer):
    staff = Client(HTTP_HOST="alpha.localhost")
    staff.force_login(trainer)

    assert staff.get("/admin/axes/accessattempt/").status_code == 403
