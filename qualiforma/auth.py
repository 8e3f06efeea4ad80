"""JWT bound to a tenant.

Every token names the schema it was issued in (`tenant` claim). A token
shown to another tenant is refused, even where a user with the same id
exists there: ids are only unique inside one schema.
"""

import logging

from django.contrib.auth import authenticate, get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from qualiforma.errors import ApplicationError
from qualiforma.serializers import StrictSerializer

logger = logging.getLogger(__name__)

TENANT_CLAIM = "tenant"


class InvalidCredentials(ApplicationError):
    status = 401
    code = "invalid_credentials"
    message = _("Adresse e-mail ou mot de passe incorrect.")


def _current_tenant_claim():
    return connection.schema_name


class TenantJWTAuthentication(JWTAuthentication):
    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        if token.get(TENANT_CLAIM) != _current_tenant_claim():
            logger.warning("Token of another tenant presented")
            raise InvalidToken(_("Ce jeton n'appartient pas à ce tenant."))
        return token


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
        user = authenticate(
            self.context.get("request"),
            email=attrs["email"].lower(),
            password=attrs["password"],
        )
        if user is None:
            raise InvalidCredentials()
        return {"user": user}


class TokenRefreshSerializer(StrictSerializer):
    refresh = serializers.CharField(max_length=4096)

    def validate(self, attrs):
        try:
            refresh = RefreshToken(attrs["refresh"])
        except TokenError:
            raise InvalidToken() from None
        if refresh.get(TENANT_CLAIM) != _current_tenant_claim():
            raise InvalidToken(_("Ce jeton n'appartient pas à ce tenant."))

        user = (
            get_user_model()
            .objects.filter(pk=refresh.get("sub"), is_active=True)
            .first()
        )
        if user is None:
            raise InvalidToken()
        return {"user": user}


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
