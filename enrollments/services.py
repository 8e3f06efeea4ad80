import logging
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course
from courses.selectors import can_manage_course, course_get_for
from enrollments.models import Enrollment, EnrollmentEvent, LessonCompletion
from enrollments.selectors import enrollable_user_get_for
from payments.models import Payment
from qualiforma.db import insert_together
from qualiforma.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PaymentRequired,
    PermissionDenied,
    ValidationFailed,
)
from qualiforma.serializers import api_timestamp
from users.models import User

logger = logging.getLogger(__name__)

# An expiry this late or later is refused: shown in a time zone east of
# UTC, the last day of year 9999 would overflow the calendar, and a page
# or the admin would fail to render it. Unlimited access is no expiry.
EXPIRY_LIMIT = datetime(9999, 1, 1, tzinfo=UTC)

Status = Enrollment.Status
Method = Enrollment.PaymentMethod
Kind = EnrollmentEvent.Kind
Source = EnrollmentEvent.Source


class EnrollmentExists(Conflict):
    code = "enrollment_exists"
    message = _("Cet apprenant est déjà inscrit à cette formation.")


class EnrollmentNotActive(Conflict):
    code = "enrollment_not_active"
    message = _("Cette inscription n'enregistre pas de progression.")


class EnrollmentExpired(Conflict):
    code = "enrollment_expired"
    message = _("L'accès à cette formation a expiré.")


def _check_can_enrol(actor, course, user):
    if actor.is_admin:
        return
    if actor.is_trainer and can_manage_course(actor, course):
        return
    if actor.is_learner and user.pk == actor.pk:
        return
    raise PermissionDenied()


def _check_payment(course, user, payment_method, payment_id):
    """Return the confirmed payment behind a paid enrollment, or None."""
    if payment_method == Method.FREE:
        if payment_id is not None:
            raise ValidationFailed(
                details={
                    "paymentId": [_("Une inscription gratuite n'a pas de paiement.")]
                }
            )
        if not course.is_free:
            raise PaymentRequired(
                _("Cette formation est payante."), details={"price": str(course.price)}
            )
        return None

    if payment_id is None:
        raise PaymentRequired(details={"paymentId": None})
    # Locked so that one payment cannot back two enrollments created at once.
    payment = Payment.objects.select_for_update().filter(pk=payment_id).first()
    if (
        payment is None
        or payment.status != Payment.Status.CONFIRMED
        or payment.provider != payment_method
        or payment.user_id != user.pk
        or payment.course_id != course.pk
    ):
        raise PaymentRequired(
            _("Aucun paiement confirmé de cet apprenant pour cette formation."),
            details={"paymentId": payment_id},
        )
    if Enrollment.objects.filter(payment=payment).exists():
        raise Conflict(
            _("Ce paiement couvre déjà une autre inscription."),
            code="payment_already_used",
            details={"paymentId": payment_id},
        )
    return payment


def _record(enrollment, kind, *, actor, source, at=None, **details):
    EnrollmentEvent.objects.create(
        enrollment=enrollment,
        kind=kind,
        actor=actor,
        source=source,
        occurred_at=at or timezone.now(),
        details=details,
    )


def _live_enrollment(user_id, course_id):
    return (
        Enrollment.objects.filter(user_id=user_id, course_id=course_id)
        .exclude(status=Status.REVOKED)
        .first()
    )


def enrollment_create(
    *,
    actor,
    course,
    user,
    payment_method,
    payment_id=None,
    expires_at=None,
    source=Source.API,
):
    try:
        return _enrollment_create(
            actor=actor,
            course=course,
            user=user,
            payment_method=payment_method,
            payment_id=payment_id,
            expires_at=expires_at,
            source=source,
        )
    except IntegrityError as error:
        _raise_integrity_error(error, user.pk, course.pk)


