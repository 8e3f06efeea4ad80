"""Helpers for rows committed outside the test transaction."""

import threading

from django.db import connection, transaction

from enrollments.models import EnrollmentEvent


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
