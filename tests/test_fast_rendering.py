"""Serializers that build their answer directly must answer exactly what
their declared DRF fields would."""

from datetime import UTC, datetime, timedelta, timezone

from rest_framework import serializers

from enrollments.serializers import EnrollmentSerializer

from .factories import CourseFactory, EnrollmentFactory

PARIS_SUMMER = timezone(timedelta(hours=2))


def test_enrollment_rendering_matches_its_fields(alpha, alice):
    enrollment = EnrollmentFactory(
        course=CourseFactory(),
        user=alice,
        status="COMPLETED",
        enrolled_at=datetime(2026, 6, 1, 9, 30, 15, 123456, tzinfo=PARIS_SUMMER),
        completed_at=datetime(2026, 6, 2, 23, 59, 59, 999999, tzinfo=UTC),
        expires_at=None,
    )
    enrollment.refresh_from_db()

    fast = EnrollmentSerializer(enrollment).data
    by_fields = serializers.ModelSerializer.to_representation(
        EnrollmentSerializer(), enrollment
    )

    assert fast == dict(by_fields)
    assert fast["enrolledAt"] == "2026-06-01T07:30:15Z"
