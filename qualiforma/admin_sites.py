from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _


class TenantAdminSite(AdminSite):
    site_header = _("QualiForma — administration de l'organisme")
    site_title = _("QualiForma")
    index_title = _("Gestion de l'organisme")
    index_template = "admin/tenant_index.html"
    # The sidebar leaves the enrollments table too narrow for its columns.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        # Imported here: the apps' admin modules import this one.
        from pages.selectors import dashboard_figures

        extra_context = {
            **(extra_context or {}),
            "figures": dashboard_figures(request.user),
        }
        return super().index(request, extra_context)


class PlatformAdminSite(AdminSite):
    site_header = _("QualiForma — administration de la plateforme")
    site_title = _("QualiForma plateforme")
    index_title = _("Organismes et opérateurs")


# Two sites: a tenant's staff must never see the platform's models.
tenant_admin = TenantAdminSite(name="tenant_admin")
platform_admin = PlatformAdminSite(name="platform_admin")


def _describe(exc):
    """The error's message, followed by the fields it names."""
    fields = [
        f"{field} : {' '.join(map(str, errors))}"
        for field, errors in exc.details.items()
        if isinstance(errors, list)
    ]
    return " ".join([str(exc.message), *fields])


class ServiceErrorsMixin:
    """Show a service's refusal as an admin message instead of a 500."""

    def changeform_view(self, request, *args, **kwargs):
        from django.contrib import messages
        from django.http import HttpResponseRedirect

        from qualiforma.errors import ApplicationError

        try:
            return super().changeform_view(request, *args, **kwargs)
        except ApplicationError as exc:
            self.message_user(request, _describe(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def apply_to_each(modeladmin, request, queryset, call, done_message):
    """Run `call(obj)` (a service) on each selected object, reporting each
    refusal and the count of successes as admin messages."""
    from django.contrib import messages

    from qualiforma.errors import ApplicationError

    done = 0
    for obj in queryset:
        try:
            call(obj)
            done += 1
        except ApplicationError as exc:
            modeladmin.message_user(
                request, f"{exc.message} ({obj.pk})", messages.ERROR
            )
    if done:
        modeladmin.message_user(request, done_message % {"n": done}, messages.SUCCESS)
