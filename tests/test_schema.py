import pytest


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3_and_covers_the_api(schema):
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [
        "/api/v1/auth/token",
        "/api/v1/auth/token/refresh",
        "/api/v1/users",
        "/api/v1/users/me",
        "/api/v1/users/{id}",
        "/api/v1/courses",
        "/api/v1/courses/{id}",
        "/api/v1/courses/{id}/publish",
        "/api/v1/courses/{id}/archive",
        "/api/v1/courses/{course_pk}/lessons",
        "/api/v1/courses/{course_pk}/lessons/{id}",
        "/api/v1/enrollments",
        "/api/v1/enrollments/{id}",
        "/api/v1/enrollments/{id}/progress",
        "/api/v1/enrollments/{id}/lessons/{lesson_id}/complete",
        "/api/v1/enrollments/{id}/suspend",
        "/api/v1/enrollments/{id}/reactivate",
        "/api/v1/enrollments/{id}/revoke",
        "/api/v1/tenants",
    ]:
        assert path in paths, path


def test_schema_documents_the_envelopes(schema):
    create = schema["paths"]["/api/v1/enrollments"]["post"]
    created = create["responses"]["201"]["content"]["application/json"]["schema"]
    listed = schema["paths"]["/api/v1/enrollments"]["get"]["responses"]["200"]

    assert "data" in created["properties"]
    assert create["responses"]["402"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorEnvelope"
    }
    list_ref = listed["content"]["application/json"]["schema"]["$ref"]
    list_schema = schema["components"]["schemas"][list_ref.rsplit("/", 1)[1]]
    assert set(list_schema["properties"]) == {"data", "pagination"}


def test_tenant_operations_document_the_tenant_header(schema):
    progress = schema["paths"]["/api/v1/enrollments/{id}/progress"]["get"]

    assert any(p["name"] == "X-Tenant-ID" for p in progress["parameters"])


def test_enrollment_schema_has_the_documented_fields(schema):
    enrollment = schema["components"]["schemas"]["Enrollment"]

    assert set(enrollment["properties"]) == {
        "id",
        "courseId",
        "userId",
        "status",
        "paymentMethod",
        "paymentId",
        "enrolledAt",
        "completedAt",
        "expiresAt",
    }


def test_swagger_ui_is_served_without_a_cdn(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
    assert "/static/drf_spectacular_sidecar/" in page


def test_swagger_assets_are_served(client, settings):
    response = client.get("/api/docs")
    assert response.status_code == 200
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
