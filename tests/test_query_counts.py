"""The SQL statements each API call costs, `SET search_path` included.

The figures are exact: a change that adds a statement to an endpoint has
to change this table too. Inside a test, transactions show up as
SAVEPOINT statements; they are counted like any other.
"""

from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from courses.models import Course
from qualiforma.auth import tokens_for
from tenants.cache import tenant_cache_clear
from tenants.models import Domain, Tenant
from users.models import User
from users.services import user_create

from .conftest import PASSWORD, Api
from .factories import (
    CourseFactory,
    EnrollmentFactory,
    PaymentFactory,
    UserFactory,
    complete_lessons,
    record_events,
)


def _statements(client, method, path, body=None, *, warm=True, **headers):
    if warm:
        # Any request but a process's first finds its tenant in the cache.
        client.get("users/me")
    with CaptureQueriesContext(connection) as queries:
        if body is None:
            response = getattr(client, method)(path, **headers)
        else:
            response = getattr(client, method)(path, body, **headers)
    assert response.status_code < 400, response.content
    return len(queries)


@pytest.fixture
def course(alpha, trainer):
    return CourseFactory(lessons=20, trainer=trainer)


@pytest.fixture
def enrollment(course, alice):
    enrollment = EnrollmentFactory(course=course, user=alice)
    complete_lessons(enrollment, 9)
    return enrollment


NEW_USER = {
    "email": "nouvelle@alpha.test",
    "password": PASSWORD,
    "firstName": "Nouvelle",
    "lastName": "Recrue",
    "role": "LEARNER",
}

# (persona, method, path, body, statements); paths name the fixtures. Each
# enrollment change also inserts its event row.
ENDPOINTS = [
    ("alice", "get", "users/me", None, 2),
    ("alpha_admin", "get", "users", None, 4),
    ("alpha_admin", "get", "users/{bob}", None, 3),
    ("alpha_admin", "patch", "users/{bob}", {"firstName": "Robert"}, 8),
    # The row goes in a savepoint of its own, so that a taken address
    # leaves the service's transaction usable.
    ("alpha_admin", "post", "users", NEW_USER, 7),
    ("alpha_admin", "get", "courses", None, 4),
    ("alpha_admin", "get", "courses/{course}", None, 3),
    ("alpha_admin", "patch", "courses/{course}", {"title": "Autre titre"}, 7),
    # The insert, then the course read back with its lesson count.
    ("alpha_admin", "post", "courses", {"title": "Nouvelle formation"}, 6),
    ("alpha_admin", "post", "courses/{course}/archive", None, 8),
    ("alpha_admin", "get", "courses/{course}/lessons", None, 5),
    ("alpha_admin", "get", "courses/{course}/lessons/{lesson}", None, 4),
    ("alpha_admin", "post", "courses/{course}/lessons", {"title": "Bonus"}, 8),
    ("alpha_admin", "patch", "courses/{course}/lessons/{lesson}", {"title": "A"}, 8),
    # The lesson locked against a completion racing the delete, then the
    # enrollments it may have finished looked for (in a savepoint).
    ("alpha_admin", "delete", "courses/{course}/lessons/{lesson}", None, 14),
    ("alpha_admin", "get", "enrollments", None, 4),
    ("alice", "get", "enrollments?courseId={course}", None, 4),
    ("alice", "get", "enrollments/{enrollment}", None, 3),
    ("alice", "get", "enrollments/{enrollment}/progress", None, 3),
    ("alice", "post", "enrollments/{enrollment}/lessons/{lesson}/complete", None, 13),
    ("alpha_admin", "post", "enrollments/{enrollment}/suspend", None, 8),
    ("alpha_admin", "post", "enrollments/{enrollment}/revoke", None, 8),
    (
        "trainer",
        "post",
        "enrollments",
        {"courseId": "{course}", "userId": "{bob}", "paymentMethod": "FREE"},
        # The row and its event in one statement, which looks up the course
        # and the learner itself; the savepoint around it is the test's
        # transaction (outside one, nothing wraps it).
        5,
    ),
]


