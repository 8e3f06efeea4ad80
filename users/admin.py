from django.contrib import admin

from qualiforma.admin_sites import ServiceErrorsMixin, platform_admin, tenant_admin
from users import services
from users.forms import UserCreationForm
from users.models import User


class UserAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["id", "email", "first_name", "last_name"]
    ordering = ["email"]
    readonly_fields = ["id", "created_at", "updated_at", "last_login"]
    fields = [
        "id",
        "email",
        "first_name",
        "last_name",
        "role",
        "is_active",
        "last_login",
        "created_at",
        "updated_at",
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UserCreationForm
            kwargs["fields"] = None
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "password", "first_name", "last_name", "role"]
        return self.fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.user_update(
                user=obj, **{name: data[name] for name in form.changed_data}
            )
            return
        created = services.user_create(
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
        )
        obj.pk = created.pk
        obj._state.adding = False


tenant_admin.register(User, UserAdmin)
platform_admin.register(User, UserAdmin)
