"""Idempotency-Key on POST: replay, conflict, scope, expiry and races."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import schema_context

from courses.models import Course
from enrollments.models import Enrollment
from idempotency.models import IdempotencyKey
from tests.committed import delete_course, in_alpha
from tests.conftest import Api
from users.models import User
from users.services import user_update

from .conftest import error_code
from .factories import CourseFactory

CONCURRENT = 6


@pytest.fixture
def course(alpha):
    return CourseFactory(lessons=2)


def _enrol(client, course, user_id, key="k-0", **extra):
    body = {"courseId": course.pk, "userId": user_id, "paymentMethod": "FREE"}
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post("enrollments", {**body, **extra}, **headers)


def test_same_key_and_body_replays_the_first_answer(api, course):
    admin = api("alpha_admin")

    first = _enrol(admin, course, "usr_alice", key="k-1")
    second = _enrol(admin, course, "usr_alice", key="k-1")

    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second["Idempotent-Replayed"] == "true"
    assert Enrollment.objects.filter(course=course).count() == 1


def test_a_deactivated_users_key_is_not_replayed(api, course, alpha_admin):
    admin = api("alpha_admin")
    _enrol(admin, course, "usr_alice", key="k-gone")
    user_update(user=alpha_admin, is_active=False)

    response = _enrol(admin, course, "usr_alice", key="k-gone")

    assert response.status_code == 401
    assert "Idempotent-Replayed" not in response


def test_without_a_key_a_second_post_is_not_replayed(api, course):
    admin = api("alpha_admin")
    _enrol(admin, course, "usr_alice", key=None)

    response = _enrol(admin, course, "usr_alice", key=None)

    assert response.status_code == 409
    assert error_code(response) == "enrollment_exists"


def test_same_key_with_another_body_is_409_idempotency_conflict(api, course):
    admin = api("alpha_admin")
    _enrol(admin, course, "usr_alice", key="k-2")

    response = _enrol(admin, course, "usr_bob", key="k-2")

    assert response.status_code == 409
    assert error_code(response) == "idempotency_conflict"
    assert not Enrollment.objects.filter(course=course, user_id="usr_bob").exists()


def test_same_key_on_another_endpoint_is_a_conflict(api, course):
    admin = api("alpha_admin")
    _enrol(admin, course, "usr_alice", key="k-3")

    response = admin.post("courses", {"title": "Autre"}, HTTP_IDEMPOTENCY_KEY="k-3")

    assert response.status_code == 409
    assert error_code(response) == "idempotency_conflict"


def test_key_order_and_spacing_do_not_make_another_request(api, course):
    admin = api("alpha_admin")
    _enrol(admin, course, "usr_alice", key="k-4")

    response = admin.client.post(
        "/api/v1/enrollments",
        f'{{ "paymentMethod": "FREE", "userId": "usr_alice", "courseId": "{course.pk}" }}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-4",
    )

    assert response.status_code == 201
    assert response["Idempotent-Replayed"] == "true"


def test_an_error_answer_is_replayed_too(api, course):
    admin = api("alpha_admin")
    enrollment = _enrol(admin, course, "usr_alice", key=None).json()["data"]["id"]
    path = f"enrollments/{enrollment}/reactivate"

    first = admin.post(path, HTTP_IDEMPOTENCY_KEY="k-5")
    admin.post(f"enrollments/{enrollment}/suspend")
    second = admin.post(path, HTTP_IDEMPOTENCY_KEY="k-5")

    assert first.status_code == second.status_code == 409
    assert second.content == first.content


def test_a_refused_body_is_not_kept_so_the_fixed_one_runs(api, course):
    admin = api("alpha_admin")
    refused = _enrol(admin, course, "usr_alice", key="k-6", extra="champ")

    fixed = _enrol(admin, course, "usr_alice", key="k-6")

    assert refused.status_code == 400
    assert fixed.status_code == 201


def test_keys_are_per_user(api, course):
    alice = _enrol(api("alice"), course, "usr_alice", key="shared")
    bob = _enrol(api("bob"), course, "usr_bob", key="shared")

    assert alice.status_code == bob.status_code == 201
    assert Enrollment.objects.filter(course=course).count() == 2


def test_keys_are_per_tenant_even_for_the_same_user_id(api, course):
    _enrol(api("alice"), course, "usr_alice", key="same-key")
    with schema_context("beta"):
        beta_course = CourseFactory(lessons=1)

    response = _enrol(api("beta_alice"), beta_course, "usr_alice", key="same-key")

    assert response.status_code == 201
    assert response.json()["data"]["courseId"] == beta_course.pk


def test_answer_is_kept_for_24_hours_only(api, course):
    admin = api("alpha_admin")
    _enrol(admin, course, "usr_alice", key="k-7")
    IdempotencyKey.objects.filter(key="k-7").update(
        created_at=timezone.now() - timedelta(hours=24, seconds=1)
    )

    response = _enrol(admin, course, "usr_alice", key="k-7")

    assert response.status_code == 409
    assert error_code(response) == "enrollment_exists"
    assert not response.has_header("Idempotent-Replayed")


@pytest.mark.parametrize("key", ["", "x" * 256, "avec espace", "é"])
def test_malformed_key_is_400(api, course, key):
    response = _enrol(api("alpha_admin"), course, "usr_alice", key=key)

    assert response.status_code == 400
    assert error_code(response) == "invalid_idempotency_key"


def test_anonymous_post_with_a_key_is_still_401(api, course):
    response = _enrol(api(None), course, "usr_alice", key="k-8")

    assert response.status_code == 401


@pytest.fixture
def committed():
    created = {}

    def work():
        created["course"] = Course.objects.create(
            title="Course for the key race", status=Course.Status.PUBLISHED
        )

    in_alpha(work)
    yield created

    def cleanup():
        delete_course(created["course"])
        IdempotencyKey.objects.filter(key="course-race").delete()

    in_alpha(cleanup)


def test_racing_requests_with_one_key_create_one_object(db, committed):
    with schema_context("alpha"):
        admin = User.objects.get(pk="usr_alphaadmin")
    barrier = threading.Barrier(CONCURRENT)
    responses = []

    def enrol():
        client = Api("alpha", admin)
        barrier.wait()
        try:
            responses.append(
                _enrol(client, committed["course"], "usr_bob", key="course-race")
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [r.status_code for r in responses] == [201] * CONCURRENT
    assert len({r.content for r in responses}) == 1
    counted = {}

    def count():
        counted["n"] = Enrollment.objects.filter(course=committed["course"]).count()

    in_alpha(count)
    assert counted["n"] == 1


def test_schema_documents_the_header_on_every_signed_in_post(client):
    schema = client.get("/api/v1/schema", HTTP_ACCEPT="application/json").json()

    posts = [
        (path, ops["post"])
        for path, ops in schema["paths"].items()
        if "post" in ops and ops["post"].get("security") != [{}]
    ]

    assert len(posts) >= 10
    for path, operation in posts:
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert "Idempotency-Key" in names, path
        assert "idempotency_conflict" in operation["responses"]["409"]["description"]


def test_a_replay_carries_the_same_security_headers(api, course):
    admin = api("alpha_admin")
    first = _enrol(admin, course, "usr_alice", key="k-9")

    replay = _enrol(admin, course, "usr_alice", key="k-9")

    for header in ("X-Frame-Options", "X-Content-Type-Options", "Content-Type"):
        assert replay[header] == first[header]


def test_purge_command_deletes_only_answers_past_24_hours(alpha, api, course):
    from io import StringIO

    from django.core.management import call_command

    admin = api("alpha_admin")
    _enrol(admin, course, "usr_alice", key="old")
    _enrol(admin, course, "usr_bob", key="recent")
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25)
    )

    call_command("purge_idempotency_keys", stdout=StringIO())
    connection.set_tenant(alpha)

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["recent"]


def test_an_answer_after_a_database_error_is_given_but_not_kept(alpha, alpha_admin):
    from django.db import DataError
    from django.http import HttpResponse
    from django.test import RequestFactory

    from idempotency.middleware import IdempotencyMiddleware
    from qualiforma.auth import tokens_for

    def view_that_swallows_a_database_error(request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")
        except DataError:
            pass
        return HttpResponse(status=409)

    request = RequestFactory().post(
        "/api/v1/enrollments",
        b"{}",
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="broken",
        HTTP_AUTHORIZATION=f"Bearer {tokens_for(alpha_admin)['access']}",
    )

    response = IdempotencyMiddleware(view_that_swallows_a_database_error)(request)

    assert response.status_code == 409
    assert not IdempotencyKey.objects.filter(key="broken").exists()