def _fill(template, names):
    if isinstance(template, dict):
        return {key: _fill(value, names) for key, value in template.items()}
    return template.format(**names) if isinstance(template, str) else template


@pytest.mark.parametrize(
    "persona, method, path, body, expected",
    ENDPOINTS,
    ids=[f"{method} {path}" for _, method, path, _, _ in ENDPOINTS],
)
def test_statements_per_endpoint(
    api, course, enrollment, bob, persona, method, path, body, expected
):
    names = {
        "bob": bob.pk,
        "course": course.pk,
        "enrollment": enrollment.pk,
        "lesson": course.lessons.order_by("position").last().pk,
    }

    count = _statements(api(persona), method, _fill(path, names), _fill(body, names))

    assert count == expected


def test_reactivate_statements(api, course, alice):
    suspended = EnrollmentFactory(course=course, user=alice, status="SUSPENDED")

    assert (
        _statements(
            api("alpha_admin"), "post", f"enrollments/{suspended.pk}/reactivate"
        )
        == 8
    )


def test_publish_statements(api, trainer):
    draft = CourseFactory(lessons=3, status=Course.Status.DRAFT, trainer=trainer)

    count = _statements(api("alpha_admin"), "post", f"courses/{draft.pk}/publish")

    # As archive, plus whether the course has a lesson, asked under the lock.
    assert count == 9


@pytest.mark.parametrize(
    "failing_addresses, expected",
    [
        # Axes looks for the account's failure records and finds none.
        (0, 4),
        # Axes reads the records and their expiries (its delete cascades to
        # them, and signals want the rows), then deletes them: one
        # statement each, however many addresses failed.
        (1, 6),
        (12, 6),
    ],
)
def test_unlock_statements_do_not_grow_with_the_failures(
    api, bob, failing_addresses, expected
):
    for n in range(failing_addresses):
        response = Api("alpha").post(
            "auth/token",
            {"email": bob.email, "password": "mauvais"},
            REMOTE_ADDR=f"10.0.1.{n}",
        )
        assert response.status_code in (401, 429)
    assert AccessAttempt.objects.filter(username=bob.email).count() == (
        failing_addresses
    )

    count = _statements(api("alpha_admin"), "post", f"users/{bob.pk}/unlock")

    assert count == expected


@pytest.mark.parametrize(
    "path, body, expected",
    [
        # The plain request's statements (7, 6, 8), and seven for the key:
        # the user checked, a savepoint, stale answers looked for (a
        # SELECT: post_delete receivers rule out a bare DELETE), the key
        # inserted then locked, the answer kept, the release.
        ("users", NEW_USER, 14),
        ("courses", {"title": "Nouvelle formation"}, 13),
        ("courses/{course}/archive", None, 15),
    ],
)
def test_idempotency_key_statements(api, course, path, body, expected):
    admin = api("alpha_admin")
    path = path.format(course=course.pk)
    key = {"HTTP_IDEMPOTENCY_KEY": "cle-de-test"}

    first = _statements(admin, "post", path, body, **key)
    replay = _statements(admin, "post", path, body, **key)

    assert first == expected
    # The user checked, then the kept answer read under the key's lock:
    # the endpoint is not run, whichever it is.
    assert replay == 7


def test_token_statements(api):
    client = Api("alpha")
    body = {"email": "alice@alpha.test", "password": PASSWORD}

    # django-axes checks the locks and logs the access; the blacklist keeps
    # the outstanding refresh token.
    assert _statements(client, "post", "auth/token", body) == 15


def test_token_refresh_statements(alpha, alice):
    refresh = tokens_for(alice)["refresh"]

    count = _statements(
        Api("alpha"), "post", "auth/token/refresh", {"refresh": refresh}
    )

    # The refresh token is looked up, spent and its successor recorded.
    assert count == 8


def test_logout_statements(alpha, alice):
    refresh = tokens_for(alice)["refresh"]

    count = _statements(Api("alpha"), "post", "auth/logout", {"refresh": refresh})

    # Not revoked yet (simplejwt's check), the outstanding token found and
    # its revocation inserted in a savepoint; nobody signs in.
    assert count == 6


