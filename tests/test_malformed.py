"""No request, however malformed, gets a 500; each gets the envelope."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from enrollments.models import Enrollment
from qualiforma.auth import tokens_for
from users.models import User

from .factories import CourseFactory


@pytest.fixture
def raw(alpha):
    """A Django client with admin credentials, to send any bytes at all."""
    with schema_context("alpha"):
        admin = User.objects.get(pk="usr_alphaadmin")
        token = tokens_for(admin)["access"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_TENANT_ID="alpha")
    return client


def _post(raw, path, body, content_type="application/json"):
    return raw.post(f"/api/v1/{path}", body, content_type=content_type)


def _assert_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"not json",
        b"\xff\xfe",
        b"[]",
        b"null",
        b'"string"',
        b"42",
        b'{"courseId": ',
    ],
)
def test_bad_json_is_400(raw, body):
    _assert_error(_post(raw, "enrollments", body), 400)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"courseId": 1, "userId": 2, "paymentMethod": "FREE"},
        {"courseId": ["crs_x"], "userId": "usr_alice", "paymentMethod": "FREE"},
        {"courseId": {"a": 1}, "userId": "usr_alice", "paymentMethod": "FREE"},
        {"courseId": "crs_x", "userId": "usr_alice", "paymentMethod": "CASH"},
        {"courseId": "crs_x", "userId": "usr_alice", "paymentMethod": None},
        {"courseId": "x" * 10_000, "userId": "usr_alice", "paymentMethod": "FREE"},
        {"courseId": "crs_\x00", "userId": "usr_alice", "paymentMethod": "FREE"},
        {
            "courseId": "crs_x",
            "userId": "usr_alice",
            "paymentMethod": "FREE",
            "expiresAt": "tomorrow",
        },
        {
            "courseId": "crs_x",
            "userId": "usr_alice",
            "paymentMethod": "FREE",
            "expiresAt": "99999-01-01T00:00:00Z",
        },
        {
            "courseId": "crs_x",
            "userId": "usr_alice",
            "paymentMethod": "FREE",
            "status": "COMPLETED",
        },
    ],
    ids=[
        "empty",
        "numbers",
        "list",
        "object",
        "unknown-enum",
        "null-enum",
        "huge-id",
        "nul-byte",
        "bad-date",
        "out-of-range-date",
        "unknown-field",
    ],
)
def test_invalid_enrollment_bodies_are_400(raw, body):
    import json

    response = _post(raw, "enrollments", json.dumps(body))

    _assert_error(response, 400)
    assert not Enrollment.objects.exists()


def test_unknown_field_is_named(raw):
    import json

    body = {"courseId": "c", "userId": "u", "paymentMethod": "FREE", "tenant": "b"}

    response = _post(raw, "enrollments", json.dumps(body))

    assert response.json()["error"]["details"] == {"tenant": ["Champ inconnu."]}


def test_huge_body_is_413(raw):
    response = _post(raw, "enrollments", b'{"a": "' + b"x" * 2_000_000 + b'"}')

    _assert_error(response, 413)
    assert response.json()["error"]["code"] == "request_too_large"


def test_wrong_content_type_is_415(raw):
    response = _post(
        raw, "enrollments", b"courseId=x", "application/x-www-form-urlencoded"
    )

    _assert_error(response, 415)


def test_unknown_route_is_404_in_the_envelope(raw):
    _assert_error(raw.get("/api/v1/nothing-here"), 404)


@pytest.mark.parametrize(
    "path",
    [
        "enrollments/not-an-id",
        "enrollments/enr_" + "x" * 500,
        "enrollments/enr_%00",
        "enrollments/enr_x/progress/extra",
        "courses/crs_%E2%82%AC",
    ],
)
def test_malformed_ids_in_paths_are_404(raw, path):
    _assert_error(raw.get(f"/api/v1/{path}"), 404)


def test_method_not_allowed_is_405(raw):
    _assert_error(
        raw.put("/api/v1/enrollments", b"{}", content_type="application/json"), 405
    )


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"pageSize": "abc"},
        {"courseId": "x" * 1000},
        {"userId": "usr_\x00"},
        {"status": "\x00"},
    ],
)
def test_bad_query_parameters_never_500(raw, params):
    response = raw.get("/api/v1/enrollments", params)

    assert response.status_code in (200, 400, 404)
    assert "data" in response.json() or "error" in response.json()


@pytest.mark.parametrize(
    "body",
    [
        {"title": "x" * 201},
        {"title": "ok", "price": "-1"},
        {"title": "ok", "price": "1e400"},
        {"title": "ok", "price": "123456789012"},
        {"title": "ok", "durationHours": "abc"},
        {"title": "ok", "trainerId": 5},
        {"title": "\x00"},
    ],
)
def test_invalid_course_bodies_are_400(raw, body):
    import json

    _assert_error(_post(raw, "courses", json.dumps(body)), 400)


@pytest.mark.parametrize(
    "body",
    [
        {"title": "ok", "position": 2**40},
        {"title": "ok", "position": -1},
        {"title": "ok", "durationMinutes": "long"},
        {"title": "ok", "position": True},
    ],
)
def test_invalid_lesson_bodies_are_400(raw, alpha, body):
    import json

    course = CourseFactory()

    _assert_error(_post(raw, f"courses/{course.pk}/lessons", json.dumps(body)), 400)


@pytest.mark.parametrize("path", ["auth/token", "enrollments", "users"])
def test_deeply_nested_json_is_400(raw, path):
    body = "[" * 5000 + "]" * 5000

    response = _post(raw, path, body)

    _assert_error(response, 400)
    assert response.json()["error"]["code"] == "malformed_request"


@pytest.mark.parametrize("method", ["post", "patch", "put", "delete"])
def test_write_without_tenant_header_is_400_not_a_csrf_page(method):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(
        "/api/v1/enrollments", "{}", content_type="application/json"
    )

    _assert_error(response, 400)
    assert response.json()["error"]["code"] == "tenant_required"


@pytest.mark.parametrize(
    "path", ["/api/v1/enrollments/", "/api/v1/nope", "/api/v2/enrollments"]
)
def test_unknown_api_paths_are_json_even_in_debug(raw, settings, path):
    settings.DEBUG = True

    _assert_error(raw.get(path), 404)


def test_auth_errors_have_a_plain_french_message(raw):
    response = raw.get("/api/v1/users/me", HTTP_AUTHORIZATION="Bearer")

    _assert_error(response, 401)
    assert response.json()["error"]["message"] == "Authentification refusée."


@pytest.mark.parametrize(
    "path",
    [
        "enrollments/{enrollment}/suspend",
        "enrollments/{enrollment}/lessons/{lesson}/complete",
        "courses/{course}/archive",
    ],
)
def test_actions_refuse_fields_in_their_body(raw, alpha, path):
    import json

    from .factories import EnrollmentFactory

    course = CourseFactory(lessons=1)
    enrollment = EnrollmentFactory(course=course, user=User.objects.get(pk="usr_alice"))
    names = {
        "enrollment": enrollment.pk,
        "course": course.pk,
        "lesson": course.lessons.get().pk,
    }

    response = _post(raw, path.format(**names), json.dumps({"status": "REVOKED"}))

    _assert_error(response, 400)
    assert response.json()["error"]["details"] == {"status": ["Champ inconnu."]}
    enrollment.refresh_from_db()
    assert enrollment.status == "ACTIVE"


@pytest.mark.parametrize(
    "path", ["/formations/crs_abc%00/", "/admin/enrollments/enrollment/?q=%00"]
)
def test_nul_bytes_in_page_urls_are_400(db, path):
    response = Client(HTTP_HOST="alpha.localhost").get(path)

    assert response.status_code == 400
