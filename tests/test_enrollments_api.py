from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from courses.models import Course
from enrollments.models import Enrollment
from payments.models import Payment

from .conftest import error_code
from .factories import CourseFactory, EnrollmentFactory, PaymentFactory


def _enrol(client, course, user, method="FREE", **extra):
    body = {"courseId": course.pk, "userId": user.pk, "paymentMethod": method}
    return client.post("enrollments", {**body, **extra})


def test_admin_enrols_a_learner_for_free(api, alice):
    course = CourseFactory(lessons=3)

    response = _enrol(api("alpha_admin"), course, alice)

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["id"].startswith("enr_")
    assert data | {"id": None, "enrolledAt": None} == {
        "id": None,
        "courseId": course.pk,
        "userId": alice.pk,
        "status": "ACTIVE",
        "paymentMethod": "FREE",
        "paymentId": None,
        "enrolledAt": None,
        "completedAt": None,
        "expiresAt": None,
    }
    assert data["enrolledAt"].endswith("Z")
    assert Enrollment.objects.filter(pk=data["id"], user=alice).exists()


def test_expires_at_is_kept_in_utc(api, alice):
    course = CourseFactory(lessons=1)

    response = _enrol(
        api("alpha_admin"), course, alice, expiresAt="2099-01-15T15:30:00+01:00"
    )

    assert response.status_code == 201
    assert response.json()["data"]["expiresAt"] == "2099-01-15T14:30:00Z"


def test_expires_at_in_the_past_is_400(api, alice):
    course = CourseFactory(lessons=1)

    response = _enrol(
        api("alpha_admin"), course, alice, expiresAt="2020-01-01T00:00:00Z"
    )

    assert response.status_code == 400
    assert "expiresAt" in response.json()["error"]["details"]


@pytest.mark.parametrize("expires_at", ["9999-01-01T00:00:00Z", "9999-12-31T23:00:00Z"])
def test_expires_at_too_far_for_any_time_zone_is_400(api, alice, expires_at):
    course = CourseFactory(lessons=1)

    response = _enrol(api("alpha_admin"), course, alice, expiresAt=expires_at)

    assert response.status_code == 400
    assert "expiresAt" in response.json()["error"]["details"]
    assert not Enrollment.objects.filter(course=course).exists()


def test_the_latest_expiry_allowed_shows_on_the_learners_page(api, alice):
    course = CourseFactory(lessons=1)
    response = _enrol(
        api("alpha_admin"), course, alice, expiresAt="9998-12-31T23:59:59Z"
    )
    client = Client(HTTP_HOST="alpha.localhost")
    client.force_login(alice)

    page = client.get("/mes-formations/")

    assert response.status_code == 201
    assert page.status_code == 200
    assert "9999" in page.content.decode()


def test_free_enrollment_in_a_paid_course_one_has_is_409_not_402(api, alice):
    course = CourseFactory(lessons=1, price=Decimal("490.00"))
    first = EnrollmentFactory(course=course, user=alice)

    response = _enrol(api("alpha_admin"), course, alice)

    assert response.status_code == 409
    assert response.json()["error"]["details"] == {"enrollmentId": first.pk}


def test_second_live_enrollment_is_409_naming_the_first(api, alice):
    course = CourseFactory(lessons=1)
    first = EnrollmentFactory(course=course, user=alice)

    response = _enrol(api("alpha_admin"), course, alice)

    assert response.status_code == 409
    assert error_code(response) == "enrollment_exists"
    assert response.json()["error"]["details"]["enrollmentId"] == first.pk
    assert Enrollment.objects.filter(user=alice, course=course).count() == 1


@pytest.mark.parametrize("status", ["COMPLETED", "SUSPENDED"])
def test_completed_or_suspended_enrollment_still_blocks_a_new_one(api, alice, status):
    course = CourseFactory(lessons=1)
    EnrollmentFactory(course=course, user=alice, status=status)

    assert _enrol(api("alpha_admin"), course, alice).status_code == 409


def test_a_new_enrollment_may_follow_a_revoked_one(api, alice):
    course = CourseFactory(lessons=1)
    EnrollmentFactory(course=course, user=alice, status="REVOKED")

    response = _enrol(api("alpha_admin"), course, alice)

    assert response.status_code == 201
    assert Enrollment.objects.filter(user=alice, course=course).count() == 2


@pytest.mark.parametrize("status", [Course.Status.DRAFT, Course.Status.ARCHIVED])
def test_course_not_published_is_409(api, alice, status):
    course = CourseFactory(lessons=1, status=status)

    response = _enrol(api("alpha_admin"), course, alice)

    assert response.status_code == 409
    assert error_code(response) == "course_not_open"


