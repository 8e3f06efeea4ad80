from django.contrib import admin

from payments.models import Payment
from qualiforma.admin_sites import tenant_admin


@admin.register(Payment, site=tenant_admin)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "course", "provider", "amount", "status"]
    list_filter = ["provider", "status"]
    search_fields = ["id", "user__email", "course__title", "provider_reference"]
    autocomplete_fields = ["user", "course"]
    readonly_fields = ["id", "created_at"]
