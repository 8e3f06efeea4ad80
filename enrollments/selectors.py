from django.db.models import F

from enrollments.models import Enrollment
from qualiforma.db import one_or_none
from qualiforma.errors import NotFound, PermissionDenied
from users.models import User


def enrollments_visible_to(actor):
    """Admins see every enrollment, trainers those of their courses,
    learners their own."""
    enrollments = Enrollment.objects.all()
    if actor.is_admin:
        return enrollments
    if actor.is_trainer:
        return enrollments.filter(course__trainer=actor)
    return enrollments.filter(user=actor)


def with_progress(enrollments):
    """Annotate the lesson total beside the completed lessons the
    enrollment keeps: one join, whatever the number of lessons."""
    return enrollments.annotate(total_lessons=F("course__lesson_count"))


def enrollment_get_for(actor, enrollment_id, *, progress=False):
    enrollments = enrollments_visible_to(actor)
    if progress:
        enrollments = with_progress(enrollments)
    enrollment = one_or_none(enrollments.filter(pk=enrollment_id))
    if enrollment is None:
        raise NotFound(details={"enrollmentId": enrollment_id})
    return enrollment


def enrollment_events_get_for(actor, enrollment_id):
    """The history of an enrollment, for the tenant's admins only."""
    enrollment = enrollment_get_for(actor, enrollment_id)
    if not actor.is_admin:
        raise PermissionDenied()
    return enrollment.events.order_by("occurred_at", "id")


def progress_percent(completed, total):
    if total == 0:
        return 0
    return min(100, completed * 100 // total)


def enrollment_progress(enrollment):
    """Return the progress figures of an enrollment from `with_progress`."""
    return {
        "enrollment_id": enrollment.id,
        "progress_percent": progress_percent(
            enrollment.completed_lessons, enrollment.total_lessons
        ),
        "completed_lessons": enrollment.completed_lessons,
        "total_lessons": enrollment.total_lessons,
        "completed_at": enrollment.completed_at,
        "last_activity_at": enrollment.last_activity_at,
    }


def enrollable_user_get_for(actor, user_id):
    """The learner `actor` may enrol: admins anyone, trainers any learner,
    learners only themselves."""
    users = User.objects.filter(pk=user_id)
    if actor.is_trainer:
        users = users.filter(role=User.Role.LEARNER)
    elif not actor.is_admin:
        users = users.filter(pk=actor.pk)
    user = one_or_none(users)
    if user is None:
        raise NotFound(details={"userId": user_id})
    return user
