import pytest

from users.models import User

from .conftest import error_code
from .factories import CourseFactory, EnrollmentFactory

NEW_USER = {
    "email": "Nouvelle@Alpha.test",
    "password": "motdepasse-solide",
    "firstName": "Nina",
    "lastName": "Petit",
    "role": "TRAINER",
}


def test_admin_creates_a_user(api):
    response = api("alpha_admin").post("users", NEW_USER)

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["id"].startswith("usr_")
    assert data | {"id": None, "createdAt": None} == {
        "id": None,
        "email": "nouvelle@alpha.test",
        "firstName": "Nina",
        "lastName": "Petit",
        "role": "TRAINER",
        "isActive": True,
        "createdAt": None,
    }
    assert "password" not in data
    assert User.objects.get(pk=data["id"]).check_password("motdepasse-solide")


def test_duplicate_email_is_409_whatever_its_case(api):
    client = api("alpha_admin")

    response = client.post("users", {**NEW_USER, "email": "ALICE@alpha.test"})

    assert response.status_code == 409
    assert error_code(response) == "email_taken"


def test_weak_password_is_400(api):
    response = api("alpha_admin").post("users", {**NEW_USER, "password": "123"})

    assert response.status_code == 400
    assert "password" in response.json()["error"]["details"]


def test_unknown_role_is_400(api):
    response = api("alpha_admin").post("users", {**NEW_USER, "role": "ROOT"})

    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["trainer", "alice"])
def test_only_admins_create_users(api, persona):
    response = api(persona).post("users", NEW_USER)

    assert response.status_code == 403
    assert not User.objects.filter(email="nouvelle@alpha.test").exists()


def test_me(api, alice):
    response = api("alice").get("users/me")

    assert response.json()["data"]["id"] == alice.pk


def test_admin_lists_every_user(api):
    response = api("alpha_admin").get("users")

    ids = {user["id"] for user in response.json()["data"]}
    assert {"usr_alphaadmin", "usr_trainer", "usr_alice", "usr_bob"} <= ids


def test_learner_lists_only_themselves(api):
    response = api("alice").get("users")

    assert [user["id"] for user in response.json()["data"]] == ["usr_alice"]


def test_trainer_lists_their_learners_and_themselves(api, trainer, bob):
    EnrollmentFactory(user=bob, course=CourseFactory(trainer=trainer))

    response = api("trainer").get("users")

    assert {user["id"] for user in response.json()["data"]} == {
        "usr_trainer",
        "usr_bob",
    }


def test_learner_cannot_see_another_learner(api):
    response = api("alice").get("users/usr_bob")

    assert response.status_code == 404


def test_admin_deactivates_a_user(api, bob):
    response = api("alpha_admin").patch("users/usr_bob", {"isActive": False})

    assert response.status_code == 200
    assert response.json()["data"]["isActive"] is False
    bob.refresh_from_db()
    assert bob.is_active is False


def test_learner_changes_their_own_name(api, alice):
    response = api("alice").patch("users/usr_alice", {"firstName": "Alicia"})

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.first_name == "Alicia"


@pytest.mark.parametrize("body", [{"role": "ADMIN"}, {"isActive": False}])
def test_learner_cannot_change_their_role_or_activation(api, alice, body):
    response = api("alice").patch("users/usr_alice", body)

    assert response.status_code == 403
    alice.refresh_from_db()
    assert (alice.role, alice.is_active) == ("LEARNER", True)


def test_admin_cannot_deactivate_themselves(api):
    response = api("alpha_admin").patch("users/usr_alphaadmin", {"isActive": False})

    assert response.status_code == 403


def test_patch_to_an_email_in_use_is_409(api):
    response = api("alpha_admin").patch("users/usr_bob", {"email": "alice@alpha.test"})

    assert response.status_code == 409


def test_user_of_another_tenant_is_404_even_with_the_same_id(api):
    response = api("beta_admin").get("users/usr_bob")

    assert response.status_code == 404


def test_same_id_in_another_tenant_is_another_user(api):
    alpha_view = api("alpha_admin").get("users/usr_alice").json()["data"]
    beta_view = api("beta_admin").get("users/usr_alice").json()["data"]

    assert alpha_view["email"] == "alice@alpha.test"
    assert beta_view["email"] == "alice@beta.test"
