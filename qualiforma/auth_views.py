from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from qualiforma.auth import (
    LogoutSerializer,
    TokenObtainSerializer,
    TokenPairSerializer,
    TokenRefreshSerializer,
    tokens_for,
)


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


@extend_schema(
    request=TokenRefreshSerializer, responses=TokenPairSerializer, tags=["auth"]
)
class TokenRefreshView(_TokenView):
    """Exchange a refresh token for a new pair."""

    params_class = TokenRefreshSerializer


@extend_schema(request=LogoutSerializer, responses={204: None}, tags=["auth"])
class LogoutView(_TokenView):
    """Sign out: revoke the refresh token given."""

    params_class = LogoutSerializer

    def answer(self, validated):
        return Response(status=status.HTTP_204_NO_CONTENT)
