from decimal import Decimal

from rest_framework import serializers

from courses.models import Course, Lesson
from qualiforma.serializers import IdField, StrictSerializer

_PRICE = {"max_digits": 10, "decimal_places": 2, "min_value": Decimal("0")}
_HOURS = {"max_digits": 6, "decimal_places": 1, "min_value": Decimal("0")}
_MAX_INT = 2_147_483_647


class CourseSerializer(serializers.ModelSerializer):
    durationHours = serializers.DecimalField(source="duration_hours", **_HOURS)
    trainerId = serializers.CharField(source="trainer_id", allow_null=True)
    lessonCount = serializers.IntegerField(source="lesson_count")
    createdAt = serializers.DateTimeField(source="created_at")
    updatedAt = serializers.DateTimeField(source="updated_at")
    publishedAt = serializers.DateTimeField(source="published_at", allow_null=True)
    currency = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "id",
            "title",
            "description",
            "status",
            "price",
            "currency",
            "durationHours",
            "trainerId",
            "lessonCount",
            "createdAt",
            "updatedAt",
            "publishedAt",
        ]
        read_only_fields = fields

    def get_currency(self, course) -> str:
        return "EUR"


class CourseWriteSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=20_000, allow_blank=True, required=False
    )
    price = serializers.DecimalField(required=False, **_PRICE)
    durationHours = serializers.DecimalField(
        source="duration_hours", required=False, **_HOURS
    )
    trainerId = IdField(source="trainer_id", allow_null=True, required=False)


class LessonSerializer(serializers.ModelSerializer):
    courseId = serializers.CharField(source="course_id")
    durationMinutes = serializers.IntegerField(source="duration_minutes")
    createdAt = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Lesson
        fields = [
            "id",
            "courseId",
            "title",
            "content",
            "position",
            "durationMinutes",
            "createdAt",
        ]
        read_only_fields = fields


class LessonWriteSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(
        max_length=100_000, allow_blank=True, required=False
    )
    position = serializers.IntegerField(min_value=0, max_value=_MAX_INT, required=False)
    durationMinutes = serializers.IntegerField(
        source="duration_minutes", min_value=0, max_value=_MAX_INT, required=False
    )
