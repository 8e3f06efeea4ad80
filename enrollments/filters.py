import django_filters

from enrollments.models import Enrollment
from qualiforma.ids import MAX_ID_LENGTH


class EnrollmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Enrollment.Status.choices)
    courseId = django_filters.CharFilter(
        field_name="course_id", max_length=MAX_ID_LENGTH
    )
    userId = django_filters.CharFilter(field_name="user_id", max_length=MAX_ID_LENGTH)

    class Meta:
        model = Enrollment
        fields = ["status", "courseId", "userId"]
