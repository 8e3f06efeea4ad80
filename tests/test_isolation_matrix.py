"""Who may touch what: tenants x roles x every object endpoint and method.

Each tenant holds the same cast: an admin, a trainer teaching one course, a
learner enrolled in it ("alice", whose id exists in both tenants) and
another learner ("bob"). Every cell names the status each role gets. An
object of another tenant is 404 to everyone signed in there, and a token
sent under another tenant's header is 401 everywhere.
"""

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from courses.models import Lesson
from enrollments.models import Enrollment
from qualiforma.auth import tokens_for
from users.models import User
from users.services import user_create

from .conftest import PASSWORD
from .factories import CourseFactory

TENANTS = ("alpha", "beta")
ROLES = ("admin", "trainer", "alice", "bob", "anonymous")
ADMIN_IDS = {"alpha": "usr_alphaadmin", "beta": "usr_betaadmin"}
ROLE_IDS = {"trainer": "usr_trainer", "alice": "usr_alice", "bob": "usr_bob"}


def _ids(tenant):
    return {
        "user": "usr_alice",
        "course": f"crs_mx{tenant}",
        "lesson": f"lsn_mx{tenant}1",
        "spare_lesson": f"lsn_mx{tenant}2",
        "enrollment": f"enr_mx{tenant}",
        "bob": "usr_bob",
    }


def _other(tenant):
    return "beta" if tenant == "alpha" else "alpha"


# name: (method, path, body, {role: status}) for the actor's own tenant.
OBJECT_ENDPOINTS = {
    "user-get": ("get", "users/{user}", None, (200, 200, 200, 404, 401)),
    "user-patch": (
        "patch",
        "users/{user}",
        {"firstName": "Zoé"},
        (200, 403, 200, 404, 401),
    ),
    "user-unlock": (
        "post",
        "users/{user}/unlock",
        None,
        (204, 403, 403, 404, 401),
    ),
    "course-get": ("get", "courses/{course}", None, (200, 200, 200, 200, 401)),
    "course-patch": (
        "patch",
        "courses/{course}",
        {"title": "Autre titre"},
        (200, 200, 403, 403, 401),
    ),
    "course-publish": (
        "post",
        "courses/{course}/publish",
        None,
        (409, 409, 403, 403, 401),
    ),
    "course-archive": (
        "post",
        "courses/{course}/archive",
        None,
        (200, 200, 403, 403, 401),
    ),
    "lessons-list": (
        "get",
        "courses/{course}/lessons",
        None,
        (200, 200, 200, 200, 401),
    ),
    "lessons-create": (
        "post",
        "courses/{course}/lessons",
        {"title": "Nouvelle leçon"},
        (201, 201, 403, 403, 401),
    ),
    "lesson-get": (
        "get",
        "courses/{course}/lessons/{lesson}",
        None,
        (200, 200, 200, 200, 401),
    ),
    "lesson-patch": (
        "patch",
        "courses/{course}/lessons/{lesson}",
        {"title": "Titre revu"},
        (200, 200, 403, 403, 401),
    ),
    "lesson-delete": (
        "delete",
        "courses/{course}/lessons/{spare_lesson}",
        None,
        (204, 204, 403, 403, 401),
    ),
    "enrollment-get": (
        "get",
        "enrollments/{enrollment}",
        None,
        (200, 200, 200, 404, 401),
    ),
    "enrollment-progress": (
        "get",
        "enrollments/{enrollment}/progress",
        None,
        (200, 200, 200, 404, 401),
    ),
    "enrollment-events": (
        "get",
        "enrollments/{enrollment}/events",
        None,
        (200, 403, 403, 404, 401),
    ),
    "enrollment-complete-lesson": (
        "post",
        "enrollments/{enrollment}/lessons/{lesson}/complete",
        None,
        (200, 200, 200, 404, 401),
    ),
    "enrollment-suspend": (
        "post",
        "enrollments/{enrollment}/suspend",
        None,
        (200, 200, 403, 404, 401),
    ),
    "enrollment-reactivate": (
        "post",
        "enrollments/{enrollment}/reactivate",
        None,
        (409, 409, 403, 404, 401),
    ),
    "enrollment-revoke": (
        "post",
        "enrollments/{enrollment}/revoke",
        None,
        (200, 200, 403, 404, 401),
    ),
}

