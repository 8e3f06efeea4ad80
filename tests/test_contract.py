"""The API contract under attack: mass assignment, unknown fields, limits."""

import pytest
from django.test import Client

from users.models import User

from .conftest import error_code
from .factories import CourseFactory, EnrollmentFactory


@pytest.fixture
def seeded(alpha, alice):
    course = CourseFactory(id="crs_contract", lessons=0)
    course.lessons.create(id="lsn_contract", title="L", position=1)
    EnrollmentFactory(id="enr_contract", course=course, user=alice)
    return {"courses": "crs_contract", "users": alice.pk, "enrollments": "enr_contract"}


def _writes(client):
    """Every operation of the tenant API that takes a JSON body."""
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()
    for path, operations in schema["paths"].items():
        if path.startswith(("/api/v1/tenants", "/api/v1/platform/")):
            continue
        for method, operation in operations.items():
            if "requestBody" in operation:
                yield method, path


def _fill(path, seeded):
    resource = path.split("/")[3]
    filled = path.replace("{course_pk}", "crs_contract")
    filled = filled.replace("{lesson_id}", "lsn_contract")
    if "/lessons/{id}" in filled:
        return filled.replace("{id}", "lsn_contract")
    return filled.replace("{id}", seeded.get(resource, ""))


def test_every_write_refuses_unknown_fields_and_names_them(client, api, seeded):
    admin = api("alpha_admin")
    writes = list(_writes(client))
    assert len(writes) >= 8

    for method, path in writes:
        url = _fill(path, seeded).removeprefix("/api/v1/")
        response = getattr(admin, method)(url, {"notAField": 1})

        assert response.status_code == 400, (method, path, response.content)
        assert "notAField" in response.json()["error"]["details"], (method, path)


@pytest.mark.parametrize(
    "field, value",
    [
        ("status", "COMPLETED"),
        ("completedAt", "2026-01-01T00:00:00Z"),
        ("enrolledAt", "2020-01-01T00:00:00Z"),
        ("tenant", "beta"),
        ("id", "enr_mine"),
    ],
)
def test_learner_cannot_set_server_owned_enrollment_fields(api, seeded, field, value):
    body = {"courseId": "crs_contract", "userId": "usr_bob", "paymentMethod": "FREE"}

    response = api("bob").post("enrollments", {**body, field: value})

    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == [field]


def test_learner_cannot_enrol_someone_else(api, seeded):
    body = {"courseId": "crs_contract", "userId": "usr_bob", "paymentMethod": "FREE"}

    response = api("alice").post("enrollments", body)

    assert response.status_code == 404
    assert not User.objects.get(pk="usr_bob").enrollments.exists()


@pytest.mark.parametrize(
    "change, status",
    [
        ({"role": "ADMIN"}, 403),
        ({"isActive": False}, 403),
        ({"email": "autre@alpha.test"}, 403),
        ({"id": "usr_other"}, 400),
        ({"createdAt": "2020-01-01T00:00:00Z"}, 400),
    ],
)
def test_learner_cannot_raise_or_rename_their_own_account(api, alice, change, status):
    response = api("alice").patch(f"users/{alice.pk}", change)

    assert response.status_code == status
    alice.refresh_from_db()
    assert (alice.role, alice.is_active, alice.email) == (
        "LEARNER",
        True,
        "alice@alpha.test",
    )


@pytest.mark.parametrize("field", ["status", "lessonCount", "publishedAt", "id"])
def test_course_status_and_counters_are_not_writable(api, seeded, field):
    response = api("alpha_admin").patch("courses/crs_contract", {field: "x"})

    assert response.status_code == 400
    assert error_code(response) == "validation_error"
    assert field in response.json()["error"]["details"]


def test_page_size_is_capped_at_100(api, seeded):
    response = api("alpha_admin").get("users", {"pageSize": 10_000})

    assert response.status_code == 200
    assert response.json()["pagination"]["pageSize"] == 100


@pytest.mark.parametrize(
    "body",
    [
        {"firstName": "a\x00b"},
        {"firstName": "x" * 151},
        {"email": "a@" + "b" * 300 + ".test"},
    ],
)
def test_nul_bytes_and_overlong_strings_are_400(api, alice, body):
    response = api("alice").patch(f"users/{alice.pk}", body)

    assert response.status_code == 400
    assert error_code(response) == "validation_error"


def test_post_without_tenant_header_is_400_not_a_csrf_page():
    response = Client().post(
        "/api/v1/enrollments", b"{}", content_type="application/json"
    )

    assert response.status_code == 400
    assert error_code(response) == "tenant_required"


def test_schema_says_request_bodies_take_no_other_fields(client):
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()
    requests = {
        name: component
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("Request")
    }

    assert {"EnrollmentCreateRequest", "PatchedUserUpdateRequest"} <= set(requests)
    for name, component in requests.items():
        assert component["additionalProperties"] is False, name


@pytest.mark.parametrize(
    "params, field",
    [
        ({"pageSize": "abc"}, "pageSize"),
        ({"pageSize": "0"}, "pageSize"),
        ({"pageSize": "-5"}, "pageSize"),
        ({"pageSize": "1.5"}, "pageSize"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "9" * 30}, "page"),
    ],
)
def test_malformed_paging_is_400_naming_the_parameter(api, seeded, params, field):
    response = api("alpha_admin").get("enrollments", params)

    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == [field]
