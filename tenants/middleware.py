"""Choose the tenant of each request.

API requests name it in the `X-Tenant-ID` header; pages and the admin
are found by host name. A request never falls back to another tenant.
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponseNotFound
from django.urls import set_urlconf
from django.utils.translation import gettext as _

from qualiforma.errors import error_response
from tenants.cache import tenant_cached
from tenants.models import Domain, Tenant

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
TENANT_HEADER = "X-Tenant-ID"


class TenantResolutionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX) and TENANT_HEADER in request.headers:
            tenant = self._tenant_from_header(request.headers[TENANT_HEADER])
        elif request.path.startswith(API_PREFIX):
            tenant = None
        else:
            host = request.get_host().split(":")[0].lower()
            if host in settings.PUBLIC_HOSTS:
                tenant = None
            else:
                tenant = self._tenant_from_host(host)

        if tenant is False and not request.path.startswith(API_PREFIX):
            return HttpResponseNotFound(
                "<!doctype html><html lang=fr><title>Organisme introuvable</title>"
                "<h1>Organisme introuvable</h1><p>Aucun organisme de formation "
                "n'est servi à cette adresse.</p></html>"
            )
        if tenant is False:
            connection.set_schema_to_public()
            return error_response(
                404, "tenant_not_found", _("Ce tenant n'existe pas ou est inactif.")
            )

        if tenant is None:
            connection.set_schema_to_public()
            # The public schema's stand-in tenant, as django-tenants expects.
            request.tenant = connection.tenant
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        else:
            request.tenant = tenant
            _activate(tenant)
            request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        return self.get_response(request)

    @staticmethod
    def _tenant_from_header(slug):
        # Compare before querying so that junk never reaches the database.
        if not slug or len(slug) > 50 or "\x00" in slug:
            return False

        def lookup():
            connection.set_schema_to_public()
            return Tenant.objects.filter(slug=slug, is_active=True).first()

        return tenant_cached(("slug", slug), lookup) or False

    @staticmethod
    def _tenant_from_host(host):
        def lookup():
            connection.set_schema_to_public()
            domain = (
                Domain.objects.select_related("tenant")
                .filter(domain=host, tenant__is_active=True)
                .first()
            )
            return domain.tenant if domain else None

        return tenant_cached(("host", host), lookup) or False


def _activate(tenant):
    if connection.schema_name == tenant.schema_name:
        # A persistent connection that served this tenant last keeps its
        # search_path; django-tenants sets it again only when it changes.
        connection.tenant = tenant
        return
    connection.set_tenant(tenant)