COLLECTION_ENDPOINTS = {
    "users-list": ("get", "users", None, (200, 200, 200, 200, 401)),
    "users-me": ("get", "users/me", None, (200, 200, 200, 200, 401)),
    "users-create": (
        "post",
        "users",
        {
            "email": "nouveau@matrix.test",
            "password": PASSWORD,
            "role": "LEARNER",
        },
        (201, 403, 403, 403, 401),
    ),
    "courses-list": ("get", "courses", None, (200, 200, 200, 200, 401)),
    "courses-create": (
        "post",
        "courses",
        {"title": "Formation de la matrice"},
        (201, 201, 403, 403, 401),
    ),
    "enrollments-list": ("get", "enrollments", None, (200, 200, 200, 200, 401)),
    "enrollments-create": (
        "post",
        "enrollments",
        {"courseId": "{course}", "userId": "{bob}", "paymentMethod": "FREE"},
        (201, 201, 404, 201, 401),
    ),
}

ENDPOINTS = {**OBJECT_ENDPOINTS, **COLLECTION_ENDPOINTS}


def _cast(tenant):
    """Create the trainer, bob, a course with two lessons and alice's
    enrollment in `tenant` (alpha's personas already exist)."""
    with schema_context(tenant):
        if tenant == "beta":
            for role, user_id in (("TRAINER", "usr_trainer"), ("LEARNER", "usr_bob")):
                user_create(
                    email=f"{user_id}@beta.test",
                    password=PASSWORD,
                    first_name="",
                    last_name="",
                    role=role,
                    user_id=user_id,
                )
        ids = _ids(tenant)
        course = CourseFactory(
            id=ids["course"], trainer=User.objects.get(pk="usr_trainer")
        )
        for position, key in enumerate(("lesson", "spare_lesson"), start=1):
            Lesson.objects.create(
                id=ids[key], course=course, title=key, position=position
            )
        Enrollment.objects.create(
            id=ids["enrollment"],
            course=course,
            user=User.objects.get(pk="usr_alice"),
            payment_method=Enrollment.PaymentMethod.FREE,
        )


@pytest.fixture
def cast(alpha):
    for tenant in TENANTS:
        _cast(tenant)
    connection.set_tenant(alpha)


def _client(role, tenant, header=None):
    client = APIClient()
    headers = {"HTTP_X_TENANT_ID": header or tenant}
    if role != "anonymous":
        with schema_context(tenant):
            user = User.objects.get(
                pk=ADMIN_IDS[tenant] if role == "admin" else ROLE_IDS[role]
            )
            headers["HTTP_AUTHORIZATION"] = f"Bearer {tokens_for(user)['access']}"
    client.credentials(**headers)
    return client


def _fill(template, ids):
    if isinstance(template, str):
        return template.format(**ids)
    if isinstance(template, dict):
        return {key: _fill(value, ids) for key, value in template.items()}
    return template


def _call(client, method, path, body, ids):
    before = connection.tenant
    try:
        kwargs = {"format": "json"} if body is not None else {}
        return getattr(client, method)(
            f"/api/v1/{_fill(path, ids)}", _fill(body, ids), **kwargs
        )
    finally:
        connection.set_tenant(before)


def _cells(endpoints):
    for tenant in TENANTS:
        for name, (_, _, _, statuses) in endpoints.items():
            for role, status in zip(ROLES, statuses, strict=True):
                yield pytest.param(
                    tenant, role, name, status, id=f"{tenant}-{role}-{name}"
                )


