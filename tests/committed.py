"""Helpers for rows committed outside the test transaction."""

import threading

from django.db import connection, transaction
from django_tenants.utils import schema_context

from enrollments.models import Enrollment, EnrollmentEvent, LessonCompletion


def purge_events(enrollments):
    """Delete the events of committed test rows, past the append-only
    trigger (which a superuser may switch off for its own transaction)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        EnrollmentEvent.objects.filter(enrollment__in=enrollments)._raw_delete(
            connection.alias
        )


def in_thread(work):
    """Run `work` on a connection of its own, closed after it, so that what
    it writes is committed, outside the test's transaction. What it raises
    is raised here."""
    failure = []

    def run():
        try:
            work()
        except BaseException as exc:  # noqa: B036 - re-raised in the caller
            failure.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def in_alpha(work):
    """`in_thread`, in tenant alpha's schema."""

    def run():
        with schema_context("alpha"):
            work()

    in_thread(run)


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
