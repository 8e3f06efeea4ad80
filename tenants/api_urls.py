"""The platform API under /api/v1/, served on the public schema."""

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.routers import SimpleRouter

from qualiforma.auth_views import LogoutView, TokenObtainView, TokenRefreshView
from tenants.views import TenantViewSet

router = SimpleRouter(trailing_slash="")
router.register("tenants", TenantViewSet, basename="tenant")

platform_tag = extend_schema_view(post=extend_schema(tags=["platform"]))


# Subclasses, so that tagging them leaves the tenants' token views alone.
@platform_tag
class PlatformTokenObtainView(TokenObtainView):
    """Exchange a platform operator's e-mail and password for tokens."""


@platform_tag
class PlatformTokenRefreshView(TokenRefreshView):
    """Exchange a platform operator's refresh token for a new pair."""


@platform_tag
class PlatformLogoutView(LogoutView):
    """Revoke a platform operator's refresh token."""


urlpatterns = [
    path(
        "platform/auth/token",
        PlatformTokenObtainView.as_view(),
        name="platform-token",
    ),
    path(
        "platform/auth/token/refresh",
        PlatformTokenRefreshView.as_view(),
        name="platform-token-refresh",
    ),
    path(
        "platform/auth/logout",
        PlatformLogoutView.as_view(),
        name="platform-logout",
    ),
    *router.urls,
]
