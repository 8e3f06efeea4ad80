from django.contrib import admin

from qualiforma.admin_sites import platform_admin
from tenants.models import Domain, Tenant


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant, site=platform_admin)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "schema_name", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["slug", "name"]
    readonly_fields = ["schema_name", "created_at"]
    inlines = [DomainInline]

    def get_readonly_fields(self, request, obj=None):
        # The slug names the schema: it cannot change once provisioned.
        if obj is not None:
            return [*self.readonly_fields, "slug"]
        return self.readonly_fields

    def has_add_permission(self, request):
        # Provisioning goes through `provision_tenant` or the platform API,
        # which also create the first admin.
        return False


@admin.register(Domain, site=platform_admin)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    search_fields = ["domain", "tenant__slug"]