@pytest.fixture
def operator(db):
    with schema_context("public"):
        return user_create(
            email="op@qualiforma.test",
            password=PASSWORD,
            first_name="",
            last_name="",
            role=User.Role.ADMIN,
        )


def test_platform_tenant_list_statements(operator):
    assert _statements(PlatformApi(operator), "get", "tenants") == 5


def test_platform_tenant_list_statements_do_not_grow_with_the_page(operator):
    def add_tenants(start, count):
        # Rows only: these tenants are never served, their schemas are not
        # needed; a domain each, as the page shows them.
        tenants = Tenant.objects.bulk_create(
            Tenant(slug=f"extra-{n}", name=f"Extra {n}", schema_name=f"extra_{n}")
            for n in range(start, start + count)
        )
        Domain.objects.bulk_create(
            Domain(domain=f"{t.slug}.localhost", tenant=t, is_primary=True)
            for t in tenants
        )

    client = PlatformApi(operator)
    add_tenants(0, 1)
    few = _statements(client, "get", "tenants?pageSize=100")

    add_tenants(1, 97)
    full = _statements(client, "get", "tenants?pageSize=100")

    assert Tenant.objects.count() >= 100
    assert few == full


# The operators' sign-in costs what a tenant's does, in the public schema.
@pytest.mark.parametrize(
    "path, expected",
    [
        ("platform/auth/token", 15),
        ("platform/auth/token/refresh", 8),
        ("platform/auth/logout", 6),
    ],
)
def test_platform_auth_statements(operator, path, expected):
    if path == "platform/auth/token":
        body = {"email": operator.email, "password": PASSWORD}
    else:
        body = {"refresh": tokens_for(operator)["refresh"]}

    count = _statements(PlatformApi(operator), "post", path, body)

    assert count == expected


def test_platform_tenant_statements(operator):
    # The tenant, then its domains.
    assert _statements(PlatformApi(operator), "get", "tenants/alpha") == 4


def test_platform_provisioning_statements(operator):
    client = PlatformApi(operator)

    def provision(slug):
        body = {
            "id": slug,
            "name": f"Organisme {slug}",
            "adminEmail": f"admin@{slug}.test",
            "adminPassword": PASSWORD,
        }
        return _statements(client, "post", "tenants", body)

    # The clone script is read from the catalogue once per process and
    # template version; only the first provisioning pays for it.
    provision("gamma")

    # Whether the slug is taken, whether the template is current, its
    # version, the schema cloned in one statement, the tenant, its domain
    # and its first admin, with eight search_path switches and eight
    # savepoint statements around them; then the tenant read back.
    assert provision("delta") == 30


class PlatformApi(Api):
    """A platform operator's client: no tenant header, public schema."""

    def __init__(self, user):
        super().__init__("alpha")
        access = tokens_for(user)["access"]
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")


def test_progress_statements_do_not_grow_with_lessons(api, alice, bob):
    small = EnrollmentFactory(course=CourseFactory(lessons=20), user=alice)
    large = EnrollmentFactory(course=CourseFactory(lessons=2000), user=bob)
    complete_lessons(small, 9)
    complete_lessons(large, 1500)

    small_count = _statements(api("alice"), "get", f"enrollments/{small.pk}/progress")
    large_count = _statements(api("bob"), "get", f"enrollments/{large.pk}/progress")

    assert small_count == large_count


def test_completion_statements_do_not_grow_with_lessons(api, alice, bob):
    small = EnrollmentFactory(course=CourseFactory(lessons=20), user=alice)
    large = EnrollmentFactory(course=CourseFactory(lessons=2000), user=bob)
    complete_lessons(large, 1500)

    def complete(persona, enrollment):
        lesson = enrollment.course.lessons.order_by("position").last()
        path = f"enrollments/{enrollment.pk}/lessons/{lesson.pk}/complete"
        return _statements(api(persona), "post", path)

    assert complete("alice", small) == complete("bob", large)


