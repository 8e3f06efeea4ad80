"""URLs of the platform host (public schema)."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from qualiforma.admin_sites import platform_admin
from qualiforma.urls_common import docs_urlpatterns
from qualiforma.views import api_not_found, tenant_required

urlpatterns = [
    *docs_urlpatterns,
    path("api/v1/", include("tenants.api_urls")),
    # Any other API call is a tenant's, and names none.
    re_path(r"^api/v1/(?P<rest>.*)$", tenant_required),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("admin/", platform_admin.urls),
    path("", RedirectView.as_view(url="/api/docs", permanent=False)),
]

if settings.BENCH_BASELINE:
    # The benchmark's bare views; see bench/baseline.py.
    urlpatterns.insert(0, path("bench/", include("bench.baseline")))

handler404 = "qualiforma.views.not_found"
handler500 = "qualiforma.views.server_error"
