"""The counts progress reads, kept by the database whoever writes.

The tenants of these tests are provisioned by cloning the template, so the
triggers tested here are the cloned ones.
"""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from courses.models import Course, Lesson
from courses.services import lesson_create, lesson_delete
from enrollments.models import Enrollment, LessonCompletion

from .factories import CourseFactory, EnrollmentFactory, complete_lessons


def _lesson_count(course):
    return Course.objects.values_list("lesson_count", flat=True).get(pk=course.pk)


def _progress(enrollment):
    return Enrollment.objects.values_list("completed_lessons", "last_activity_at").get(
        pk=enrollment.pk
    )


def test_lesson_count_follows_bulk_inserts_and_deletes(alpha):
    course = CourseFactory(lessons=3)
    Lesson.objects.bulk_create(
        Lesson(course=course, title=f"Bonus {n}", position=10 + n) for n in range(2)
    )
    assert _lesson_count(course) == 5

    course.lessons.filter(position__gte=10).delete()

    assert _lesson_count(course) == 3


def test_lesson_count_follows_the_services(alpha, alpha_admin):
    course = CourseFactory(lessons=1)
    added = lesson_create(actor=alpha_admin, course=course, title="Nouvelle")
    assert _lesson_count(course) == 2

    lesson_delete(actor=alpha_admin, lesson=added)

    assert _lesson_count(course) == 1


def test_moving_a_lesson_recounts_both_courses(alpha):
    source, target = CourseFactory(lessons=2), CourseFactory(lessons=1)

    source.lessons.filter(position=1).update(course=target)

    assert (_lesson_count(source), _lesson_count(target)) == (1, 2)


def test_editing_a_lesson_leaves_the_count_alone(alpha):
    course = CourseFactory(lessons=2)

    course.lessons.update(title="Renommée")

    assert _lesson_count(course) == 2


def test_completions_are_counted_with_the_last_activity(alpha, alice):
    enrollment = EnrollmentFactory(course=CourseFactory(lessons=4), user=alice)
    complete_lessons(enrollment, 3)
    latest = timezone.now() + timedelta(minutes=5)
    LessonCompletion.objects.filter(enrollment=enrollment, lesson__position=2).update(
        completed_at=latest
    )

    assert _progress(enrollment) == (3, latest)


def test_deleting_a_completion_recounts_its_enrollment_only(alpha, alice, bob):
    course = CourseFactory(lessons=3)
    mine = EnrollmentFactory(course=course, user=alice)
    theirs = EnrollmentFactory(course=course, user=bob)
    complete_lessons(mine, 2)
    complete_lessons(theirs, 3)
    first = LessonCompletion.objects.get(enrollment=mine, lesson__position=1)

    LessonCompletion.objects.filter(enrollment=mine, lesson__position=2).delete()

    assert _progress(mine) == (1, first.completed_at)
    assert _progress(theirs)[0] == 3


def test_an_enrollment_without_completions_has_no_activity(alpha, alice):
    enrollment = EnrollmentFactory(course=CourseFactory(lessons=2), user=alice)
    complete_lessons(enrollment, 1)

    LessonCompletion.objects.filter(enrollment=enrollment).delete()

    assert _progress(enrollment) == (0, None)


def test_a_write_into_another_schema_counts_in_that_schema(alpha, beta_tenant):
    with schema_context("beta"):
        theirs = CourseFactory(lessons=2)
    ours = CourseFactory(lessons=2)

    # Alpha's schema on the search_path, beta's table named in full.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO beta.courses_lesson"
            " (id, course_id, title, content, position, duration_minutes,"
            "  created_at)"
            " VALUES ('lsn_psql', %s, 'Par psql', '', 3, 0, now())",
            [theirs.pk],
        )

    assert _lesson_count(ours) == 2
    with schema_context("beta"):
        assert _lesson_count(theirs) == 3


def test_truncating_the_completions_resets_every_enrollment(alpha, alice):
    enrollment = EnrollmentFactory(course=CourseFactory(lessons=2), user=alice)
    complete_lessons(enrollment, 2)

    with connection.cursor() as cursor:
        # The test's transaction holds deferred foreign-key checks, which
        # TRUNCATE refuses to run past.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE enrollments_lessoncompletion")

    assert _progress(enrollment) == (0, None)


def test_a_course_inserted_by_hand_starts_with_no_lessons(alpha):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO courses_course"
            " (id, title, description, status, price, duration_hours,"
            "  created_at, updated_at)"
            " VALUES ('crs_psql', 'Par psql', '', 'DRAFT', 0, 0, now(), now())"
        )

    assert Course.objects.get(pk="crs_psql").lesson_count == 0
