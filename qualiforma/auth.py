"""JWT bound to a tenant.

Every token names the schema it was issued in (`tenant` claim). A token
shown to another tenant is refused, even where a user with the same id
exists there: ids are only unique inside one schema.
"""

import functools
import logging

from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import (
    BlacklistedToken,
    OutstandingToken,
)
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch, get_md5_hash_password

from qualiforma.errors import ApplicationError
from qualiforma.lockout import SignInLocked
from qualiforma.serializers import StrictSerializer

logger = logging.getLogger(__name__)

TENANT_CLAIM = "tenant"
REVOKE_CLAIM = jwt_settings.REVOKE_TOKEN_CLAIM


class InvalidCredentials(ApplicationError):
    status = 401
    code = "invalid_credentials"
    message = _("Adresse e-mail ou mot de passe incorrect.")


def _current_tenant_claim():
    return connection.schema_name


@functools.cache
def _user_by_id_sql():
    # The model's columns in its fields' order, as Model.from_db takes them.
    meta = get_user_model()._meta
    columns = ", ".join(
        connection.ops.quote_name(field.column) for field in meta.concrete_fields
    )
    return f"SELECT {columns} FROM {meta.db_table} WHERE id = %s"


def _user_by_id(user_id):
    """The user with `user_id` in this tenant, or None.

    Every API request runs this lookup. The statement is written once,
    since the ORM would compile it each time, and the row becomes the user
    as it comes, since a raw queryset maps its columns each time: both cost
    more than the query. None of the user's fields converts what the
    database returns (tests/test_auth.py compares with the ORM's user).
    """
    with connection.cursor() as cursor:
        cursor.execute(_user_by_id_sql(), [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return get_user_model().from_db(connection.alias, None, row)


class TenantJWTAuthentication(JWTAuthentication):
    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        if token.get(TENANT_CLAIM) != _current_tenant_claim():
            logger.warning("Token of another tenant presented")
            raise InvalidToken(_("Ce jeton n'appartient pas à ce tenant."))
        return token

    def get_user(self, validated_token):
        """simplejwt's checks (the user exists, is active, has the password
        the token was issued with) and ours (no revocation since)."""
        user = _user_by_id(validated_token.get("sub"))
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if validated_token.get(REVOKE_CLAIM) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(
                _("The user's password has been changed."), code="password_changed"
            )
        if user.tokens_issued_before_revocation(validated_token.get("iat", 0)):
            raise InvalidToken()
        return user


class TenantJWTScheme(OpenApiAuthenticationExtension):
    target_class = "qualiforma.auth.TenantJWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


def tokens_for(user):
    """Return a fresh access / refresh pair for `user` in this tenant."""
    refresh = RefreshToken.for_user(user)
    refresh[TENANT_CLAIM] = _current_tenant_claim()
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


class TokenObtainSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)

    def validate(self, attrs):
        request = self.context.get("request")
        # django-axes marks the Django request, not DRF's wrapper.
        request = getattr(request, "_request", request)
        user = authenticate(
            request, email=attrs["email"].lower(), password=attrs["password"]
        )
        if getattr(request, "axes_locked_out", False):
            raise SignInLocked()
        if user is None:
            raise InvalidCredentials()
        return {"user": user}


def _refresh_token(raw):
    """Return the valid, unrevoked refresh token of this tenant in `raw`."""
    try:
        # Also refuses a revoked token (simplejwt's blacklist check).
        refresh = RefreshToken(raw)
    except TokenError:
        raise InvalidToken() from None
    if refresh.get(TENANT_CLAIM) != _current_tenant_claim():
        raise InvalidToken(_("Ce jeton n'appartient pas à ce tenant."))
    return refresh


def refresh_token_revoke(refresh):
    """Revoke `refresh`; return False when it already was revoked."""
    outstanding, _ = OutstandingToken.objects.get_or_create(
        jti=refresh["jti"],
        defaults={
            "user_id": refresh.get("sub"),
            "token": str(refresh),
            "created_at": timezone.now(),
            "expires_at": datetime_from_epoch(refresh["exp"]),
        },
    )
    try:
        # The one-to-one row settles two requests spending the same token at
        # once: only one of them revokes it, the other is refused.
        with transaction.atomic():
            BlacklistedToken.objects.create(token=outstanding)
    except IntegrityError:
        return False
    return True


def user_tokens_revoke(user):
    """Revoke every refresh token `user` holds in this tenant."""
    pending = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    revoked = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in pending], ignore_conflicts=True
    )
    logger.info("Revoked %d refresh token(s) of user %s", len(revoked), user.pk)


class TokenRefreshSerializer(StrictSerializer):
    refresh = serializers.CharField(max_length=4096)

    def validate(self, attrs):
        refresh = _refresh_token(attrs["refresh"])
        user = (
            get_user_model()
            .objects.filter(pk=refresh.get("sub"), is_active=True)
            .first()
        )
        if user is None:
            raise InvalidToken()
        return {"user": user, "refresh": refresh}


class LogoutSerializer(StrictSerializer):
    refresh = serializers.CharField(max_length=4096)

    def validate(self, attrs):
        return {"refresh": _refresh_token(attrs["refresh"])}


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
