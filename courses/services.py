import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course, Lesson
from courses.selectors import can_manage_course
from enrollments.services import enrollments_complete_finished
from qualiforma.errors import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)

logger = logging.getLogger(__name__)

COURSE_FIELDS = {"title", "description", "price", "duration_hours", "trainer"}
LESSON_FIELDS = {"title", "content", "position", "duration_minutes"}


def _check_trainer(trainer):
    if trainer is not None and not (trainer.is_trainer or trainer.is_admin):
        raise ValidationFailed(
            details={"trainerId": [_("Cet utilisateur n'est pas formateur.")]}
        )


def _check_can_manage(actor, course=None):
    allowed = actor.is_admin or actor.is_trainer
    if course is not None:
        allowed = can_manage_course(actor, course)
    if not allowed:
        raise PermissionDenied()


@transaction.atomic
def course_create(
    *,
    actor,
    title,
    description="",
    price=0,
    duration_hours=0,
    trainer=None,
    course_id=None,
):
    _check_can_manage(actor)
    if actor.is_trainer:
        # A trainer always teaches the courses they create.
        trainer = actor
    _check_trainer(trainer)

    course = Course(
        title=title,
        description=description,
        price=price,
        duration_hours=duration_hours,
        trainer=trainer,
    )
    if course_id is not None:
        course.id = course_id
    course.save(force_insert=True)
    logger.info("Course %s created", course.id)
    return course


@transaction.atomic
def course_update(*, actor, course, **changes):
    _check_can_manage(actor, course)
    if "trainer" in changes:
        if actor.is_trainer:
            raise PermissionDenied(_("Seul un administrateur change le formateur."))
        _check_trainer(changes["trainer"])
    unknown = set(changes) - COURSE_FIELDS
    if unknown:
        raise ValueError(f"Not course fields: {sorted(unknown)}")

    for name, value in changes.items():
        setattr(course, name, value)
    if changes:
        course.save(update_fields=[*changes, "updated_at"])
    return course


def _transition(course, allowed_from, target):
    # Lock the row: two publish/archive calls must not both pass the check.
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status not in allowed_from:
        raise InvalidTransition(details={"status": course.status, "requested": target})
    course.status = target
    return course


@transaction.atomic
def course_publish(*, actor, course):
    _check_can_manage(actor, course)
    course = _transition(course, {Course.Status.DRAFT}, Course.Status.PUBLISHED)
    if not course.lessons.exists():
        raise InvalidTransition(
            _("Une formation sans leçon ne peut pas être publiée."),
            code="course_has_no_lessons",
        )
    course.published_at = timezone.now()
    course.save(update_fields=["status", "published_at", "updated_at"])
    logger.info("Course %s published", course.id)
    return course


@transaction.atomic
def course_archive(*, actor, course):
    _check_can_manage(actor, course)
    course = _transition(
        course, {Course.Status.DRAFT, Course.Status.PUBLISHED}, Course.Status.ARCHIVED
    )
    course.save(update_fields=["status", "updated_at"])
    logger.info("Course %s archived", course.id)
    return course


@transaction.atomic
def lesson_create(
    *, actor, course, title, content="", position=None, duration_minutes=0
):
    _check_can_manage(actor, course)
    if position is None:
        # Lock the course so that two appends do not take the same position.
        Course.objects.select_for_update().filter(pk=course.pk).first()
        last = course.lessons.aggregate(last=Max("position"))["last"]
        position = 1 if last is None else last + 1

    return Lesson.objects.create(
        course=course,
        title=title,
        content=content,
        position=position,
        duration_minutes=duration_minutes,
    )


@transaction.atomic
def lesson_update(*, actor, lesson, **changes):
    _check_can_manage(actor, lesson.course)
    unknown = set(changes) - LESSON_FIELDS
    if unknown:
        raise ValueError(f"Not lesson fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(lesson, name, value)
    if changes:
        lesson.save(update_fields=list(changes))
    return lesson


@transaction.atomic
def lesson_delete(*, actor, lesson):
    _check_can_manage(actor, lesson.course)
    # Row lock: a completion not yet committed cannot commit while it is
    # held (its deferred foreign-key check needs the row), so it fails
    # once the lesson is gone; one committed before is seen below.
    Lesson.objects.select_for_update().filter(pk=lesson.pk).exists()
    # Completions are the learners' record of attendance, which a Qualiopi
    # audit asks for; deleting the lesson would take them along.
    if lesson.completions.exists():
        raise Conflict(
            _("Des apprenants ont terminé cette leçon : elle ne peut être supprimée."),
            code="lesson_has_progress",
            details={"lessonId": lesson.pk},
        )
    lesson.delete()
    logger.info("Lesson %s deleted from course %s", lesson.pk, lesson.course_id)
    # The lesson may have been the last one some learners had left.
    enrollments_complete_finished(actor=actor, course=lesson.course)
