from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from courses import services
from courses.models import Course, Lesson
from courses.selectors import course_get_for, courses_visible_to, lesson_get_for
from courses.serializers import (
    CourseSerializer,
    CourseWriteSerializer,
    LessonSerializer,
    LessonWriteSerializer,
)
from qualiforma.errors import NotFound
from qualiforma.ids import ID_PATTERN
from qualiforma.serializers import reject_body
from users.models import User


def _resolve_trainer(changes):
    """Swap the `trainer_id` parsed from the body for the user it names."""
    if "trainer_id" not in changes:
        return changes
    trainer_id = changes.pop("trainer_id")
    trainer = None
    if trainer_id is not None:
        trainer = User.objects.filter(pk=trainer_id).first()
        if trainer is None:
            raise NotFound(details={"trainerId": trainer_id})
    changes["trainer"] = trainer
    return changes


def _fresh(actor, course):
    """Reload a course with its read annotations after a write."""
    return course_get_for(actor, course.pk)


class CourseViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Course.objects.none()  # for the schema; get_queryset scopes it
    lookup_value_regex = ID_PATTERN
    serializer_class = CourseSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return courses_visible_to(self.request.user)

    @extend_schema(responses=CourseSerializer)
    def retrieve(self, request, pk):
        return Response(CourseSerializer(course_get_for(request.user, pk)).data)

    @extend_schema(request=CourseWriteSerializer, responses={201: CourseSerializer})
    def create(self, request):
        params = CourseWriteSerializer(data=request.data)
        params.is_valid(raise_exception=True)

        course = services.course_create(
            actor=request.user, **_resolve_trainer(dict(params.validated_data))
        )
        return Response(
            CourseSerializer(_fresh(request.user, course)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=CourseWriteSerializer, responses=CourseSerializer)
    def partial_update(self, request, pk):
        course = course_get_for(request.user, pk)
        params = CourseWriteSerializer(data=request.data, partial=True)
        params.is_valid(raise_exception=True)

        course = services.course_update(
            actor=request.user,
            course=course,
            **_resolve_trainer(dict(params.validated_data)),
        )
        return Response(CourseSerializer(_fresh(request.user, course)).data)

    @extend_schema(request=None, responses=CourseSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk):
        reject_body(request)
        course = services.course_publish(
            actor=request.user, course=course_get_for(request.user, pk)
        )
        return Response(CourseSerializer(_fresh(request.user, course)).data)

    @extend_schema(request=None, responses=CourseSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk):
        reject_body(request)
        course = services.course_archive(
            actor=request.user, course=course_get_for(request.user, pk)
        )
        return Response(CourseSerializer(_fresh(request.user, course)).data)


class LessonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_PATTERN
    serializer_class = LessonSerializer
    queryset = Lesson.objects.none()

    def _course(self):
        return course_get_for(self.request.user, self.kwargs["course_pk"])

    def get_queryset(self):
        return self._course().lessons.all()

    @extend_schema(responses=LessonSerializer)
    def retrieve(self, request, course_pk, pk):
        lesson = lesson_get_for(request.user, self._course(), pk)
        return Response(LessonSerializer(lesson).data)

    @extend_schema(request=LessonWriteSerializer, responses={201: LessonSerializer})
    def create(self, request, course_pk):
        course = self._course()
        params = LessonWriteSerializer(data=request.data)
        params.is_valid(raise_exception=True)

        lesson = services.lesson_create(
            actor=request.user, course=course, **params.validated_data
        )
        return Response(LessonSerializer(lesson).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LessonWriteSerializer, responses=LessonSerializer)
    def partial_update(self, request, course_pk, pk):
        lesson = lesson_get_for(request.user, self._course(), pk)
        params = LessonWriteSerializer(data=request.data, partial=True)
        params.is_valid(raise_exception=True)

        lesson = services.lesson_update(
            actor=request.user, lesson=lesson, **params.validated_data
        )
        return Response(LessonSerializer(lesson).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, course_pk, pk):
        lesson = lesson_get_for(request.user, self._course(), pk)
        services.lesson_delete(actor=request.user, lesson=lesson)
        return Response(status=status.HTTP_204_NO_CONTENT)
