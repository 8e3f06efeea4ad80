"""How django-axes sees a sign-in, and how it answers a locked-out one.

Axes counts failed sign-ins per account and per client address, in the
tenant's schema (its tables are tenant apps), and locks either for a
cool-off period once it reaches the limit.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from qualiforma.errors import ApplicationError, error_response

logger = logging.getLogger(__name__)


class SignInLocked(ApplicationError):
    status = 429
    code = "too_many_attempts"
    message = _(
        "Trop de tentatives de connexion échouées. Réessayez plus tard ou "
        "demandez à un administrateur de débloquer le compte."
    )


def signin_username(request, credentials):
    """The account a sign-in names: `email` on the API, `username` in forms."""
    credentials = credentials or {}
    username = credentials.get("email") or credentials.get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return username.lower() if isinstance(username, str) else username


def client_ip(request):
    """The client's address: REMOTE_ADDR, unless trusted proxies sit in front.

    X-Forwarded-For is read only when QUALIFORMA_TRUSTED_PROXY_COUNT says how
    many proxies append to it; otherwise anyone could pick their address.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def _cool_off_seconds():
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    logger.warning("Sign-in locked out after repeated failures")
    if request.path.startswith("/api/"):
        response = error_response(
            SignInLocked.status,
            SignInLocked.code,
            SignInLocked.message,
            {"retryAfterSeconds": _cool_off_seconds()},
        )
    else:
        response = HttpResponse(
            f"<h1>{_('Connexion bloquée')}</h1><p>{SignInLocked.message}</p>",
            status=SignInLocked.status,
        )
    response["Retry-After"] = str(_cool_off_seconds())
    return response
