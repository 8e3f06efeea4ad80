"""The one application error and the handler that renders every error.

Every API error leaves as `{"error": {"code", "message", "details"}}`.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    status = 400
    code = "bad_request"
    message = _("La requête est invalide.")

    def __init__(self, message=None, *, code=None, status=None, details=None):
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details = details or {}
        super().__init__(str(self.message))


class ValidationFailed(ApplicationError):
    status = 400
    code = "validation_error"
    message = _("Certains champs sont invalides.")


class NotAuthenticated(ApplicationError):
    status = 401
    code = "not_authenticated"
    message = _("Authentification requise.")


class PermissionDenied(ApplicationError):
    status = 403
    code = "permission_denied"
    message = _("Vous n'avez pas le droit d'effectuer cette action.")


class NotFound(ApplicationError):
    status = 404
    code = "not_found"
    message = _("Ressource introuvable.")


class Conflict(ApplicationError):
    status = 409
    code = "conflict"
    message = _("La requête est en conflit avec l'état actuel.")


class InvalidTransition(Conflict):
    code = "invalid_transition"
    message = _("Cette transition n'est pas permise dans l'état actuel.")


class PaymentRequired(ApplicationError):
    status = 402
    code = "payment_required"
    message = _("Un paiement confirmé est requis.")


def error_body(code, message, details=None):
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def error_response(status, code, message, details=None):
    """A plain Django response in the envelope, for middleware and handlers."""
    return JsonResponse(
        error_body(code, message, details),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


# DRF's own exceptions, mapped to our codes.
_DRF_CODES = [
    (InvalidToken, "invalid_token"),
    (drf.NotAuthenticated, "not_authenticated"),
    (drf.AuthenticationFailed, "authentication_failed"),
    (drf.PermissionDenied, "permission_denied"),
    (drf.NotFound, "not_found"),
    (drf.ValidationError, "validation_error"),
    (drf.ParseError, "malformed_request"),
    (drf.MethodNotAllowed, "method_not_allowed"),
    (drf.NotAcceptable, "not_acceptable"),
    (drf.UnsupportedMediaType, "unsupported_media_type"),
    (drf.Throttled, "rate_limited"),
]

# DRF's and simplejwt's own messages are English and, for tokens, nested
# dicts; the API answers in French with one message per code.
_DRF_MESSAGES = {
    "validation_error": ValidationFailed.message,
    "invalid_token": _("Le jeton est invalide ou expiré."),
    "not_authenticated": NotAuthenticated.message,
    "authentication_failed": _("Authentification refusée."),
    "permission_denied": PermissionDenied.message,
    "not_found": NotFound.message,
    "method_not_allowed": _("Méthode non permise pour cette ressource."),
    "not_acceptable": _("Format de réponse non disponible."),
    "unsupported_media_type": _("Le corps doit être du JSON (application/json)."),
    "rate_limited": _("Trop de requêtes ; réessayez plus tard."),
    "malformed_request": _("Le corps de la requête n'est pas un JSON valide."),
}


def _drf_error(exc):
    code = next((c for cls, c in _DRF_CODES if isinstance(exc, cls)), "error")
    if isinstance(exc, drf.ValidationError):
        detail = exc.detail
        details = detail if isinstance(detail, dict) else {"nonFieldErrors": detail}
        return code, _DRF_MESSAGES[code], details
    if isinstance(exc, drf.ParseError):
        return code, _DRF_MESSAGES[code], {"reason": str(exc.detail)}
    if code in _DRF_MESSAGES:
        return code, _DRF_MESSAGES[code], {}
    detail = exc.detail
    return code, detail if isinstance(detail, str) else str(exc), {}


def _normalise(exc):
    """Turn Django's and the database's errors into DRF or our own."""
    if isinstance(exc, Http404):
        return NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        details = exc.message_dict if hasattr(exc, "error_dict") else {}
        return ValidationFailed(details=details)
    if isinstance(exc, TokenError):
        return InvalidToken()
    if isinstance(exc, IntegrityError):
        logger.warning("Integrity error reached the API: %s", exc)
        return Conflict()
    if isinstance(exc, DataError):
        logger.warning("Data error reached the API: %s", exc)
        return ValidationFailed(_("Une valeur est hors des limites permises."))
    return exc


def exception_handler(exc, context):
    exc = _normalise(exc)

    if isinstance(exc, ApplicationError):
        response = Response(
            error_body(exc.code, exc.message, exc.details), status=exc.status
        )
    else:
        # Imported here: rest_framework.views loads our auth classes, which
        # import this module.
        from rest_framework.views import exception_handler as drf_exception_handler

        response = drf_exception_handler(exc, context)
        if response is None:
            return None
        code, message, details = _drf_error(exc)
        response.data = error_body(code, message, details)

    response.enveloped = True
    return response
