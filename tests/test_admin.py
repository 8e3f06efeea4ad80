from datetime import UTC

import pytest
from django.test import Client

from courses.models import Course
from enrollments.models import Enrollment
from tenants.models import Tenant

from .factories import CourseFactory, EnrollmentFactory, complete_lessons

ALPHA = {"HTTP_HOST": "alpha.localhost"}


@pytest.fixture
def staff(alpha_admin):
    client = Client(**ALPHA)
    client.force_login(alpha_admin)
    return client


def test_tenant_admin_lists_enrollments_with_progress(staff, alice):
    enrollment = EnrollmentFactory(user=alice, course=CourseFactory(lessons=4))
    complete_lessons(enrollment, 1)

    response = staff.get("/admin/enrollments/enrollment/")

    assert response.status_code == 200
    page = response.content.decode()
    assert enrollment.pk in page
    assert "25 % (1/4)" in page


def test_admin_action_suspends_through_the_service(staff, alice):
    enrollment = EnrollmentFactory(user=alice, course=CourseFactory(lessons=1))

    response = staff.post(
        "/admin/enrollments/enrollment/",
        {"action": "suspend", "_selected_action": [enrollment.pk]},
        follow=True,
    )

    assert response.status_code == 200
    enrollment.refresh_from_db()
    assert enrollment.status == "SUSPENDED"


def test_refused_admin_action_says_why(staff, alice):
    enrollment = EnrollmentFactory(
        user=alice, course=CourseFactory(lessons=1), status="REVOKED"
    )

    response = staff.post(
        "/admin/enrollments/enrollment/",
        {"action": "reactivate", "_selected_action": [enrollment.pk]},
        follow=True,
    )

    assert "transition" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == "REVOKED"


def test_admin_enrols_through_the_service(staff, alice):
    course = CourseFactory(lessons=1)

    staff.post(
        "/admin/enrollments/enrollment/add/",
        {"course": course.pk, "user": alice.pk, "payment_method": "FREE"},
    )

    assert Enrollment.objects.filter(user=alice, course=course).exists()


def test_admin_refusal_on_enrol_is_a_message_not_a_500(staff, alice):
    course = CourseFactory(lessons=1, price="100")

    response = staff.post(
        "/admin/enrollments/enrollment/add/",
        {"course": course.pk, "user": alice.pk, "payment_method": "FREE"},
        follow=True,
    )

    assert response.status_code == 200
    assert "payante" in response.content.decode()
    assert not Enrollment.objects.filter(user=alice, course=course).exists()


def test_course_admin_edits_lessons_inline(staff):
    course = CourseFactory(lessons=2)
    lessons = list(course.lessons.order_by("position"))

    response = staff.get(f"/admin/courses/course/{course.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert lessons[0].title in page and lessons[1].title in page


def test_tenant_admin_does_not_show_the_platform_models(staff):
    response = staff.get("/admin/")

    assert response.status_code == 200
    assert "/admin/tenants/" not in response.content.decode()
    assert staff.get("/admin/tenants/tenant/").status_code == 404


def test_learner_cannot_reach_the_admin(alice):
    client = Client(**ALPHA)
    client.force_login(alice)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_session_of_one_tenant_does_not_open_another(alpha_admin):
    client = Client(**ALPHA)
    client.force_login(alpha_admin)

    response = client.get("/admin/", HTTP_HOST="beta.localhost")

    assert response.status_code == 302


def test_platform_admin_lists_tenants(db):
    from django_tenants.utils import schema_context

    from users.models import User
    from users.services import user_create

    with schema_context("public"):
        operator = user_create(
            email="ops@platform.test",
            password="motdepasse-solide",
            first_name="",
            last_name="",
            role=User.Role.ADMIN,
        )
    client = Client(HTTP_HOST="localhost")
    client.force_login(operator)

    response = client.get("/admin/tenants/tenant/")

    assert response.status_code == 200
    assert all(t.slug in response.content.decode() for t in Tenant.objects.all())


def _inline(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if "id" in row)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def test_admin_adds_a_course_with_its_lessons(staff):
    response = staff.post(
        "/admin/courses/course/add/",
        {
            "title": "Gestes et postures",
            "description": "",
            "price": "0",
            "duration_hours": "3.5",
            "trainer": "",
            **_inline(
                "lessons",
                [
                    {"position": "2", "title": "Deuxième", "duration_minutes": "10"},
                    {"position": "1", "title": "Première", "duration_minutes": "10"},
                ],
            ),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get(title="Gestes et postures")
    assert [lesson.title for lesson in course.lessons.all()] == ["Première", "Deuxième"]


def test_admin_saves_an_unchanged_course(staff):
    course = CourseFactory(lessons=1)
    lesson = course.lessons.get()

    response = staff.post(
        f"/admin/courses/course/{course.pk}/change/",
        {
            "title": course.title,
            "description": "",
            "price": "0.00",
            "duration_hours": "7.0",
            "trainer": "",
            **_inline(
                "lessons",
                [
                    {
                        "id": lesson.pk,
                        "course": course.pk,
                        "position": str(lesson.position),
                        "title": "Renommée",
                        "duration_minutes": "0",
                    }
                ],
            ),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    lesson.refresh_from_db()
    assert lesson.title == "Renommée"


def test_saving_an_enrollment_change_form_changes_nothing(staff, alice):
    enrollment = EnrollmentFactory(user=alice, course=CourseFactory(lessons=1))

    response = staff.post(
        f"/admin/enrollments/enrollment/{enrollment.pk}/change/",
        {**_inline("completions", []), **_inline("events", [])},
    )

    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == "ACTIVE"


def test_admin_shows_times_in_paris(staff, alice):
    from datetime import datetime

    enrollment = EnrollmentFactory(
        user=alice,
        course=CourseFactory(lessons=1),
        expires_at=datetime(2099, 1, 15, 13, 30, tzinfo=UTC),
    )

    response = staff.get(f"/admin/enrollments/enrollment/{enrollment.pk}/change/")

    assert "14:30" in response.content.decode()


def test_unknown_host_gets_an_html_page(db):
    response = Client(HTTP_HOST="inconnu.localhost").get("/connexion/")

    assert response.status_code == 404
    assert "Organisme introuvable" in response.content.decode()
