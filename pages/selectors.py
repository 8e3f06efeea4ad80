from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from courses.selectors import can_manage_course, courses_visible_to
from enrollments.models import Enrollment
from enrollments.selectors import (
    enrollments_visible_to,
    progress_percent,
    with_progress,
)

Status = Enrollment.Status


def month_start(now):
    """Return the first instant of `now`'s month in the display time zone."""
    local = timezone.localtime(now, ZoneInfo(settings.DISPLAY_TIME_ZONE))
    return datetime(local.year, local.month, 1, tzinfo=local.tzinfo)


def dashboard_figures(actor, *, now=None):
    """Return the staff figures for what `actor` manages, in three queries."""
    now = now or timezone.now()
    enrollments = enrollments_visible_to(actor)
    still_open = Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    totals = enrollments.aggregate(
        active=Count("pk", filter=Q(status=Status.ACTIVE) & still_open),
        completed_this_month=Count(
            "pk",
            filter=Q(status=Status.COMPLETED, completed_at__gte=month_start(now)),
        ),
    )

    # Averaged here rather than in SQL so that each enrollment counts with
    # the very percentage its learner and the progress endpoint see.
    per_course = {}
    rows = with_progress(enrollments.exclude(status=Status.REVOKED)).values_list(
        "course_id", "status", "completed_lessons", "total_lessons"
    )
    for course_id, status, completed, total in rows:
        figures = per_course.setdefault(
            course_id, {"enrolled": 0, "completed": 0, "percent_sum": 0}
        )
        figures["enrolled"] += 1
        figures["completed"] += status == Status.COMPLETED
        figures["percent_sum"] += progress_percent(completed, total)

    courses = []
    for course in courses_visible_to(actor):
        figures = per_course.get(course.pk)
        if figures is None and not (
            course.status == course.Status.PUBLISHED
            and can_manage_course(actor, course)
        ):
            continue
        figures = figures or {"enrolled": 0, "completed": 0, "percent_sum": 0}
        enrolled = figures["enrolled"]
        courses.append(
            {
                "course": course,
                "enrolled": enrolled,
                "completed": figures["completed"],
                "average_progress": (
                    round(figures["percent_sum"] / enrolled) if enrolled else None
                ),
            }
        )
    return {**totals, "courses": courses}
