"""Deleting a lesson while a learner completes it, on real connections."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context

from courses.models import Course, Lesson
from courses.services import lesson_delete
from enrollments.models import Enrollment, LessonCompletion
from qualiforma.errors import Conflict
from tests.committed import delete_course, in_alpha, in_thread
from users.models import User


@pytest.fixture
def committed(django_db_blocker):
    """A course with one lesson and an enrollment, committed in alpha."""
    created = {}

    def work():
        course = Course.objects.create(
            title="Course for the delete race", status=Course.Status.PUBLISHED
        )
        learner = User.objects.create(
            email="deleterace@alpha.test", role=User.Role.LEARNER
        )
        created["lesson"] = Lesson.objects.create(
            course=course, title="Seule", position=1
        )
        created["enrollment"] = Enrollment.objects.create(
            course=course, user=learner, payment_method="FREE"
        )
        created["course"], created["learner"] = course, learner

    in_alpha(work)
    yield created

    def cleanup():
        delete_course(created["course"], created["learner"])

    in_alpha(cleanup)


def test_a_completion_racing_the_delete_is_refused_and_leaves_no_trace(db, committed):
    """The completion is written but not committed when the lesson is
    deleted: the delete goes through, and the completion fails at its
    commit (the foreign key is checked then) instead of outliving its
    lesson or being deleted with it after the learner was told it was
    recorded."""
    written, release = threading.Event(), threading.Event()
    outcome = {}

    def complete():
        try:
            with schema_context("alpha"), transaction.atomic():
                LessonCompletion.objects.create(
                    enrollment=committed["enrollment"], lesson=committed["lesson"]
                )
                written.set()
                release.wait(timeout=10)
            outcome["completion"] = "committed"
        except IntegrityError:
            outcome["completion"] = "refused"
        finally:
            connection.close()

    def delete():
        with schema_context("alpha"):
            admin = User.objects.get(pk="usr_alphaadmin")
            try:
                lesson_delete(actor=admin, lesson=committed["lesson"])
                outcome["delete"] = "deleted"
            except Conflict as error:
                outcome["delete"] = error.code

    completer = threading.Thread(target=complete)
    completer.start()
    assert written.wait(timeout=10)
    in_thread(delete)
    release.set()
    completer.join(timeout=10)

    assert outcome == {"delete": "deleted", "completion": "refused"}
    with schema_context("alpha"):
        assert not LessonCompletion.objects.filter(
            enrollment=committed["enrollment"]
        ).exists()


def test_a_completion_committed_before_the_delete_makes_it_409(db, committed):
    def complete():
        LessonCompletion.objects.create(
            enrollment=committed["enrollment"], lesson=committed["lesson"]
        )

    in_alpha(complete)
    with schema_context("alpha"):
        admin = User.objects.get(pk="usr_alphaadmin")
        with pytest.raises(Conflict) as error:
            lesson_delete(actor=admin, lesson=committed["lesson"])

    assert error.value.code == "lesson_has_progress"
