from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enrollments.models import LessonCompletion

from .conftest import error_code
from .factories import CourseFactory, EnrollmentFactory, complete_lessons


@pytest.fixture
def course(alpha):
    return CourseFactory(lessons=20)


@pytest.fixture
def enrollment(course, alice):
    return EnrollmentFactory(course=course, user=alice)


def _complete(client, enrollment, lesson):
    return client.post(f"enrollments/{enrollment.pk}/lessons/{lesson.pk}/complete")


def test_nine_of_twenty_lessons_is_45_percent(api, enrollment):
    complete_lessons(enrollment, 9)

    response = api("alice").get(f"enrollments/{enrollment.pk}/progress")

    assert response.status_code == 200
    data = response.json()["data"]
    last = LessonCompletion.objects.filter(enrollment=enrollment).latest("completed_at")
    assert data == {
        "enrollmentId": enrollment.pk,
        "progressPercent": 45,
        "completedLessons": 9,
        "totalLessons": 20,
        "completedAt": None,
        "lastActivityAt": last.completed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def test_no_activity_yet(api, enrollment):
    data = api("alice").get(f"enrollments/{enrollment.pk}/progress").json()["data"]

    assert (data["progressPercent"], data["lastActivityAt"]) == (0, None)


def test_course_without_lessons_is_zero_percent(api, alice):
    enrollment = EnrollmentFactory(course=CourseFactory(), user=alice)

    data = api("alice").get(f"enrollments/{enrollment.pk}/progress").json()["data"]

    assert (data["progressPercent"], data["totalLessons"]) == (0, 0)


def test_completing_a_lesson_records_progress(api, enrollment, course):
    lesson = course.lessons.first()

    response = _complete(api("alice"), enrollment, lesson)

    assert response.status_code == 200
    assert response.json()["data"]["completedLessons"] == 1
    assert response.json()["data"]["progressPercent"] == 5
    assert LessonCompletion.objects.filter(
        enrollment=enrollment, lesson=lesson
    ).exists()


def test_completing_a_lesson_twice_is_idempotent(api, enrollment, course):
    lesson = course.lessons.first()
    client = api("alice")

    first = _complete(client, enrollment, lesson)
    second = _complete(client, enrollment, lesson)

    assert second.status_code == 200
    assert second.json()["data"] == first.json()["data"]
    assert LessonCompletion.objects.filter(enrollment=enrollment).count() == 1


def test_last_lesson_completes_the_enrollment(api, enrollment, course):
    complete_lessons(enrollment, 19)
    last = course.lessons.order_by("position").last()

    response = _complete(api("alice"), enrollment, last)

    data = response.json()["data"]
    assert (data["progressPercent"], data["completedLessons"]) == (100, 20)
    assert data["completedAt"] is not None
    enrollment.refresh_from_db()
    assert enrollment.status == "COMPLETED"
    detail = api("alice").get(f"enrollments/{enrollment.pk}").json()["data"]
    assert detail["status"] == "COMPLETED"
    assert detail["completedAt"] == data["completedAt"]


def test_lesson_of_another_course_is_404(api, enrollment):
    other = CourseFactory(lessons=1).lessons.get()

    response = _complete(api("alice"), enrollment, other)

    assert response.status_code == 404
    assert not LessonCompletion.objects.exists()


def test_unknown_lesson_is_404(api, enrollment):
    response = api("alice").post(
        f"enrollments/{enrollment.pk}/lessons/lsn_nope/complete"
    )

    assert response.status_code == 404


@pytest.mark.parametrize("status", ["SUSPENDED", "REVOKED"])
def test_suspended_or_revoked_enrollment_records_no_progress(
    api, course, alice, status
):
    enrollment = EnrollmentFactory(course=course, user=alice, status=status)

    response = _complete(api("alice"), enrollment, course.lessons.first())

    assert response.status_code == 409
    assert error_code(response) == "enrollment_not_active"
    assert not LessonCompletion.objects.filter(enrollment=enrollment).exists()


def test_expired_enrollment_records_no_progress(api, course, alice):
    enrollment = EnrollmentFactory(
        course=course, user=alice, expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = _complete(api("alice"), enrollment, course.lessons.first())

    assert response.status_code == 409
    assert error_code(response) == "enrollment_expired"
    assert not LessonCompletion.objects.filter(enrollment=enrollment).exists()


def test_enrollment_not_yet_expired_records_progress(api, course, alice):
    enrollment = EnrollmentFactory(
        course=course, user=alice, expires_at=timezone.now() + timedelta(days=1)
    )

    response = _complete(api("alice"), enrollment, course.lessons.first())

    assert response.status_code == 200


def test_learner_cannot_complete_lessons_of_another_learner(api, course, bob):
    enrollment = EnrollmentFactory(course=course, user=bob)

    response = _complete(api("alice"), enrollment, course.lessons.first())

    assert response.status_code == 404
    assert not LessonCompletion.objects.exists()


def test_learner_cannot_read_another_learners_progress(api, course, bob):
    enrollment = EnrollmentFactory(course=course, user=bob)

    assert api("alice").get(f"enrollments/{enrollment.pk}/progress").status_code == 404


def test_deleted_lesson_leaves_the_figures_consistent(api, enrollment, course):
    complete_lessons(enrollment, 10)
    course.lessons.order_by("position").first().delete()

    data = api("alice").get(f"enrollments/{enrollment.pk}/progress").json()["data"]

    assert (data["completedLessons"], data["totalLessons"]) == (9, 19)


def _progress_queries(client, enrollment):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"enrollments/{enrollment.pk}/progress")
    assert response.status_code == 200
    return len(queries)


def test_progress_queries_do_not_grow_with_lessons(api, alice, bob):
    small = EnrollmentFactory(course=CourseFactory(lessons=2), user=alice)
    large = EnrollmentFactory(course=CourseFactory(lessons=300), user=bob)
    complete_lessons(small, 1)
    complete_lessons(large, 250)

    # A first request warms the tenant cache, as every one after it finds it.
    _progress_queries(api("alice"), small)
    small_count = _progress_queries(api("alice"), small)
    large_count = _progress_queries(api("bob"), large)

    assert small_count == large_count
    # search_path, user, enrollment with its figures.
    assert large_count <= 3


def test_deleting_the_last_unfinished_lesson_completes_the_enrollment(
    api, enrollment, course
):
    complete_lessons(enrollment, 19)
    last = course.lessons.order_by("position").last()

    assert (
        api("alpha_admin").delete(f"courses/{course.pk}/lessons/{last.pk}").status_code
        == 204
    )

    data = api("alice").get(f"enrollments/{enrollment.pk}").json()["data"]
    assert data["status"] == "COMPLETED"
    assert data["completedAt"] is not None
    events = api("alpha_admin").get(f"enrollments/{enrollment.pk}/events").json()
    assert [(e["kind"], e["source"]) for e in events["data"]][-1] == (
        "COMPLETED",
        "SYSTEM",
    )


def test_deleting_a_lesson_leaves_unfinished_enrollments_active(
    api, enrollment, course
):
    complete_lessons(enrollment, 10)
    last = course.lessons.order_by("position").last()

    api("alpha_admin").delete(f"courses/{course.pk}/lessons/{last.pk}")

    assert (
        api("alice").get(f"enrollments/{enrollment.pk}").json()["data"]["status"]
        == "ACTIVE"
    )
