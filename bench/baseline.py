"""Bare Django views the benchmark measures the API against.

They do the same database work as the API (the same JSON in, the same row
written, the same progress query) with no DRF, no authentication and no
tenant lookup: the schema is in the path. They are routed only on a bench
server (`QUALIFORMA_BENCH_BASELINE=1`), never in production.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from django_tenants.utils import schema_context

from enrollments.models import Enrollment
from enrollments.selectors import progress_percent, with_progress

SCHEMA = r"(?P<schema>[a-z][a-z0-9_]{1,62})"
FIELDS = {
    "id": "id",
    "course_id": "courseId",
    "user_id": "userId",
    "status": "status",
    "payment_method": "paymentMethod",
    "payment_id": "paymentId",
    "enrolled_at": "enrolledAt",
    "completed_at": "completedAt",
    "expires_at": "expiresAt",
}


def _json(data, status=200):
    return JsonResponse({"data": data}, status=status, encoder=DjangoJSONEncoder)


def _camel(row):
    return {FIELDS[name]: value for name, value in row.items()}


@csrf_exempt
def enrollments(request, schema):
    if request.method == "POST":
        try:
            body = json.loads(request.body)
            fields = {
                "course_id": body["courseId"],
                "user_id": body["userId"],
                "payment_method": body["paymentMethod"],
            }
        except (ValueError, KeyError, TypeError):
            return HttpResponseBadRequest()
        with schema_context(schema):
            enrollment = Enrollment.objects.create(**fields)
        return _json(_camel({name: getattr(enrollment, name) for name in FIELDS}), 201)

    page_size = min(int(request.GET.get("pageSize", 20)), 100)
    with schema_context(schema):
        rows = Enrollment.objects.filter(course_id=request.GET["courseId"])
        total = rows.count()
        page = [_camel(row) for row in rows.values(*FIELDS)[:page_size]]
    return JsonResponse(
        {"data": page, "pagination": {"totalItems": total}}, encoder=DjangoJSONEncoder
    )


def progress(request, schema, enrollment_id):
    with schema_context(schema):
        row = (
            with_progress(Enrollment.objects.filter(pk=enrollment_id))
            .values(
                "id",
                "completed_at",
                "total_lessons",
                "completed_lessons",
                "last_activity_at",
            )
            .first()
        )
    return _json(
        {
            "enrollmentId": row["id"],
            "progressPercent": progress_percent(
                row["completed_lessons"], row["total_lessons"]
            ),
            "completedLessons": row["completed_lessons"],
            "totalLessons": row["total_lessons"],
            "completedAt": row["completed_at"],
            "lastActivityAt": row["last_activity_at"],
        }
    )


urlpatterns = [
    re_path(rf"^{SCHEMA}/enrollments$", enrollments),
    re_path(rf"^{SCHEMA}/enrollments/(?P<enrollment_id>enr_\w+)/progress$", progress),
]
