from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from qualiforma.errors import error_response


class BodySizeLimitMiddleware:
    """Refuse oversized bodies with 413 before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(
                400, "malformed_request", _("L'en-tête Content-Length est invalide.")
            )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            return error_response(
                413,
                "request_too_large",
                _("Le corps de la requête dépasse la taille permise."),
                {"maxBytes": limit},
            )
        return self.get_response(request)


class DisplayTimeZoneMiddleware:
    """Show times in the providers' zone on pages and in the admin.

    The API keeps UTC, as its contract says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            timezone.deactivate()
        else:
            timezone.activate(settings.DISPLAY_TIME_ZONE)
        return self.get_response(request)


class NulByteMiddleware:
    """Refuse a NUL byte in a page's path or query with 400.

    PostgreSQL cannot store it, so a lookup with it fails deep in the
    database. The API's converters and serializers refuse it already.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and (
            "\x00" in request.path
            or any("\x00" in value for value in request.GET.values())
        ):
            return HttpResponseBadRequest(
                "<!doctype html><html lang=fr><title>Requête invalide</title>"
                "<h1>Requête invalide</h1></html>"
            )
        return self.get_response(request)