def _raise_integrity_error(error, user_id, course_id):
    """Answer `error`, raised on inserting an enrollment.

    The partial unique index settles two requests that both passed the
    check; the loser answers 409 naming the winner, looked up once the
    failed statement (or its transaction) is rolled back.
    """
    existing = _live_enrollment(user_id, course_id)
    if existing is None:
        raise error
    raise EnrollmentExists(details={"enrollmentId": existing.pk}) from None


def enrollment_create_by_ids(
    *,
    actor,
    course_id,
    user_id,
    payment_method,
    payment_id=None,
    expires_at=None,
    source=Source.API,
):
    """Create the enrollment that a request names by ids.

    A free enrollment goes in with one statement, guarded by lookups that
    find the course and the learner only where `_enrollment_create` would
    let `actor` enrol them. When the guard holds it back, the course and
    the learner are fetched and `enrollment_create` raises what applies
    (or, should they have changed in between, creates it).
    """
    if (
        payment_method == Method.FREE
        and payment_id is None
        and _expiry_problem(expires_at) is None
    ):
        enrollment = Enrollment(
            course_id=course_id,
            user_id=user_id,
            payment_method=payment_method,
            expires_at=expires_at,
        )
        guard = _free_enrollment_allowed(actor, course_id, user_id)
        try:
            inserted = _insert_with_event(
                enrollment, actor=actor, source=source, only_if=guard
            )
        except IntegrityError as error:
            _raise_integrity_error(error, user_id, course_id)
        if inserted:
            _log_created(enrollment)
            return enrollment

    return enrollment_create(
        actor=actor,
        course=course_get_for(actor, course_id, with_trainer=False),
        user=enrollable_user_get_for(actor, user_id),
        payment_method=payment_method,
        payment_id=payment_id,
        expires_at=expires_at,
        source=source,
    )


def _free_enrollment_allowed(actor, course_id, user_id):
    """The SQL condition, and its parameters, under which the checks of
    `_enrollment_create` let `actor` enrol `user_id` in `course_id` for
    free. It must change with them; tests/test_enrollment_fast_path.py
    holds the two equal.

    Written by hand because it runs on every POST: the ORM took twice as
    long to compile it as the database to answer it. A published course
    is visible to everyone, so only a trainer's own courses narrow it.
    """
    course = "SELECT 1 FROM courses_course WHERE id = %s AND status = %s AND price = 0"
    course_params = [course_id, Course.Status.PUBLISHED]
    learner = "SELECT 1 FROM users_user WHERE id = %s AND is_active"
    learner_params = [user_id]
    if actor.is_trainer:
        course += " AND trainer_id = %s"
        course_params.append(actor.pk)
        learner += " AND role = %s"
        learner_params.append(User.Role.LEARNER)
    elif not actor.is_admin:
        learner += " AND id = %s"
        learner_params.append(actor.pk)
    return (
        f"EXISTS ({course}) AND EXISTS ({learner})",
        [*course_params, *learner_params],
    )


def _enrollment_create(
    *, actor, course, user, payment_method, payment_id, expires_at, source
):
    _check_can_enrol(actor, course, user)
    if course.status != Course.Status.PUBLISHED:
        raise Conflict(
            _("Cette formation n'est pas ouverte aux inscriptions."),
            code="course_not_open",
            details={"courseId": course.pk, "status": course.status},
        )
    if not user.is_active:
        raise Conflict(
            _("Ce compte est désactivé."),
            code="user_inactive",
            details={"userId": user.pk},
        )
    problem = _expiry_problem(expires_at)
    if problem is not None:
        raise ValidationFailed(details={"expiresAt": [problem]})
    enrollment = Enrollment(
        course=course,
        user=user,
        payment_method=payment_method,
        expires_at=expires_at,
    )

    if payment_method == Method.FREE:
        if not course.is_free:
            # A learner enrolled already is told so, as on the paid path,
            # rather than asked for a payment.
            _refuse_if_enrolled(user, course)
        _check_payment(course, user, payment_method, payment_id)
        # Nothing was read that a transaction must hold still: the insert
        # and its event go in one statement, and a race between two such
        # requests is settled by the unique index.
        _insert_with_event(enrollment, actor=actor, source=source)
    else:
        with transaction.atomic():
            # Before the payment checks, which would otherwise report a
            # payment already used.
            _refuse_if_enrolled(user, course)
            enrollment.payment = _check_payment(
                course, user, payment_method, payment_id
            )
            insert_together(
                enrollment, _created_event(enrollment, actor=actor, source=source)
            )

    _log_created(enrollment)
    return enrollment


