"""The append-only history of each enrollment, kept as audit evidence."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import timezone

from enrollments.models import EnrollmentEvent

from .conftest import error_code
from .factories import CourseFactory, EnrollmentFactory

ALPHA = {"HTTP_HOST": "alpha.localhost"}


@pytest.fixture
def course(trainer):
    return CourseFactory(lessons=2, trainer=trainer)


@pytest.fixture
def enrollment(api, course, alice):
    response = api("alpha_admin").post(
        "enrollments",
        {"courseId": course.pk, "userId": alice.pk, "paymentMethod": "FREE"},
    )
    assert response.status_code == 201
    return response.json()["data"]["id"]


def _history(api, enrollment_id, who="alpha_admin"):
    return api(who).get(f"enrollments/{enrollment_id}/events")


def _kinds(api, enrollment_id):
    return [event["kind"] for event in _history(api, enrollment_id).json()["data"]]


def test_creation_is_recorded_with_who_when_and_where(api, enrollment):
    response = _history(api, enrollment)

    assert response.status_code == 200
    [event] = response.json()["data"]
    assert event["kind"] == "CREATED"
    assert event["source"] == "API"
    assert event["actorId"] == "usr_alphaadmin"
    assert event["enrollmentId"] == enrollment
    assert event["occurredAt"].endswith("Z")
    assert event["details"] == {"paymentMethod": "FREE"}
    assert response.json()["pagination"]["totalItems"] == 1


def test_every_transition_is_recorded_in_order(api, enrollment):
    admin = api("alpha_admin")
    for action in ("suspend", "reactivate", "revoke"):
        assert admin.post(f"enrollments/{enrollment}/{action}").status_code == 200

    events = _history(api, enrollment).json()["data"]

    assert [e["kind"] for e in events] == [
        "CREATED",
        "SUSPENDED",
        "REACTIVATED",
        "REVOKED",
    ]
    assert events[-1]["details"] == {"previousStatus": "ACTIVE"}


def test_lessons_and_completion_are_recorded_once(api, course, enrollment):
    alice = api("alice")
    lessons = list(course.lessons.order_by("position"))
    for lesson in [*lessons, lessons[0]]:
        path = f"enrollments/{enrollment}/lessons/{lesson.pk}/complete"
        assert alice.post(path).status_code == 200

    events = _history(api, enrollment).json()["data"]

    assert [e["kind"] for e in events] == [
        "CREATED",
        "LESSON_COMPLETED",
        "LESSON_COMPLETED",
        "COMPLETED",
    ]
    assert events[1]["details"] == {"lessonId": lessons[0].pk}
    assert {e["actorId"] for e in events[1:]} == {"usr_alice"}


def test_refused_transition_records_nothing(api, enrollment):
    api("alpha_admin").post(f"enrollments/{enrollment}/reactivate")

    assert _kinds(api, enrollment) == ["CREATED"]


@pytest.mark.parametrize(
    "who, status", [("trainer", 403), ("alice", 403), ("bob", 404), ("beta_admin", 404)]
)
def test_only_the_tenants_admins_read_the_history(api, enrollment, who, status):
    response = _history(api, enrollment, who)

    assert response.status_code == status
    assert "error" in response.json()


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_history_cannot_be_written_through_the_api(api, enrollment, method):
    response = getattr(api("alpha_admin"), method)(f"enrollments/{enrollment}/events")

    assert response.status_code == 405
    assert _kinds(api, enrollment) == ["CREATED"]


@pytest.mark.parametrize(
    "change",
    [
        lambda events: events.update(kind="REVOKED"),
        lambda events: events.delete(),
        lambda events: events.first().save(),
    ],
    ids=["update", "delete", "save"],
)
def test_database_refuses_to_change_or_delete_an_event(alpha, api, enrollment, change):
    events = EnrollmentEvent.objects.filter(enrollment_id=enrollment)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        change(events)

    # The rolled-back savepoint took django-tenants' search_path with it.
    connection.set_tenant(alpha)
    assert list(events.values_list("kind", flat=True)) == ["CREATED"]


def test_expired_enrollment_records_its_expiry_once(api, course, alice):
    enrollment = EnrollmentFactory(
        course=course, user=alice, expires_at=timezone.now() - timedelta(minutes=1)
    )
    lesson = course.lessons.first()
    path = f"enrollments/{enrollment.pk}/lessons/{lesson.pk}/complete"

    first = api("alice").post(path)
    api("alice").post(path)

    assert first.status_code == 409
    assert error_code(first) == "enrollment_expired"
    assert _kinds(api, enrollment.pk) == ["EXPIRED"]


def test_record_expirations_command_records_each_expiry_once(alpha, course, alice, bob):
    past = timezone.now() - timedelta(days=1)
    expired = EnrollmentFactory(course=course, user=alice, expires_at=past)
    EnrollmentFactory(course=course, user=bob, expires_at=past, status="REVOKED")

    for _ in range(2):
        call_command("record_expirations", stdout=StringIO())
    connection.set_tenant(alpha)

    events = EnrollmentEvent.objects.filter(enrollment__course=course)
    assert [(e.enrollment_id, e.kind, e.source) for e in events] == [
        (expired.pk, "EXPIRED", "SYSTEM")
    ]


@pytest.fixture
def staff(alpha_admin):
    client = Client(**ALPHA)
    client.force_login(alpha_admin)
    return client


def test_admin_actions_are_recorded_as_admin(staff, api, enrollment):
    staff.post(
        "/admin/enrollments/enrollment/",
        {"action": "suspend", "_selected_action": [enrollment]},
    )

    events = _history(api, enrollment).json()["data"]
    assert [(e["kind"], e["source"]) for e in events] == [
        ("CREATED", "API"),
        ("SUSPENDED", "ADMIN"),
    ]


def test_admin_shows_the_history_on_the_enrollment(staff, enrollment):
    response = staff.get(f"/admin/enrollments/enrollment/{enrollment}/change/")

    assert response.status_code == 200
    assert "Inscription créée" in response.content.decode()


def test_admin_lists_events_but_cannot_add_change_or_delete(staff, enrollment):
    event = EnrollmentEvent.objects.get(enrollment_id=enrollment)
    base = "/admin/enrollments/enrollmentevent/"

    assert staff.get(base).status_code == 200
    assert staff.get(f"{base}add/").status_code == 403
    assert staff.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    staff.post(f"{base}{event.pk}/change/", {"kind": "REVOKED"})
    event.refresh_from_db()
    assert event.kind == "CREATED"


def test_trainer_does_not_see_the_event_log_in_the_admin(trainer, enrollment):
    client = Client(**ALPHA)
    client.force_login(trainer)

    assert client.get("/admin/enrollments/enrollmentevent/").status_code == 403


def test_a_newly_provisioned_tenant_has_the_append_only_guard(db):
    from tenants.services import tenant_provision

    tenant_provision(
        slug="epsilon",
        name="Epsilon",
        admin_email="admin@epsilon.test",
        admin_password="motdepasse-solide",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.tgname FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relname = 'enrollments_enrollmentevent'
              AND NOT t.tgisinternal
            ORDER BY t.tgname
            """,
            ["epsilon"],
        )
        triggers = [row[0] for row in cursor.fetchall()]
    connection.set_schema_to_public()

    assert triggers == [
        "enrollment_event_no_truncate",
        "enrollment_event_no_update_or_delete",
    ]
