from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qualiforma.errors import PermissionDenied, ValidationFailed
from qualiforma.ids import ID_PATTERN
from qualiforma.serializers import reject_body
from users import services
from users.models import User
from users.selectors import user_get_for, users_visible_to
from users.serializers import UserCreateSerializer, UserSerializer, UserUpdateSerializer


class UserViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = User.objects.none()  # for the schema; get_queryset scopes it
    lookup_value_regex = ID_PATTERN
    serializer_class = UserSerializer
    filterset_fields = ["role"]

    def get_queryset(self):
        return users_visible_to(self.request.user)

    @extend_schema(responses=UserSerializer)
    def retrieve(self, request, pk):
        return Response(UserSerializer(user_get_for(request.user, pk)).data)

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request):
        if not request.user.is_admin:
            raise PermissionDenied()
        params = UserCreateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data

        user = services.user_create(
            email=data["email"],
            password=data["password"],
            first_name=data["firstName"],
            last_name=data["lastName"],
            role=data["role"],
        )
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserUpdateSerializer, responses=UserSerializer)
    def partial_update(self, request, pk):
        user = user_get_for(request.user, pk)
        params = UserUpdateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        changes = dict(params.validated_data)
        current_password = changes.pop("currentPassword", None)

        if "password" in changes and user.pk == request.user.pk:
            # A stolen access token alone must not take the account over.
            if current_password is None or not user.check_password(current_password):
                raise ValidationFailed(
                    details={"currentPassword": [_("Mot de passe actuel incorrect.")]}
                )
        if not request.user.is_admin:
            # Others may change their own names and password, nothing more.
            if user.pk != request.user.pk or set(changes) - {
                "first_name",
                "last_name",
                "password",
            }:
                raise PermissionDenied()
        if user.pk == request.user.pk and (
            changes.get("is_active") is False
            or changes.get("role", user.role) != user.role
        ):
            raise PermissionDenied(
                _("Vous ne pouvez pas vous désactiver ou changer votre rôle.")
            )

        user = services.user_update(user=user, **changes)
        return Response(UserSerializer(user).data)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk):
        """Lift a sign-in lockout on this account (tenant admins only)."""
        reject_body(request)
        user = user_get_for(request.user, pk)
        if not request.user.is_admin:
            raise PermissionDenied()
        services.user_signin_unlock(user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=UserSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request):
        return Response(UserSerializer(request.user).data)
