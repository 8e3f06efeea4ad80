"""Views the two URLconfs share: API errors outside DRF, and a health check."""

from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from qualiforma.errors import error_response


def _is_api(request):
    return request.path.startswith("/api/")


# API clients send no CSRF token; these views only ever answer an error.
@csrf_exempt
def tenant_required(request, rest=None):
    return error_response(
        400,
        "tenant_required",
        _("L'en-tête X-Tenant-ID est requis pour cet appel."),
    )


@csrf_exempt
def api_not_found(request, rest=None):
    """Unknown API routes, in the envelope even when DEBUG is on."""
    return error_response(404, "not_found", _("Ressource introuvable."))


def not_found(request, exception=None):
    if _is_api(request):
        return error_response(404, "not_found", _("Ressource introuvable."))
    return render(request, "404.html", status=404)


def server_error(request):
    if _is_api(request):
        return error_response(500, "server_error", _("Erreur interne du serveur."))
    return HttpResponseServerError("<h1>Erreur interne du serveur</h1>")


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"data": {"status": "ok"}})
