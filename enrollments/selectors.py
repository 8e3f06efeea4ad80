from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from courses.models import Lesson
from enrollments.models import Enrollment, LessonCompletion
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


def _count(queryset, group_by):
    return Subquery(
        queryset.order_by().values(group_by).annotate(n=Count("*")).values("n"),
        output_field=IntegerField(),
    )


def with_progress(enrollments):
    """Annotate the progress figures, in the same query whatever the
    number of lessons."""
    lessons = Lesson.objects.filter(course=OuterRef("course_id"))
    completions = LessonCompletion.objects.filter(
        enrollment=OuterRef("pk"), lesson__course=OuterRef("course_id")
    )
    last_activity = (
        LessonCompletion.objects.filter(enrollment=OuterRef("pk"))
        .order_by()
        .values("enrollment")
        .annotate(last=Max("completed_at"))
        .values("last")
    )
    return enrollments.annotate(
        total_lessons=Coalesce(_count(lessons, "course"), 0),
        completed_lessons=Coalesce(_count(completions, "enrollment"), 0),
        last_activity_at=Subquery(last_activity),
    )


def enrollment_get_for(actor, enrollment_id, *, progress=False):
    enrollments = enrollments_visible_to(actor)
    if progress:
        enrollments = with_progress(enrollments)
    enrollment = enrollments.filter(pk=enrollment_id).first()
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
    user = users.first()
    if user is None:
        raise NotFound(details={"userId": user_id})
    return user