def test_inactive_learner_cannot_be_enrolled(api, alice):
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    course = CourseFactory(lessons=1)

    response = _enrol(api("alpha_admin"), course, alice)

    assert response.status_code == 409
    assert error_code(response) == "user_inactive"


def test_unknown_course_or_user_is_404(api, alice):
    course = CourseFactory(lessons=1)
    client = api("alpha_admin")

    unknown_course = client.post(
        "enrollments",
        {"courseId": "crs_nope", "userId": alice.pk, "paymentMethod": "FREE"},
    )
    unknown_user = client.post(
        "enrollments",
        {"courseId": course.pk, "userId": "usr_nope", "paymentMethod": "FREE"},
    )

    assert unknown_course.status_code == 404
    assert unknown_user.status_code == 404


class TestPaidEnrollments:
    @pytest.fixture
    def course(self, alpha):
        return CourseFactory(lessons=2, price="490.00")

    def test_free_method_on_a_paid_course_is_402(self, api, alice, course):
        response = _enrol(api("alpha_admin"), course, alice)

        assert response.status_code == 402
        assert error_code(response) == "payment_required"

    @pytest.mark.parametrize("method", ["STRIPE", "VIVA_ISV"])
    def test_paid_method_without_payment_is_402(self, api, alice, course, method):
        response = _enrol(api("alpha_admin"), course, alice, method)

        assert response.status_code == 402
        assert not Enrollment.objects.filter(user=alice).exists()

    @pytest.mark.parametrize(
        "change",
        [
            {"status": Payment.Status.PENDING},
            {"status": Payment.Status.FAILED},
            {"provider": Payment.Provider.VIVA_ISV},
            {"user_id": "usr_bob"},
            {"course": None},
        ],
        ids=["pending", "failed", "other-provider", "other-learner", "other-course"],
    )
    def test_payment_must_be_confirmed_for_that_learner_and_course(
        self, api, alice, course, change
    ):
        fields = {"user": alice, "course": course, **change}
        if fields["course"] is None:
            fields["course"] = CourseFactory(price="10")
        payment = PaymentFactory(**fields)

        response = _enrol(
            api("alpha_admin"), course, alice, "STRIPE", paymentId=payment.pk
        )

        assert response.status_code == 402

    def test_unknown_payment_is_402(self, api, alice, course):
        response = _enrol(
            api("alpha_admin"), course, alice, "STRIPE", paymentId="pay_x"
        )

        assert response.status_code == 402

    @pytest.mark.parametrize("method", ["STRIPE", "VIVA_ISV"])
    def test_confirmed_payment_enrols(self, api, alice, course, method):
        payment = PaymentFactory(user=alice, course=course, provider=method)

        response = _enrol(
            api("alpha_admin"), course, alice, method, paymentId=payment.pk
        )

        assert response.status_code == 201
        assert response.json()["data"]["paymentId"] == payment.pk
        assert response.json()["data"]["paymentMethod"] == method

    def test_a_payment_backs_one_enrollment_only(self, api, alice, course):
        payment = PaymentFactory(user=alice, course=course)
        EnrollmentFactory(
            user=alice,
            course=course,
            status="REVOKED",
            payment_method="STRIPE",
            payment=payment,
        )

        response = _enrol(
            api("alpha_admin"), course, alice, "STRIPE", paymentId=payment.pk
        )

        assert response.status_code == 409
        assert error_code(response) == "payment_already_used"

    def test_free_enrollment_with_a_payment_id_is_400(self, api, alice, alpha):
        course = CourseFactory(lessons=1)

        response = _enrol(api("alpha_admin"), course, alice, paymentId="pay_x")

        assert response.status_code == 400


class TestWhoMayEnrol:
    def test_learner_enrols_themselves_in_a_free_course(self, api, alice):
        course = CourseFactory(lessons=1)

        assert _enrol(api("alice"), course, alice).status_code == 201

    def test_learner_cannot_enrol_someone_else(self, api, alice, bob):
        course = CourseFactory(lessons=1)

        response = _enrol(api("alice"), course, bob)

        assert response.status_code == 404
        assert not Enrollment.objects.filter(user=bob).exists()

    def test_learner_cannot_enrol_in_a_draft_they_cannot_see(self, api, alice):
        course = CourseFactory(lessons=1, status=Course.Status.DRAFT)

        assert _enrol(api("alice"), course, alice).status_code == 404

    def test_trainer_enrols_a_learner_in_their_course(self, api, trainer, alice):
        course = CourseFactory(lessons=1, trainer=trainer)

        assert _enrol(api("trainer"), course, alice).status_code == 201

    def test_trainer_cannot_enrol_in_another_trainers_course(self, api, alice):
        course = CourseFactory(lessons=1)

        response = _enrol(api("trainer"), course, alice)

        assert response.status_code == 403
        assert error_code(response) == "permission_denied"


