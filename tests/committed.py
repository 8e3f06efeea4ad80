"""Helpers for rows committed outside the test transaction."""

import threading

from django.db import connection, transaction

from enrollments.models import Enrollment, EnrollmentEvent, LessonCompletion


def purge_events(enrollments):
    """Delete the events of committed test rows, past the append-only
    trigger (which a superuser may switch off for its own transaction)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        EnrollmentEvent.objects.filter(enrollment__in=enrollments)._raw_delete(
            connection.alias
        )


def in_thread(target):
    """Run `target` on a connection of its own, so that what it writes is
    committed, outside the test's transaction."""
    thread = threading.Thread(target=target)
    thread.start()
    thread.join()


def delete_course(course, *users):
    """Delete a committed course with its enrollments (their events and
    completions included) and lessons, then `users`."""
    enrollments = Enrollment.objects.filter(course=course)
    purge_events(enrollments)
    LessonCompletion.objects.filter(enrollment__in=enrollments).delete()
    enrollments.delete()
    course.delete()
    for user in users:
        user.delete()
