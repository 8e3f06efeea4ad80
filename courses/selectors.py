from django.db.models import Q

from courses.models import Course, Lesson
from enrollments.models import Enrollment
from qualiforma.db import one_or_none
from qualiforma.errors import NotFound


def courses_visible_to(actor, *, with_trainer=True):
    """Admins see every course, trainers theirs and the catalogue, learners
    the catalogue and the courses they are enrolled in, even archived.
    Without the trainer, the courses come bare, with no join."""
    courses = Course.objects.all()
    if with_trainer:
        courses = courses.select_related("trainer")
    if actor.is_admin:
        return courses
    published = Q(status=Course.Status.PUBLISHED)
    if actor.is_trainer:
        return courses.filter(published | Q(trainer=actor))
    enrolled = Q(
        pk__in=Enrollment.objects.filter(user=actor)
        .exclude(status=Enrollment.Status.REVOKED)
        .values("course_id")
    )
    return courses.filter(published | enrolled)


def course_get_for(actor, course_id, *, with_trainer=True):
    course = one_or_none(
        courses_visible_to(actor, with_trainer=with_trainer).filter(pk=course_id)
    )
    if course is None:
        raise NotFound(details={"courseId": course_id})
    return course


def can_manage_course(actor, course):
    return actor.is_admin or (actor.is_trainer and course.trainer_id == actor.pk)


def lesson_get_for(actor, course, lesson_id):
    lesson = one_or_none(Lesson.objects.filter(course=course, pk=lesson_id))
    if lesson is None:
        raise NotFound(details={"lessonId": lesson_id})
    return lesson
