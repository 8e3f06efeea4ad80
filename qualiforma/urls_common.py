from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from qualiforma.views import health

# Served on the platform host and on every tenant's host alike.
docs_urlpatterns = [
    path(
        "api/v1/schema",
        SpectacularAPIView.as_view(urlconf="qualiforma.schema_urls"),
        name="schema",
    ),
    path("api/docs", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("healthz", health, name="health"),
]
