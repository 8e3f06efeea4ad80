"""The demo tenant and the examples of the public docs page."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from courses.models import Course
from users.models import User


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    connection.set_schema_to_public()


def _token():
    response = APIClient().post(
        "/api/v1/auth/token",
        {"email": "admin@votre-tenant.test", "password": "qualiforma-demo"},
        format="json",
        HTTP_X_TENANT_ID="votre-tenant",
    )
    assert response.status_code == 200
    return response.json()["data"]["access"]


def test_seed_demo_leaves_the_documented_data(demo):
    with schema_context("votre_tenant"):
        course = Course.objects.get(pk="crs_abc123")
        learner = User.objects.get(pk="usr_xyz789")
        assert (course.status, course.price, course.lessons.count()) == (
            "PUBLISHED",
            0,
            20,
        )
        assert learner.role == User.Role.LEARNER


def test_seed_demo_is_idempotent(demo):
    output = io.StringIO()

    call_command("seed_demo", stdout=output)

    assert "qualiforma-demo" in output.getvalue()
    with schema_context("votre_tenant"):
        assert Course.objects.count() == 1
        assert User.objects.count() == 3


def test_documented_enrollment_and_progress_examples(demo):
    """The cURL / requests / fetch examples, as sent by those clients."""
    token = _token()
    client = APIClient()
    headers = {
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "HTTP_X_TENANT_ID": "votre-tenant",
    }

    created = client.post(
        "/api/v1/enrollments",
        '{\n    "courseId": "crs_abc123",\n    "userId": "usr_xyz789",\n'
        '    "paymentMethod": "FREE"\n  }',
        content_type="application/json",
        **headers,
    )
    enrollment = created.json()["data"]
    progress = client.get(f"/api/v1/enrollments/{enrollment['id']}/progress", **headers)

    assert created.status_code == 201
    assert (enrollment["status"], enrollment["courseId"]) == ("ACTIVE", "crs_abc123")
    assert progress.status_code == 200
    assert progress.json()["data"] | {"enrollmentId": None} == {
        "enrollmentId": None,
        "progressPercent": 0,
        "completedLessons": 0,
        "totalLessons": 20,
        "completedAt": None,
        "lastActivityAt": None,
    }
