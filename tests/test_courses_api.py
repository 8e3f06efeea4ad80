import pytest

from courses.models import Course, Lesson

from .conftest import error_code
from .factories import CourseFactory, LessonFactory

NEW_COURSE = {
    "title": "Sécurité au travail",
    "description": "Les bases.",
    "price": "490.00",
    "durationHours": "7.5",
}


def test_admin_creates_a_draft_course(api):
    response = api("alpha_admin").post("courses", NEW_COURSE)

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["id"].startswith("crs_")
    assert (data["status"], data["price"], data["durationHours"]) == (
        "DRAFT",
        "490.00",
        "7.5",
    )
    assert (data["currency"], data["lessonCount"], data["trainerId"]) == (
        "EUR",
        0,
        None,
    )


def test_trainer_creates_a_course_they_teach(api):
    response = api("trainer").post("courses", NEW_COURSE)

    assert response.status_code == 201
    assert response.json()["data"]["trainerId"] == "usr_trainer"


def test_learner_cannot_create_a_course(api):
    assert api("alice").post("courses", NEW_COURSE).status_code == 403


def test_admin_assigns_a_trainer(api):
    response = api("alpha_admin").post(
        "courses", {**NEW_COURSE, "trainerId": "usr_trainer"}
    )

    assert response.json()["data"]["trainerId"] == "usr_trainer"


def test_learner_cannot_be_a_trainer(api):
    response = api("alpha_admin").post(
        "courses", {**NEW_COURSE, "trainerId": "usr_bob"}
    )

    assert response.status_code == 400


def test_learner_sees_only_published_courses(api):
    published = CourseFactory()
    CourseFactory(status=Course.Status.DRAFT)
    CourseFactory(status=Course.Status.ARCHIVED)

    response = api("alice").get("courses")

    assert [c["id"] for c in response.json()["data"]] == [published.pk]


def test_learner_gets_404_for_a_draft(api):
    draft = CourseFactory(status=Course.Status.DRAFT)

    assert api("alice").get(f"courses/{draft.pk}").status_code == 404


def test_trainer_sees_their_drafts_not_others(api, trainer):
    mine = CourseFactory(status=Course.Status.DRAFT, trainer=trainer)
    other = CourseFactory(status=Course.Status.DRAFT)
    client = api("trainer")

    assert client.get(f"courses/{mine.pk}").status_code == 200
    assert client.get(f"courses/{other.pk}").status_code == 404


def test_status_filter(api):
    CourseFactory()
    draft = CourseFactory(status=Course.Status.DRAFT)

    response = api("alpha_admin").get("courses", {"status": "DRAFT"})

    assert [c["id"] for c in response.json()["data"]] == [draft.pk]


def test_patch_updates_fields(api):
    course = CourseFactory()

    response = api("alpha_admin").patch(
        f"courses/{course.pk}", {"title": "Nouveau titre", "price": "10"}
    )

    assert response.status_code == 200
    course.refresh_from_db()
    assert (course.title, str(course.price)) == ("Nouveau titre", "10.00")


def test_trainer_cannot_edit_another_trainers_published_course(api):
    course = CourseFactory()

    response = api("trainer").patch(f"courses/{course.pk}", {"title": "Pirate"})

    assert response.status_code == 403
    course.refresh_from_db()
    assert course.title != "Pirate"


def test_trainer_cannot_reassign_their_course(api, trainer):
    course = CourseFactory(trainer=trainer)

    response = api("trainer").patch(f"courses/{course.pk}", {"trainerId": None})

    assert response.status_code == 403


def test_publish_a_draft_with_lessons(api):
    course = CourseFactory(status=Course.Status.DRAFT, lessons=1)

    response = api("alpha_admin").post(f"courses/{course.pk}/publish")

    assert response.status_code == 200
    assert response.json()["data"]["status"] == "PUBLISHED"
    assert response.json()["data"]["publishedAt"] is not None


def test_publishing_without_lessons_is_409(api):
    course = CourseFactory(status=Course.Status.DRAFT)

    response = api("alpha_admin").post(f"courses/{course.pk}/publish")

    assert response.status_code == 409
    assert error_code(response) == "course_has_no_lessons"
    course.refresh_from_db()
    assert course.status == "DRAFT"