@pytest.mark.parametrize("events", [1, 100])
def test_event_list_statements_do_not_grow_with_the_page(api, enrollment, events):
    record_events(enrollment, events)

    count = _statements(
        api("alpha_admin"), "get", f"enrollments/{enrollment.pk}/events?pageSize=100"
    )

    # The enrollment, then the page: its count and its rows.
    assert count == 5


def test_lesson_list_statements_do_not_grow_with_lessons(api):
    small, large = CourseFactory(lessons=20), CourseFactory(lessons=2000)
    admin = api("alpha_admin")

    small_count = _statements(admin, "get", f"courses/{small.pk}/lessons?pageSize=100")
    large_count = _statements(admin, "get", f"courses/{large.pk}/lessons?pageSize=100")

    assert small_count == large_count


@pytest.mark.parametrize("resource", ["enrollments", "courses", "users"])
def test_list_statements_do_not_grow_with_the_page(api, resource):
    def enrol_new_learners(count):
        for learner in UserFactory.create_batch(count):
            EnrollmentFactory(course=CourseFactory(lessons=3), user=learner)

    admin = api("alpha_admin")
    enrol_new_learners(1)
    one = _statements(admin, "get", f"{resource}?pageSize=100")

    enrol_new_learners(99)
    full = _statements(admin, "get", f"{resource}?pageSize=100")

    assert one == full


def test_statements_do_not_grow_with_tenants(api, enrollment):
    path = f"enrollments/{enrollment.pk}/progress"
    before = _statements(api("alice"), "get", path)

    # Rows only: these tenants are never served, their schemas are not needed.
    Tenant.objects.bulk_create(
        Tenant(slug=f"extra-{n}", name=f"Extra {n}", schema_name=f"extra_{n}")
        for n in range(500)
    )
    after = _statements(api("alice"), "get", path)

    assert before == after


def test_each_tenant_costs_the_same_statements(api, enrollment):
    with schema_context("beta"):
        beta_enrollment = EnrollmentFactory(
            course=CourseFactory(lessons=20),
            user=User.objects.get(pk="usr_alice"),
        )
    alpha_count = _statements(api("alice"), "get", f"enrollments/{enrollment.pk}")
    beta_count = _statements(
        api("beta_alice"), "get", f"enrollments/{beta_enrollment.pk}"
    )

    assert alpha_count == beta_count


def test_a_cold_tenant_cache_costs_two_statements(api, enrollment):
    client = api("alice")
    path = f"enrollments/{enrollment.pk}"
    warm = _statements(client, "get", path)
    tenant_cache_clear()

    cold = _statements(client, "get", path, warm=False)

    # SET search_path to public, then the tenant's row.
    assert cold == warm + 2


def test_paid_enrollment_statements(api, bob):
    course = CourseFactory(lessons=2, price=Decimal("490.00"))
    payment = PaymentFactory(user=bob, course=course)
    body = {
        "courseId": course.pk,
        "userId": bob.pk,
        "paymentMethod": "STRIPE",
        "paymentId": payment.pk,
    }

    count = _statements(api("alpha_admin"), "post", "enrollments", body)

    # The token's tenant and user, the course and the learner looked up,
    # then in a transaction (a savepoint here): no live enrollment, the
    # payment locked, not used yet, the row and its event in one statement.
    assert count == 10


def test_learner_enrols_themselves_in_as_many_statements(api, course, bob):
    body = {"courseId": course.pk, "userId": bob.pk, "paymentMethod": "FREE"}

    assert _statements(api("bob"), "post", "enrollments", body) == 5


def test_a_refused_free_enrollment_looks_its_objects_up(api, course, bob):
    course.status = Course.Status.DRAFT
    course.save(update_fields=["status"])
    body = {"courseId": course.pk, "userId": bob.pk, "paymentMethod": "FREE"}

    client = api("alpha_admin")
    client.get("users/me")  # the tenant cached, as for any request but a first
    with CaptureQueriesContext(connection) as queries:
        response = client.post("enrollments", body)

    # The guarded insert wrote nothing; the course and the learner were
    # then read to say why.
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "course_not_open"
    assert len(queries) == 7
