"""Every API route, tenant and platform, for the OpenAPI schema."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("qualiforma.api_urls")),
    path("api/v1/", include("tenants.api_urls")),
]
