"""The platform API under /api/v1/, served on the public schema."""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.routers import SimpleRouter

from qualiforma.auth_views import LogoutView, TokenObtainView, TokenRefreshView
from tenants.views import TenantViewSet

router = SimpleRouter(trailing_slash="")
router.register("tenants", TenantViewSet, basename="tenant")

platform_token = extend_schema_view(post=extend_schema(tags=["platform"]))

urlpatterns = [
    path(
        "platform/auth/token",
        platform_token(TokenObtainView).as_view(),
        name="platform-token",
    ),
    path(
        "platform/auth/token/refresh",
        platform_token(TokenRefreshView).as_view(),
        name="platform-token-refresh",
    ),
    path(
        "platform/auth/logout",
        platform_token(LogoutView).as_view(),
        name="platform-logout",
    ),
    *router.urls,
]
