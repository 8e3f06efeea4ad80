from rest_framework import serializers

from qualiforma.serializers import StrictSerializer
from tenants.models import Tenant


class TenantSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="slug")
    isActive = serializers.BooleanField(source="is_active")
    createdAt = serializers.DateTimeField(source="created_at")
    domains = serializers.SerializerMethodField()

    class Meta:
        model = Tenant
        fields = ["id", "name", "isActive", "createdAt", "domains"]
        read_only_fields = fields

    def get_domains(self, tenant) -> list[str]:
        return [domain.domain for domain in tenant.domains.all()]


class TenantCreateSerializer(StrictSerializer):
    id = serializers.CharField(max_length=50)
    name = serializers.CharField(max_length=200)
    adminEmail = serializers.EmailField(max_length=254)
    adminPassword = serializers.CharField(max_length=128, trim_whitespace=False)
