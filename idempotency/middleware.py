"""`Idempotency-Key` on POST, with Stripe's semantics.

The first answer to a POST that carries the header is kept for 24 hours,
per tenant (the table lives in its schema), user and key. Sending the key
again with the same request replays that answer; with a different request
it is 409 `idempotency_conflict`. Two requests racing with one key run
once: the second waits on the first one's row lock, then replays.
"""

import hashlib
import json
import logging
import re
from datetime import timedelta

from django.db import connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.pq import TransactionStatus
from rest_framework.exceptions import AuthenticationFailed

from idempotency.models import IdempotencyKey
from qualiforma.auth import TenantJWTAuthentication
from qualiforma.errors import error_response

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
LIFETIME = timedelta(hours=24)
# Answers given before the endpoint ran are not kept, so that the client
# may fix its request and send it again with the same key (as Stripe does).
NOT_KEPT = {400, 401, 413, 415, 429}


def _user_id(request):
    """The user a bearer token authenticates, or None.

    The whole check, database included: a replay must not outlive the
    user's deactivation or the revocation of their tokens.
    """
    try:
        authenticated = TenantJWTAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None
    return None if authenticated is None else authenticated[0].pk


def _fingerprint(request):
    body = request.body
    try:
        # Same parameters, same request, whatever the key order or spacing.
        body = json.dumps(json.loads(body), sort_keys=True).encode()
    except (ValueError, UnicodeDecodeError):
        pass
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), body):
        digest.update(part)
        digest.update(b"\x00")
    return digest.hexdigest()


def _claim(user_id, key, fingerprint):
    """Return the locked row for this key, created when new or stale."""
    IdempotencyKey.objects.filter(
        user_id=user_id, key=key, created_at__lt=timezone.now() - LIFETIME
    ).delete()
    # ON CONFLICT DO NOTHING: waits for a concurrent holder of the key.
    IdempotencyKey.objects.bulk_create(
        [IdempotencyKey(user_id=user_id, key=key, fingerprint=fingerprint)],
        ignore_conflicts=True,
    )
    return IdempotencyKey.objects.select_for_update().get(user_id=user_id, key=key)


def _transaction_failed():
    """Whether a database error the view answered (409, 400) aborted the
    transaction that wraps it, so that nothing more can be written."""
    status = connection.connection.info.transaction_status
    return status == TransactionStatus.INERROR


def _replay(record):
    response = HttpResponse(
        bytes(record.body),
        status=record.status_code,
        content_type=record.content_type or None,
    )
    response[REPLAYED_HEADER] = "true"
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return self.get_response(request)
        if not KEY_PATTERN.fullmatch(key):
            return error_response(
                400,
                "invalid_idempotency_key",
                _(
                    "L'en-tête Idempotency-Key doit compter 1 à 255 caractères "
                    "ASCII visibles, sans espace."
                ),
            )
        user_id = _user_id(request)
        if user_id is None:
            # Anonymous: the view refuses it, or it is a sign-in whose
            # tokens must not be stored.
            return self.get_response(request)

        fingerprint = _fingerprint(request)
        with transaction.atomic():
            record = _claim(user_id, key, fingerprint)
            if record.fingerprint != fingerprint:
                logger.warning("Idempotency key reused with another request")
                return error_response(
                    409,
                    "idempotency_conflict",
                    _("Cette clé d'idempotence a servi pour une autre requête."),
                )
            if record.status_code is not None:
                return _replay(record)

            response = self.get_response(request)
            if response.status_code >= 500 or _transaction_failed():
                transaction.set_rollback(True)
            elif response.status_code in NOT_KEPT or response.streaming:
                record.delete()
            else:
                record.status_code = response.status_code
                record.content_type = response.get("Content-Type", "")
                record.body = response.content
                record.save(update_fields=["status_code", "content_type", "body"])
        return response
