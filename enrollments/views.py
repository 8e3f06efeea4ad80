from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from courses.models import Lesson
from enrollments import services
from enrollments.filters import EnrollmentFilter
from enrollments.models import Enrollment
from enrollments.selectors import (
    enrollment_events_get_for,
    enrollment_get_for,
    enrollment_progress,
    enrollments_visible_to,
)
from enrollments.serializers import (
    EnrollmentCreateSerializer,
    EnrollmentEventSerializer,
    EnrollmentSerializer,
    ProgressSerializer,
)
from qualiforma.errors import NotFound
from qualiforma.ids import ID_PATTERN
from qualiforma.serializers import reject_body


def _progress_response(actor, enrollment_id):
    enrollment = enrollment_get_for(actor, enrollment_id, progress=True)
    return Response(ProgressSerializer(enrollment_progress(enrollment)).data)


class EnrollmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Enrollment.objects.none()  # for the schema; get_queryset scopes it
    lookup_value_regex = ID_PATTERN
    serializer_class = EnrollmentSerializer
    filterset_class = EnrollmentFilter

    def get_queryset(self):
        return enrollments_visible_to(self.request.user)

    @extend_schema(responses=EnrollmentSerializer)
    def retrieve(self, request, pk):
        enrollment = enrollment_get_for(request.user, pk)
        return Response(EnrollmentSerializer(enrollment).data)

    @extend_schema(
        request=EnrollmentCreateSerializer, responses={201: EnrollmentSerializer}
    )
    def create(self, request):
        params = EnrollmentCreateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data

        enrollment = services.enrollment_create_by_ids(
            actor=request.user,
            course_id=data["courseId"],
            user_id=data["userId"],
            payment_method=data["paymentMethod"],
            payment_id=data["paymentId"],
            expires_at=data["expiresAt"],
        )
        return Response(
            EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses=ProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request, pk):
        return _progress_response(request.user, pk)

    @extend_schema(request=None, responses=ProgressSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"lessons/(?P<lesson_id>{ID_PATTERN})/complete",
    )
    def complete_lesson(self, request, pk, lesson_id):
        reject_body(request)
        enrollment = enrollment_get_for(request.user, pk)
        lesson = Lesson.objects.filter(
            pk=lesson_id, course=enrollment.course_id
        ).first()
        if lesson is None:
            raise NotFound(details={"lessonId": lesson_id})

        services.lesson_complete(
            actor=request.user, enrollment=enrollment, lesson=lesson
        )
        return _progress_response(request.user, pk)

    @extend_schema(responses=EnrollmentEventSerializer(many=True))
    @action(detail=True, methods=["get"], filterset_class=None, filter_backends=[])
    def events(self, request, pk):
        """The enrollment's history, oldest first (tenant admins only)."""
        events = self.paginate_queryset(enrollment_events_get_for(request.user, pk))
        return self.get_paginated_response(
            EnrollmentEventSerializer(events, many=True).data
        )

    def _transition(self, service, pk):
        reject_body(self.request)
        enrollment = enrollment_get_for(self.request.user, pk)
        enrollment = service(actor=self.request.user, enrollment=enrollment)
        return Response(EnrollmentSerializer(enrollment).data)

    @extend_schema(request=None, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk):
        return self._transition(services.enrollment_suspend, pk)

    @extend_schema(request=None, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk):
        return self._transition(services.enrollment_reactivate, pk)

    @extend_schema(request=None, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk):
        return self._transition(services.enrollment_revoke, pk)