@pytest.mark.parametrize(
    "action, start, status",
    [
        ("publish", "PUBLISHED", 409),
        ("publish", "ARCHIVED", 409),
        ("archive", "DRAFT", 200),
        ("archive", "PUBLISHED", 200),
        ("archive", "ARCHIVED", 409),
    ],
)
def test_course_transitions(api, action, start, status):
    course = CourseFactory(status=start, lessons=1)

    response = api("alpha_admin").post(f"courses/{course.pk}/{action}")

    assert response.status_code == status


def test_course_of_another_tenant_is_404(api):
    course = CourseFactory()

    assert api("beta_admin").get(f"courses/{course.pk}").status_code == 404


class TestLessons:
    def test_lessons_are_listed_in_order(self, api):
        course = CourseFactory()
        third = LessonFactory(course=course, position=3)
        first = LessonFactory(course=course, position=1)

        response = api("alice").get(f"courses/{course.pk}/lessons")

        assert [lsn["id"] for lsn in response.json()["data"]] == [first.pk, third.pk]

    def test_new_lesson_goes_last(self, api):
        course = CourseFactory(lessons=2)

        response = api("alpha_admin").post(
            f"courses/{course.pk}/lessons", {"title": "Conclusion"}
        )

        assert response.status_code == 201
        data = response.json()["data"]
        assert data["id"].startswith("lsn_")
        assert (data["position"], data["courseId"]) == (3, course.pk)

    def test_patch_and_delete_a_lesson(self, api):
        course = CourseFactory(lessons=2)
        lesson = course.lessons.first()
        client = api("alpha_admin")

        patched = client.patch(
            f"courses/{course.pk}/lessons/{lesson.pk}",
            {"title": "Intro", "position": 9},
        )
        deleted = client.delete(f"courses/{course.pk}/lessons/{lesson.pk}")

        assert patched.status_code == 200
        assert patched.json()["data"]["position"] == 9
        assert deleted.status_code == 204
        assert not Lesson.objects.filter(pk=lesson.pk).exists()

    def test_lesson_detail(self, api):
        course = CourseFactory(lessons=1)
        lesson = course.lessons.get()

        response = api("alice").get(f"courses/{course.pk}/lessons/{lesson.pk}")

        assert response.json()["data"]["title"] == lesson.title

    def test_lesson_under_the_wrong_course_is_404(self, api):
        lesson = CourseFactory(lessons=1).lessons.get()
        other = CourseFactory()

        response = api("alpha_admin").get(f"courses/{other.pk}/lessons/{lesson.pk}")

        assert response.status_code == 404

    def test_learner_cannot_add_lessons(self, api):
        course = CourseFactory()

        response = api("alice").post(f"courses/{course.pk}/lessons", {"title": "X"})

        assert response.status_code == 403
        assert not course.lessons.exists()

    def test_lessons_of_a_draft_are_hidden_from_learners(self, api):
        course = CourseFactory(status=Course.Status.DRAFT, lessons=1)

        assert api("alice").get(f"courses/{course.pk}/lessons").status_code == 404


def test_enrolled_learner_still_sees_an_archived_course(api, alice):
    from .factories import EnrollmentFactory

    course = CourseFactory(status=Course.Status.ARCHIVED, lessons=2)
    EnrollmentFactory(user=alice, course=course)
    client = api("alice")

    assert client.get(f"courses/{course.pk}").status_code == 200
    assert len(client.get(f"courses/{course.pk}/lessons").json()["data"]) == 2
    assert course.pk not in {c["id"] for c in api("bob").get("courses").json()["data"]}


def test_a_lesson_learners_finished_cannot_be_deleted(api, alice):
    from .factories import EnrollmentFactory, complete_lessons

    course = CourseFactory(lessons=2)
    complete_lessons(EnrollmentFactory(user=alice, course=course), 1)
    done = course.lessons.order_by("position").first()

    response = api("alpha_admin").delete(f"courses/{course.pk}/lessons/{done.pk}")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "lesson_has_progress"
    assert Lesson.objects.filter(pk=done.pk).exists()