@pytest.mark.parametrize("tenant, role, name, status", list(_cells(ENDPOINTS)))
def test_own_tenant(cast, tenant, role, name, status):
    method, path, body, _ = ENDPOINTS[name]

    response = _call(_client(role, tenant), method, path, body, _ids(tenant))

    assert response.status_code == status, response.content
    if status >= 400:
        assert set(response.json()["error"]) == {"code", "message", "details"}


def _other_tenant_cells():
    for tenant in TENANTS:
        for name in [*OBJECT_ENDPOINTS, "enrollments-create"]:
            for role in ROLES:
                status = 401 if role == "anonymous" else 404
                yield pytest.param(
                    tenant, role, name, status, id=f"{tenant}-{role}-{name}"
                )


@pytest.mark.parametrize("tenant, role, name, status", list(_other_tenant_cells()))
def test_other_tenants_objects_are_not_found(cast, tenant, role, name, status):
    method, path, body, _ = ENDPOINTS[name]
    # The other tenant's ids; its user ids are its admin's, which exists
    # only there ("usr_alice" would name our own alice).
    ids = {**_ids(_other(tenant)), "user": ADMIN_IDS[_other(tenant)]}
    ids["bob"] = "usr_bob"

    response = _call(_client(role, tenant), method, path, body, ids)

    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    "tenant, role, name",
    [
        pytest.param(tenant, role, name, id=f"{tenant}-{role}-{name}")
        for tenant in TENANTS
        for role in ROLES[:-1]
        for name in ENDPOINTS
    ],
)
def test_token_under_another_tenants_header_is_401(cast, tenant, role, name):
    method, path, body, _ = ENDPOINTS[name]
    other = _other(tenant)

    client = _client(role, tenant, header=other)
    response = _call(client, method, path, body, _ids(other))

    assert response.status_code == 401, response.content


@pytest.mark.parametrize("tenant", TENANTS)
@pytest.mark.parametrize("role", ROLES[:-1])
@pytest.mark.parametrize("path", ["users", "courses", "enrollments"])
def test_lists_never_show_another_tenants_objects(cast, tenant, role, path):
    other_ids = set(_ids(_other(tenant)).values()) | {ADMIN_IDS[_other(tenant)]}

    response = _call(_client(role, tenant), "get", path, None, {})

    assert response.status_code == 200
    shown = {item["id"] for item in response.json()["data"]}
    assert not shown & (other_ids - {"usr_alice", "usr_bob"})


def test_same_user_id_reads_each_tenants_own_user(cast):
    alpha = _call(_client("admin", "alpha"), "get", "users/usr_alice", None, {})
    beta = _call(_client("admin", "beta"), "get", "users/usr_alice", None, {})

    assert alpha.json()["data"]["email"] == "alice@alpha.test"
    assert beta.json()["data"]["email"] == "alice@beta.test"


def test_same_url_under_two_tenant_headers_never_serves_the_others_body(cast):
    """No cache in the request path may answer one tenant with the other's."""
    bodies = {}
    for _ in range(2):
        for tenant in TENANTS:
            response = _call(_client("alice", tenant), "get", "users/me", None, {})
            bodies.setdefault(tenant, set()).add(response.content)

    assert all(len(answers) == 1 for answers in bodies.values())
    assert bodies["alpha"] != bodies["beta"]
    assert b"alice@alpha.test" in next(iter(bodies["alpha"]))
    assert b"alice@beta.test" in next(iter(bodies["beta"]))


def test_cache_keys_carry_the_tenant(cast):
    from django.core.cache import cache

    with schema_context("alpha"):
        cache.set("progress:usr_alice", "alpha's")
    with schema_context("beta"):
        seen_by_beta = cache.get("progress:usr_alice")
        cache.set("progress:usr_alice", "beta's")
    with schema_context("alpha"):
        seen_by_alpha = cache.get("progress:usr_alice")

    assert seen_by_beta is None
    assert seen_by_alpha == "alpha's"
