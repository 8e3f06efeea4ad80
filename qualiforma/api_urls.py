"""The tenant API under /api/v1/."""

from django.urls import path, register_converter
from rest_framework.routers import SimpleRouter

from courses.views import CourseViewSet, LessonViewSet
from enrollments.views import EnrollmentViewSet
from qualiforma.auth_views import LogoutView, TokenObtainView, TokenRefreshView
from qualiforma.ids import IdConverter
from users.views import UserViewSet

register_converter(IdConverter, "id")


class Router(SimpleRouter):
    def __init__(self):
        super().__init__(trailing_slash="")


router = Router()
router.register("users", UserViewSet, basename="user")
router.register("courses", CourseViewSet, basename="course")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")

lesson_list = LessonViewSet.as_view({"get": "list", "post": "create"})
lesson_detail = LessonViewSet.as_view(
    {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
)

urlpatterns = [
    path("auth/token", TokenObtainView.as_view(), name="token"),
    path("auth/token/refresh", TokenRefreshView.as_view(), name="token-refresh"),
    path("auth/logout", LogoutView.as_view(), name="logout"),
    path("courses/<id:course_pk>/lessons", lesson_list, name="lesson-list"),
    path("courses/<id:course_pk>/lessons/<id:pk>", lesson_detail, name="lesson-detail"),
    *router.urls,
]
