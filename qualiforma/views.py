"""Views the two URLconfs share: API errors outside DRF, and a health check."""

from django.db import connection
from django.http import HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from qualiforma.errors import error_response


def _is_api(request):
    return request.path.startswith("/api/")


# The API takes no cookies; without this a POST got CSRF's HTML 403 instead.
@csrf_exempt
def tenant_required(request, rest=None):
    return error_response(
        400,
        "tenant_required",
        _("L'en-tête X-Tenant-ID est requis pour cet appel."),
    )


def not_found(request, exception=None):
    if _is_api(request):
        return error_response(404, "not_found", _("Ressource introuvable."))
    return HttpResponseNotFound("<h1>Page introuvable</h1>")


def server_error(request):
    if _is_api(request):
        return error_response(500, "server_error", _("Erreur interne du serveur."))
    return HttpResponseServerError("<h1>Erreur interne du serveur</h1>")


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"data": {"status": "ok"}})
