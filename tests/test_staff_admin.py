"""The tenant's admin for daily work: filters, bulk transitions, lesson
order, and the figures on its index."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from enrollments.models import Enrollment

from .factories import CourseFactory, EnrollmentFactory, UserFactory

ALPHA = {"HTTP_HOST": "alpha.localhost"}
ENROLLMENTS = "/admin/enrollments/enrollment/"


def signed_in(user):
    client = Client(**ALPHA)
    client.force_login(user)
    return client


@pytest.fixture
def staff(alpha_admin):
    return signed_in(alpha_admin)


@pytest.fixture
def by_access(alice):
    now = timezone.now()
    course = CourseFactory()
    return {
        "expired": EnrollmentFactory(
            user=alice, course=course, expires_at=now - timedelta(days=1)
        ),
        "soon": EnrollmentFactory(
            user=UserFactory(), course=course, expires_at=now + timedelta(days=5)
        ),
        "later": EnrollmentFactory(
            user=UserFactory(), course=course, expires_at=now + timedelta(days=90)
        ),
        "unlimited": EnrollmentFactory(user=UserFactory(), course=course),
    }


@pytest.mark.parametrize(
    ("access", "shown"),
    [
        ("expired", {"expired"}),
        ("soon", {"soon"}),
        ("open", {"soon", "later", "unlimited"}),
        ("unlimited", {"unlimited"}),
    ],
)
def test_enrollments_filter_by_access(staff, by_access, access, shown):
    html = staff.get(ENROLLMENTS, {"access": access}).content.decode()

    listed = {name for name, e in by_access.items() if f"{e.pk}</a>" in html}
    assert listed == shown


def test_enrollments_search_by_learner_email(staff, by_access):
    html = staff.get(ENROLLMENTS, {"q": "alice@alpha"}).content.decode()

    assert f"{by_access['expired'].pk}</a>" in html
    assert f"{by_access['unlimited'].pk}</a>" not in html


def test_course_filter_offers_a_trainer_only_their_courses(trainer, alice):
    mine = CourseFactory(title="Cours du formateur", trainer=trainer)
    EnrollmentFactory(user=alice, course=mine)
    EnrollmentFactory(user=alice, course=CourseFactory(title="Cours d'un autre"))

    html = signed_in(trainer).get(ENROLLMENTS).content.decode()

    assert "Cours du formateur" in html
    assert "Cours d&#x27;un autre" not in html


def test_bulk_revoke_goes_through_the_service_row_by_row(staff, alice, bob):
    course = CourseFactory()
    live = EnrollmentFactory(user=alice, course=course)
    suspended = EnrollmentFactory(user=bob, course=course, status="SUSPENDED")
    revoked = EnrollmentFactory(user=UserFactory(), course=course, status="REVOKED")

    response = staff.post(
        ENROLLMENTS,
        {"action": "revoke", "_selected_action": [live.pk, suspended.pk, revoked.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "2 révoquée(s)." in html
    assert (
        f"Cette transition n&#x27;est pas permise dans l&#x27;état actuel. ({revoked.pk})"
        in html
    )
    statuses = set(
        Enrollment.objects.filter(course=course).values_list("status", flat=True)
    )
    assert statuses == {"REVOKED"}


def test_course_admin_reorders_lessons_by_position(staff):
    course = CourseFactory(lessons=2)
    first, second = course.lessons.order_by("position")
    form = {
        "title": course.title,
        "description": "",
        "price": "0.00",
        "duration_hours": "7",
        "trainer": "",
        "lessons-TOTAL_FORMS": "2",
        "lessons-INITIAL_FORMS": "2",
        "lessons-MIN_NUM_FORMS": "0",
        "lessons-MAX_NUM_FORMS": "1000",
        "_save": "Enregistrer",
    }
    for index, (lesson, position) in enumerate([(first, 2), (second, 1)]):
        prefix = f"lessons-{index}-"
        form |= {
            f"{prefix}id": lesson.pk,
            f"{prefix}course": course.pk,
            f"{prefix}position": str(position),
            f"{prefix}title": lesson.title,
            f"{prefix}duration_minutes": "0",
        }

    response = staff.post(f"/admin/courses/course/{course.pk}/change/", form)

    assert response.status_code == 302
    assert list(course.lessons.order_by("position")) == [second, first]


def test_course_admin_loads_the_reordering_buttons(staff):
    course = CourseFactory(lessons=1)

    html = staff.get(f"/admin/courses/course/{course.pk}/change/").content.decode()

    assert "js/admin-lesson-order.js" in html


def test_admin_index_shows_the_tenant_figures(staff, alice):
    EnrollmentFactory(user=alice, course=CourseFactory())

    html = staff.get("/admin/").content.decode()

    assert '<dd data-figure="active">1</dd>' in html
    assert 'href="/tableau-de-bord/"' in html


def test_course_admin_adds_and_deletes_lessons_inline(staff):
    course = CourseFactory(lessons=1)
    kept = course.lessons.get()
    form = {
        "title": course.title,
        "description": "",
        "price": "0.00",
        "duration_hours": "7",
        "trainer": "",
        "lessons-TOTAL_FORMS": "2",
        "lessons-INITIAL_FORMS": "1",
        "lessons-MIN_NUM_FORMS": "0",
        "lessons-MAX_NUM_FORMS": "1000",
        "lessons-0-id": kept.pk,
        "lessons-0-course": course.pk,
        "lessons-0-position": str(kept.position),
        "lessons-0-title": kept.title,
        "lessons-0-duration_minutes": "0",
        "lessons-0-DELETE": "on",
        "lessons-1-course": course.pk,
        "lessons-1-position": "0",
        "lessons-1-title": "Nouvelle leçon",
        "lessons-1-duration_minutes": "15",
        "_save": "Enregistrer",
    }

    response = staff.post(f"/admin/courses/course/{course.pk}/change/", form)

    # Once in a full run this redirected without saving; say where to, and
    # what the admin said, when it does again.
    redirect = (
        response.get("Location"),
        [str(message) for message in get_messages(response.wsgi_request)],
    )
    assert response.status_code == 302
    assert list(course.lessons.values_list("title", flat=True)) == ["Nouvelle leçon"], (
        redirect
    )
