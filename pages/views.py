"""The learner's pages: sign-in, their courses, a course, the catalogue.

Views parse and render; every write goes through the same services as
the API, and a refusal comes back as a French message, never a bare 400.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from courses.models import Course
from courses.selectors import course_get_for, courses_visible_to, lesson_get_for
from enrollments.models import Enrollment, EnrollmentEvent
from enrollments.selectors import (
    enrollment_progress,
    enrollments_visible_to,
    with_progress,
)
from enrollments.services import EnrollmentExists, enrollment_create, lesson_complete
from pages.forms import SignInForm
from qualiforma.errors import ApplicationError, NotFound

Status = Enrollment.Status

# What a learner reads for each state; an active enrollment past its
# expiry date reads as expired.
STATE_LABELS = {
    "active": gettext_lazy("En cours"),
    "completed": gettext_lazy("Terminée"),
    "suspended": gettext_lazy("Suspendue"),
    "expired": gettext_lazy("Expirée"),
    "revoked": gettext_lazy("Révoquée"),
}


def page(view):
    """Require a signed-in user and show times in the display zone."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with timezone.override(settings.DISPLAY_TIME_ZONE):
            return view(request, *args, **kwargs)

    return wrapper


def or_404(selector, *args):
    try:
        return selector(*args)
    except NotFound:
        raise Http404 from None


def describe(enrollment, now):
    """Attach the learner-facing state and progress figures to `enrollment`."""
    if enrollment.status == Status.ACTIVE and enrollment.is_expired(now):
        enrollment.state = "expired"
    else:
        enrollment.state = enrollment.status.lower()
    enrollment.state_label = STATE_LABELS[enrollment.state]
    enrollment.progress = enrollment_progress(enrollment)
    enrollment.records_progress = enrollment.state in ("active", "completed")
    return enrollment


def _own_enrollments(user):
    return (
        with_progress(enrollments_visible_to(user).filter(user=user))
        .exclude(status=Status.REVOKED)
        .select_related("course")
    )


def _own_enrollment(user, course_id):
    return _own_enrollments(user).filter(course_id=course_id).first()


def _landing_url(user):
    return reverse("pages:dashboard" if user.is_staff else "pages:my_courses")


@login_required
def home(request):
    return redirect(_landing_url(request.user))


# Failed sign-ins are locked out by django-axes (its authentication backend
# sees every authenticate() call), as on the API and in the admin.
class SignInView(auth_views.LoginView):
    template_name = "pages/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return _landing_url(self.request.user)


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("pages:sign_in")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Vous êtes déconnecté."))
        return response


@page
def my_courses(request):
    now = timezone.now()
    enrollments = [describe(e, now) for e in _own_enrollments(request.user)]
    return render(request, "pages/my_courses.html", {"enrollments": enrollments})


@page
def course_detail(request, course_id):
    enrollment = _own_enrollment(request.user, course_id)
    if enrollment is not None:
        describe(enrollment, timezone.now())
        course = enrollment.course
        done = set(enrollment.completions.values_list("lesson_id", flat=True))
    else:
        course = or_404(course_get_for, request.user, course_id)
        done = set()
    lessons = course.lessons.order_by("position", "created_at", "id")

    return render(
        request,
        "pages/course.html",
        {
            "course": course,
            "enrollment": enrollment,
            "lessons": [(lesson, lesson.pk in done) for lesson in lessons],
        },
    )


@page
@require_POST
def lesson_done(request, course_id, lesson_id):
    enrollment = _own_enrollment(request.user, course_id)
    if enrollment is None:
        raise Http404
    lesson = or_404(lesson_get_for, request.user, enrollment.course, lesson_id)

    try:
        updated = lesson_complete(
            actor=request.user,
            enrollment=enrollment,
            lesson=lesson,
            source=EnrollmentEvent.Source.PAGE,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        finished = updated.status == Status.COMPLETED
        if finished and enrollment.status != Status.COMPLETED:
            messages.success(
                request,
                _("Bravo ! Vous avez terminé la formation « %(title)s ».")
                % {"title": enrollment.course.title},
            )
        else:
            messages.success(
                request,
                _("Leçon « %(title)s » marquée comme terminée.")
                % {"title": lesson.title},
            )
    return redirect(f"{reverse('pages:course', args=[course_id])}#{lesson.pk}")


@page
def catalogue(request):
    courses = courses_visible_to(request.user).filter(status=Course.Status.PUBLISHED)
    enrolled = set(_own_enrollments(request.user).values_list("course_id", flat=True))
    return render(
        request,
        "pages/catalogue.html",
        {"courses": [(course, course.pk in enrolled) for course in courses]},
    )


@page
@require_POST
def enrol(request, course_id):
    course = or_404(course_get_for, request.user, course_id)

    try:
        enrollment_create(
            actor=request.user,
            course=course,
            user=request.user,
            payment_method=Enrollment.PaymentMethod.FREE,
            source=EnrollmentEvent.Source.PAGE,
        )
    except EnrollmentExists:
        messages.info(request, _("Vous êtes déjà inscrit à cette formation."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("pages:catalogue")
    else:
        messages.success(
            request,
            _("Vous êtes inscrit à « %(title)s ». Bonne formation !")
            % {"title": course.title},
        )
    return redirect("pages:course", course_id=course.pk)
