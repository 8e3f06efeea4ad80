from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from qualiforma.errors import NotFound
from tenants.models import Tenant
from tenants.serializers import TenantCreateSerializer, TenantSerializer
from tenants.services import tenant_provision


class IsPlatformOperator(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_admin)


@extend_schema(tags=["platform"])
class TenantViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Tenants of the platform, for its operators."""

    serializer_class = TenantSerializer
    permission_classes = [IsPlatformOperator]
    queryset = Tenant.objects.prefetch_related("domains")
    lookup_value_regex = r"[a-z0-9-]{1,50}"

    def retrieve(self, request, pk):
        tenant = self.get_queryset().filter(slug=pk).first()
        if tenant is None:
            raise NotFound(details={"tenantId": pk})
        return Response(TenantSerializer(tenant).data)

    @extend_schema(request=TenantCreateSerializer, responses={201: TenantSerializer})
    def create(self, request):
        params = TenantCreateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data

        tenant = tenant_provision(
            slug=data["id"],
            name=data["name"],
            admin_email=data["adminEmail"],
            admin_password=data["adminPassword"],
        )
        tenant = self.get_queryset().get(pk=tenant.pk)
        return Response(TenantSerializer(tenant).data, status=status.HTTP_201_CREATED)
