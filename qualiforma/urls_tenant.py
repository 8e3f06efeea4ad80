"""URLs of a tenant: its API, its pages and its staff admin."""

from django.urls import include, path, re_path

from qualiforma.admin_sites import tenant_admin
from qualiforma.urls_common import docs_urlpatterns
from qualiforma.views import api_not_found

urlpatterns = [
    *docs_urlpatterns,
    path("api/v1/", include("qualiforma.api_urls")),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("admin/", tenant_admin.urls),
    path("", include("pages.urls")),
]

handler404 = "qualiforma.views.not_found"
handler500 = "qualiforma.views.server_error"