class TestListAndDetail:
    @pytest.fixture
    def enrollments(self, alice, bob, trainer):
        mine = CourseFactory(lessons=1, trainer=trainer)
        other = CourseFactory(lessons=1)
        return {
            "alice_mine": EnrollmentFactory(user=alice, course=mine),
            "bob_mine": EnrollmentFactory(user=bob, course=mine, status="SUSPENDED"),
            "alice_other": EnrollmentFactory(user=alice, course=other),
        }

    def _ids(self, response):
        assert response.status_code == 200
        return {item["id"] for item in response.json()["data"]}

    def test_admin_lists_all_with_pagination(self, api, enrollments):
        response = api("alpha_admin").get("enrollments")

        assert self._ids(response) == {e.pk for e in enrollments.values()}
        assert response.json()["pagination"] | {"next": None} == {
            "page": 1,
            "pageSize": 20,
            "totalItems": 3,
            "totalPages": 1,
            "next": None,
            "previous": None,
        }

    def test_page_size_and_pages(self, api, enrollments):
        client = api("alpha_admin")

        first = client.get("enrollments", {"pageSize": 2})
        second = client.get("enrollments", {"pageSize": 2, "page": 2})

        assert len(first.json()["data"]) == 2
        assert first.json()["pagination"]["totalPages"] == 2
        assert len(second.json()["data"]) == 1
        assert self._ids(first) | self._ids(second) == {
            e.pk for e in enrollments.values()
        }

    def test_page_size_is_capped(self, api, enrollments):
        response = api("alpha_admin").get("enrollments", {"pageSize": 100_000})

        assert response.json()["pagination"]["pageSize"] == 100

    def test_page_past_the_end_is_404(self, api, enrollments):
        assert api("alpha_admin").get("enrollments", {"page": 9}).status_code == 404

    @pytest.mark.parametrize(
        "params, expected",
        [
            ({"status": "SUSPENDED"}, {"bob_mine"}),
            ({"userId": "usr_alice"}, {"alice_mine", "alice_other"}),
            (
                {"userId": "usr_alice", "status": "ACTIVE"},
                {"alice_mine", "alice_other"},
            ),
        ],
    )
    def test_filters(self, api, enrollments, params, expected):
        response = api("alpha_admin").get("enrollments", params)

        assert self._ids(response) == {enrollments[name].pk for name in expected}

    def test_course_filter(self, api, enrollments):
        course_id = enrollments["bob_mine"].course_id

        response = api("alpha_admin").get("enrollments", {"courseId": course_id})

        assert self._ids(response) == {
            enrollments["alice_mine"].pk,
            enrollments["bob_mine"].pk,
        }

    def test_unknown_status_filter_is_400(self, api, enrollments):
        response = api("alpha_admin").get("enrollments", {"status": "PAUSED"})

        assert response.status_code == 400
        assert "status" in response.json()["error"]["details"]

    def test_learner_lists_only_their_own(self, api, enrollments):
        response = api("alice")
        assert self._ids(response.get("enrollments")) == {
            enrollments["alice_mine"].pk,
            enrollments["alice_other"].pk,
        }

    def test_learner_filtering_on_another_learner_sees_nothing(self, api, enrollments):
        response = api("alice").get("enrollments", {"userId": "usr_bob"})

        assert self._ids(response) == set()

    def test_trainer_lists_their_courses_enrollments(self, api, enrollments):
        assert self._ids(api("trainer").get("enrollments")) == {
            enrollments["alice_mine"].pk,
            enrollments["bob_mine"].pk,
        }

    def test_detail(self, api, enrollments):
        enrollment = enrollments["alice_mine"]

        response = api("alice").get(f"enrollments/{enrollment.pk}")

        assert response.status_code == 200
        assert response.json()["data"]["id"] == enrollment.pk

    def test_another_learners_enrollment_is_404(self, api, enrollments):
        response = api("alice").get(f"enrollments/{enrollments['bob_mine'].pk}")

        assert response.status_code == 404
        assert error_code(response) == "not_found"

    def test_trainer_cannot_see_enrollments_of_other_courses(self, api, enrollments):
        path = f"enrollments/{enrollments['alice_other'].pk}"

        assert api("trainer").get(path).status_code == 404


def test_enrollment_of_another_tenant_is_404(api, alice):
    course = CourseFactory(lessons=1)
    enrollment = EnrollmentFactory(user=alice, course=course)

    response = api("beta_admin").get(f"enrollments/{enrollment.pk}")

    assert response.status_code == 404


def test_enrolled_at_is_now(api, alice):
    course = CourseFactory(lessons=1)
    before = timezone.now() - timedelta(seconds=1)

    response = _enrol(api("alpha_admin"), course, alice)

    enrollment = Enrollment.objects.get(pk=response.json()["data"]["id"])
    assert before <= enrollment.enrolled_at <= timezone.now()