def _refuse_if_enrolled(user, course):
    existing = _live_enrollment(user.pk, course.pk)
    if existing is not None:
        raise EnrollmentExists(details={"enrollmentId": existing.pk})


def _expiry_problem(expires_at):
    """Why `expires_at` cannot end an enrollment's access, or None."""
    if expires_at is None:
        return None
    if expires_at <= timezone.now():
        return _("La date d'expiration doit être future.")
    if expires_at >= EXPIRY_LIMIT:
        return _(
            "La date d'expiration doit précéder l'an 9999 ; sans date, "
            "l'accès est illimité."
        )
    return None


def _log_created(enrollment):
    logger.info(
        "Enrollment %s created for user %s in course %s (%s)",
        enrollment.pk,
        enrollment.user_id,
        enrollment.course_id,
        enrollment.payment_method,
    )


def _insert_with_event(enrollment, *, actor, source, only_if=()):
    """Insert `enrollment` and its creation event in one statement; return
    whether `only_if` let them in (see insert_together)."""
    event = _created_event(enrollment, actor=actor, source=source)
    if transaction.get_connection().in_atomic_block:
        # A savepoint, so that losing the unique index's race leaves the
        # caller's transaction (an Idempotency-Key's, say) usable for the 409.
        with transaction.atomic():
            return insert_together(enrollment, event, only_if=only_if)
    return insert_together(enrollment, event, only_if=only_if)


def _created_event(enrollment, *, actor, source):
    return EnrollmentEvent(
        enrollment=enrollment,
        kind=Kind.CREATED,
        actor=actor,
        source=source,
        occurred_at=enrollment.enrolled_at,
        details={"paymentMethod": enrollment.payment_method},
    )


def _check_can_manage(actor, enrollment):
    if not can_manage_course(actor, enrollment.course):
        raise PermissionDenied()


def _locked(enrollment):
    # Row lock: transitions and the last completion must not interleave.
    return (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=enrollment.pk)
    )


def lesson_complete(*, actor, enrollment, lesson, source=Source.API):
    """Record that the learner finished `lesson`; idempotent."""
    try:
        return _lesson_complete(
            actor=actor, enrollment=enrollment, lesson=lesson, source=source
        )
    except EnrollmentExpired:
        # Outside the refused transaction, so that the expiry is kept.
        enrollment_expiry_record(enrollment=enrollment, actor=actor, source=source)
        raise


@transaction.atomic
def _lesson_complete(*, actor, enrollment, lesson, source):
    enrollment = _locked(enrollment)
    is_own = actor.pk == enrollment.user_id
    if not (is_own or can_manage_course(actor, enrollment.course)):
        raise PermissionDenied()
    if lesson.course_id != enrollment.course_id:
        raise NotFound(details={"lessonId": lesson.pk})
    if enrollment.status in (Status.SUSPENDED, Status.REVOKED):
        raise EnrollmentNotActive(details={"status": enrollment.status})
    if enrollment.is_expired():
        raise EnrollmentExpired(
            details={"expiresAt": api_timestamp(enrollment.expires_at)}
        )

    now = timezone.now()
    _, created = LessonCompletion.objects.get_or_create(
        enrollment=enrollment, lesson=lesson, defaults={"completed_at": now}
    )
    if not created:
        return enrollment
    _record(
        enrollment,
        Kind.LESSON_COMPLETED,
        actor=actor,
        source=source,
        at=now,
        lessonId=lesson.pk,
    )
    # The insert's trigger counted it in the row; the locked copy read
    # before it did not.
    enrollment.completed_lessons += 1
    enrollment.last_activity_at = now
    if enrollment.status == Status.ACTIVE:
        if enrollment.completed_lessons >= enrollment.course.lesson_count:
            enrollment.status = Status.COMPLETED
            enrollment.completed_at = now
            enrollment.save(update_fields=["status", "completed_at"])
            _record(enrollment, Kind.COMPLETED, actor=actor, source=source, at=now)
            logger.info("Enrollment %s completed", enrollment.pk)
    return enrollment


