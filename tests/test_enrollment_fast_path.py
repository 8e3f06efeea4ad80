"""A free enrollment's one-statement insert and the checks it stands for.

`enrollment_create_by_ids` inserts a free enrollment in one statement
guarded by a hand-written SQL condition, and falls back on the lookups and
checks of `enrollment_create` when the condition holds it back. The guard
must let in exactly what those checks allow: a laxer one would enrol where
the API must refuse, a stricter one would only cost the fast path.
"""

import itertools
from decimal import Decimal

import pytest
from django.db import connection, transaction

from courses.models import Course
from courses.selectors import course_get_for
from enrollments.models import Enrollment
from enrollments.selectors import enrollable_user_get_for
from enrollments.services import (
    _free_enrollment_allowed,
    enrollment_create,
    enrollment_create_by_ids,
)
from qualiforma.errors import ApplicationError

from .factories import CourseFactory, UserFactory

COURSES = {
    "published": {},
    "draft": {"status": Course.Status.DRAFT},
    "archived": {"status": Course.Status.ARCHIVED},
    "paid": {"price": Decimal("490.00")},
    "another trainer's": {"trainer": "other"},
}
LEARNERS = ["bob", "an inactive learner", "a trainer", "an admin", "the actor"]
ACTORS = ["alpha_admin", "trainer", "bob", "alice"]


@pytest.fixture
def world(alpha, alpha_admin, trainer, alice, bob):
    other_trainer = UserFactory(role="TRAINER")
    courses = {}
    for name, fields in COURSES.items():
        fields = dict(fields)
        owner = other_trainer if fields.pop("trainer", None) else trainer
        courses[name] = CourseFactory(trainer=owner, **fields)
    learners = {
        "bob": bob,
        "an inactive learner": UserFactory(is_active=False),
        "a trainer": other_trainer,
        "an admin": alpha_admin,
    }
    actors = {
        "alpha_admin": alpha_admin,
        "trainer": trainer,
        "bob": bob,
        "alice": alice,
    }
    return courses, learners, actors


def _checks_allow(actor, course_id, user_id):
    """Whether the lookups and checks of `enrollment_create` allow it."""
    try:
        with transaction.atomic():
            enrollment_create(
                actor=actor,
                course=course_get_for(actor, course_id, with_trainer=False),
                user=enrollable_user_get_for(actor, user_id),
                payment_method="FREE",
            )
            transaction.set_rollback(True)
    except ApplicationError:
        return False
    return True


def _guard_allows(actor, course_id, user_id):
    condition, params = _free_enrollment_allowed(actor, course_id, user_id)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {condition}", params)
        return cursor.fetchone()[0]


def test_the_guard_allows_what_the_checks_allow(world):
    courses, learners, actors = world
    cases = itertools.product(ACTORS, COURSES, LEARNERS)
    answers = set()

    for actor_name, course_name, learner_name in cases:
        actor = actors[actor_name]
        learner = actor if learner_name == "the actor" else learners[learner_name]
        course_id = courses[course_name].pk
        expected = _checks_allow(actor, course_id, learner.pk)

        assert _guard_allows(actor, course_id, learner.pk) == expected, (
            actor_name,
            course_name,
            learner_name,
        )
        answers.add((actor_name, expected))

    # The table reaches both answers, for every role.
    assert answers == set(itertools.product(ACTORS, (True, False)))


def test_the_guard_finds_no_course_of_another_tenant(world, beta_tenant):
    _, learners, actors = world
    with transaction.atomic():
        connection.set_tenant(beta_tenant)
        beta_course = CourseFactory()
        transaction.set_rollback(True)
    connection.set_schema("alpha")

    assert not _guard_allows(actors["alpha_admin"], beta_course.pk, learners["bob"].pk)


def test_an_enrollment_refused_by_the_guard_gets_the_checks_error(world):
    courses, learners, actors = world

    with pytest.raises(ApplicationError) as refused:
        enrollment_create_by_ids(
            actor=actors["trainer"],
            course_id=courses["another trainer's"].pk,
            user_id=learners["bob"].pk,
            payment_method="FREE",
        )

    assert refused.value.status == 403
    assert not Enrollment.objects.filter(course=courses["another trainer's"]).exists()


def test_an_enrollment_let_in_by_the_guard_is_stored_whole(world):
    courses, learners, actors = world

    enrollment = enrollment_create_by_ids(
        actor=actors["trainer"],
        course_id=courses["published"].pk,
        user_id=learners["bob"].pk,
        payment_method="FREE",
    )

    stored = Enrollment.objects.get(pk=enrollment.pk)
    assert (stored.course_id, stored.user_id, stored.status) == (
        courses["published"].pk,
        learners["bob"].pk,
        Enrollment.Status.ACTIVE,
    )
    assert stored.enrolled_at == enrollment.enrolled_at
    [event] = stored.events.all()
    assert (event.kind, event.actor_id, event.details) == (
        "CREATED",
        actors["trainer"].pk,
        {"paymentMethod": "FREE"},
    )
