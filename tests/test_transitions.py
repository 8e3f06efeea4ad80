import pytest

from enrollments.models import Enrollment

from .conftest import error_code
from .factories import CourseFactory, EnrollmentFactory

ALLOWED = [
    ("suspend", "ACTIVE", "SUSPENDED"),
    ("reactivate", "SUSPENDED", "ACTIVE"),
    ("revoke", "ACTIVE", "REVOKED"),
    ("revoke", "SUSPENDED", "REVOKED"),
    ("revoke", "COMPLETED", "REVOKED"),
]
REFUSED = [
    ("suspend", "SUSPENDED"),
    ("suspend", "COMPLETED"),
    ("suspend", "REVOKED"),
    ("reactivate", "ACTIVE"),
    ("reactivate", "COMPLETED"),
    ("reactivate", "REVOKED"),
    ("revoke", "REVOKED"),
]


@pytest.fixture
def course(trainer):
    return CourseFactory(lessons=2, trainer=trainer)


@pytest.mark.parametrize("action, start, end", ALLOWED)
def test_allowed_transition(api, course, alice, action, start, end):
    enrollment = EnrollmentFactory(course=course, user=alice, status=start)

    response = api("alpha_admin").post(f"enrollments/{enrollment.pk}/{action}")

    assert response.status_code == 200
    assert response.json()["data"]["status"] == end
    enrollment.refresh_from_db()
    assert enrollment.status == end


@pytest.mark.parametrize("action, start", REFUSED)
def test_refused_transition_is_409_and_changes_nothing(
    api, course, alice, action, start
):
    enrollment = EnrollmentFactory(course=course, user=alice, status=start)

    response = api("alpha_admin").post(f"enrollments/{enrollment.pk}/{action}")

    assert response.status_code == 409
    assert error_code(response) == "invalid_transition"
    assert response.json()["error"]["details"]["status"] == start
    enrollment.refresh_from_db()
    assert enrollment.status == start


def test_trainer_moves_enrollments_of_their_course(api, course, alice):
    enrollment = EnrollmentFactory(course=course, user=alice)

    response = api("trainer").post(f"enrollments/{enrollment.pk}/suspend")

    assert response.status_code == 200


def test_trainer_cannot_see_enrollments_of_other_courses(api, alice):
    enrollment = EnrollmentFactory(course=CourseFactory(lessons=1), user=alice)

    response = api("trainer").post(f"enrollments/{enrollment.pk}/suspend")

    assert response.status_code == 404


@pytest.mark.parametrize("action", ["suspend", "reactivate", "revoke"])
def test_learner_cannot_move_their_own_enrollment(api, course, alice, action):
    enrollment = EnrollmentFactory(course=course, user=alice)

    response = api("alice").post(f"enrollments/{enrollment.pk}/{action}")

    assert response.status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.status == "ACTIVE"


def test_learner_gets_404_for_another_learners_enrollment(api, course, bob):
    enrollment = EnrollmentFactory(course=course, user=bob)

    response = api("alice").post(f"enrollments/{enrollment.pk}/revoke")

    assert response.status_code == 404
    assert Enrollment.objects.get(pk=enrollment.pk).status == "ACTIVE"


def test_suspended_then_reactivated_enrollment_records_progress_again(
    api, course, alice
):
    enrollment = EnrollmentFactory(course=course, user=alice)
    admin = api("alpha_admin")
    lesson = course.lessons.first()
    path = f"enrollments/{enrollment.pk}/lessons/{lesson.pk}/complete"

    admin.post(f"enrollments/{enrollment.pk}/suspend")
    refused = api("alice").post(path)
    admin.post(f"enrollments/{enrollment.pk}/reactivate")
    accepted = api("alice").post(path)

    assert (refused.status_code, accepted.status_code) == (409, 200)


def test_unknown_enrollment_is_404(api):
    assert api("alpha_admin").post("enrollments/enr_nope/suspend").status_code == 404
