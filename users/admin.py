from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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

    actions = ["unlock"]

    @admin.action(description=_("Débloquer la connexion des comptes choisis"))
    def unlock(self, request, queryset):
        for user in queryset:
            services.user_signin_unlock(user=user)
        self.message_user(
            request, _("%(n)d compte(s) débloqué(s).") % {"n": len(queryset)}
        )

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
# Deleting a failed-attempt record lifts the lock on that account or address.
tenant_admin.register(AccessAttempt, AccessAttemptAdmin)
platform_admin.register(AccessAttempt, AccessAttemptAdmin)