@transaction.atomic
def enrollments_complete_finished(*, actor, course, source=Source.SYSTEM):
    """Complete the active enrollments of `course` that have done every
    lesson it has, as when a lesson nobody finished is deleted."""
    finished = list(
        Enrollment.objects.select_for_update(of=("self",)).filter(
            course=course,
            status=Status.ACTIVE,
            course__lesson_count__gt=0,
            completed_lessons__gte=F("course__lesson_count"),
        )
    )
    now = timezone.now()
    for enrollment in finished:
        enrollment.status = Status.COMPLETED
        enrollment.completed_at = now
    Enrollment.objects.bulk_update(finished, ["status", "completed_at"])
    EnrollmentEvent.objects.bulk_create(
        EnrollmentEvent(
            enrollment=enrollment,
            kind=Kind.COMPLETED,
            actor=actor,
            source=source,
            occurred_at=now,
        )
        for enrollment in finished
    )
    if finished:
        logger.info("%d enrollment(s) of course %s completed", len(finished), course.pk)
    return finished


@transaction.atomic
def enrollment_expiry_record(*, enrollment, actor=None, source=Source.SYSTEM):
    """Record once that an expired enrollment's access has ended.

    Return True when this call recorded it.
    """
    enrollment = _locked(enrollment)
    if not enrollment.is_expired() or enrollment.status == Status.REVOKED:
        return False
    if enrollment.events.filter(kind=Kind.EXPIRED).exists():
        return False
    _record(
        enrollment,
        Kind.EXPIRED,
        actor=actor,
        source=source,
        expiresAt=enrollment.expires_at.isoformat(),
    )
    logger.info("Enrollment %s expired", enrollment.pk)
    return True


def _transition(*, actor, enrollment, allowed_from, target, kind, source):
    enrollment = _locked(enrollment)
    _check_can_manage(actor, enrollment)
    if enrollment.status not in allowed_from:
        raise InvalidTransition(
            details={"status": enrollment.status, "requested": target}
        )
    previous = enrollment.status
    enrollment.status = target
    enrollment.save(update_fields=["status"])
    _record(enrollment, kind, actor=actor, source=source, previousStatus=previous)
    logger.info("Enrollment %s is now %s", enrollment.pk, target)
    return enrollment


@transaction.atomic
def enrollment_suspend(*, actor, enrollment, source=Source.API):
    return _transition(
        actor=actor,
        enrollment=enrollment,
        allowed_from={Status.ACTIVE},
        target=Status.SUSPENDED,
        kind=Kind.SUSPENDED,
        source=source,
    )


@transaction.atomic
def enrollment_reactivate(*, actor, enrollment, source=Source.API):
    return _transition(
        actor=actor,
        enrollment=enrollment,
        allowed_from={Status.SUSPENDED},
        target=Status.ACTIVE,
        kind=Kind.REACTIVATED,
        source=source,
    )


@transaction.atomic
def enrollment_revoke(*, actor, enrollment, source=Source.API):
    return _transition(
        actor=actor,
        enrollment=enrollment,
        allowed_from={Status.ACTIVE, Status.SUSPENDED, Status.COMPLETED},
        target=Status.REVOKED,
        kind=Kind.REVOKED,
        source=source,
    )
