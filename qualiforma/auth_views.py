import logging

from django.contrib.auth import user_logged_in
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken

from qualiforma.auth import (
    LogoutSerializer,
    TokenObtainSerializer,
    TokenPairSerializer,
    TokenRefreshSerializer,
    refresh_token_revoke,
    tokens_for,
)

logger = logging.getLogger(__name__)


class _TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    params_class = None

    def get_authenticate_header(self, request):
        # Without it DRF turns a refused refresh token into a 403.
        return 'Bearer realm="api"'

    def post(self, request):
        params = self.params_class(data=request.data, context={"request": request})
        params.is_valid(raise_exception=True)
        return self.answer(params.validated_data)

    def answer(self, validated):
        return Response(tokens_for(validated["user"]))


@extend_schema(
    request=TokenObtainSerializer, responses=TokenPairSerializer, tags=["auth"]
)
class TokenObtainView(_TokenView):
    """Exchange an e-mail and password for an access and a refresh token."""

    params_class = TokenObtainSerializer

    def answer(self, validated):
        user = validated["user"]
        # A token pair is a sign-in: axes forgets the account's failures.
        user_logged_in.send(sender=type(user), request=self.request._request, user=user)
        return super().answer(validated)


@extend_schema(
    request=TokenRefreshSerializer, responses=TokenPairSerializer, tags=["auth"]
)
class TokenRefreshView(_TokenView):
    """Exchange a refresh token for a new pair."""

    params_class = TokenRefreshSerializer

    def answer(self, validated):
        # Rotation: the token just used is spent, a new pair replaces it.
        if not refresh_token_revoke(validated["refresh"]):
            logger.warning("Refresh token of user %s spent twice", validated["user"].pk)
            raise InvalidToken()
        return super().answer(validated)


@extend_schema(request=LogoutSerializer, responses={204: None}, tags=["auth"])
class LogoutView(_TokenView):
    """Sign out: revoke the refresh token given."""

    params_class = LogoutSerializer

    def answer(self, validated):
        refresh_token_revoke(validated["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)
