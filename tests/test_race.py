"""Concurrent requests on real connections, outside the test transaction."""

import threading

import pytest
from django.db import connections
from django_tenants.utils import schema_context
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from courses.models import Course
from enrollments.models import Enrollment
from qualiforma.auth import tokens_for
from tests.committed import delete_course, in_alpha
from tests.conftest import Api
from users.models import User

CONCURRENT = 6


@pytest.fixture
def committed(django_db_blocker):
    """A course and a learner committed in alpha, removed afterwards."""
    created = {}

    def work():
        created["course"] = Course.objects.create(
            title="Course for the race", status=Course.Status.PUBLISHED
        )
        created["learner"] = User.objects.create(
            email="racer@alpha.test", role=User.Role.LEARNER
        )

    in_alpha(work)
    yield created

    def cleanup():
        delete_course(created["course"], created["learner"])

    in_alpha(cleanup)


def test_concurrent_posts_make_one_enrollment_and_the_rest_409(db, committed):
    with schema_context("alpha"):
        admin = User.objects.get(pk="usr_alphaadmin")
    body = {
        "courseId": committed["course"].pk,
        "userId": committed["learner"].pk,
        "paymentMethod": "FREE",
    }
    barrier = threading.Barrier(CONCURRENT)
    responses = []

    def enrol():
        client = Api("alpha", admin)
        barrier.wait()
        try:
            responses.append(client.post("enrollments", body))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] + [409] * (CONCURRENT - 1)
    winner = next(r for r in responses if r.status_code == 201).json()["data"]["id"]
    for response in responses:
        if response.status_code == 409:
            assert response.json()["error"]["details"]["enrollmentId"] == winner

    counted = {}

    def count():
        counted["n"] = Enrollment.objects.filter(course=committed["course"]).count()

    in_alpha(count)
    assert counted["n"] == 1


@pytest.fixture
def committed_refresh():
    """A refresh token of alice committed in alpha, forgotten afterwards."""
    issued = {}

    def issue():
        issued["refresh"] = tokens_for(User.objects.get(pk="usr_alice"))["refresh"]

    in_alpha(issue)
    yield issued["refresh"]

    def forget():
        # The spent token and the pair that replaced it.
        OutstandingToken.objects.filter(user_id="usr_alice").delete()

    in_alpha(forget)


def test_one_refresh_token_spent_twice_at_once_works_once(db, committed_refresh):
    barrier = threading.Barrier(CONCURRENT)
    responses = []

    def spend():
        client = Api("alpha")
        barrier.wait()
        try:
            body = {"refresh": committed_refresh}
            responses.append(client.post("auth/token/refresh", body))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=spend) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [401] * (CONCURRENT - 1)
