from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from enrollments import services
from enrollments.admin_filters import AccessFilter
from enrollments.forms import EnrollmentCreationForm
from enrollments.models import Enrollment, EnrollmentEvent, LessonCompletion
from enrollments.selectors import progress_percent, with_progress
from qualiforma.admin_sites import ServiceErrorsMixin, apply_to_each, tenant_admin


class LessonCompletionInline(admin.TabularInline):
    model = LessonCompletion
    extra = 0
    fields = ["lesson", "completed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class _ReadOnly:
    """Evidence: shown, never added, changed or deleted from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


EVENT_FIELDS = ["occurred_at", "kind", "source", "actor", "details"]


class EnrollmentEventInline(_ReadOnly, admin.TabularInline):
    model = EnrollmentEvent
    extra = 0
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS
    ordering = ["occurred_at", "id"]


@admin.register(EnrollmentEvent, site=tenant_admin)
class EnrollmentEventAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["occurred_at", "enrollment", "kind", "source", "actor"]
    list_filter = ["kind", "source"]
    search_fields = ["enrollment__id", "enrollment__user__email"]
    list_select_related = ["enrollment", "actor"]
    fields = ["enrollment", *EVENT_FIELDS]
    readonly_fields = fields
    date_hierarchy = "occurred_at"

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_admin


def _transition(modeladmin, request, queryset, service, done_message):
    apply_to_each(
        modeladmin,
        request,
        queryset,
        lambda enrollment: service(
            actor=request.user,
            enrollment=enrollment,
            source=EnrollmentEvent.Source.ADMIN,
        ),
        done_message,
    )


@admin.register(Enrollment, site=tenant_admin)
class EnrollmentAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "user",
        "course",
        "status",
        "progress",
        "payment_method",
        "enrolled_at",
        "expires_at",
    ]
    list_filter = [
        "status",
        ("course", admin.RelatedOnlyFieldListFilter),
        AccessFilter,
        "payment_method",
    ]
    search_fields = ["id", "user__email", "user__last_name", "course__title"]
    list_select_related = ["user", "course"]
    readonly_fields = [
        "id",
        "course",
        "user",
        "status",
        "payment_method",
        "payment",
        "enrolled_at",
        "completed_at",
        "expires_at",
        "progress",
    ]
    inlines = [LessonCompletionInline, EnrollmentEventInline]
    actions = ["suspend", "reactivate", "revoke"]

    def get_queryset(self, request):
        enrollments = with_progress(super().get_queryset(request))
        if request.user.is_admin:
            return enrollments
        return enrollments.filter(course__trainer=request.user)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = EnrollmentCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return EnrollmentCreationForm.Meta.fields
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        # Evidence for the Qualiopi audit: enrollments are revoked, not deleted.
        return False

    @admin.display(description=_("progression"))
    def progress(self, enrollment):
        if not hasattr(enrollment, "total_lessons"):
            return "—"
        percent = progress_percent(
            enrollment.completed_lessons, enrollment.total_lessons
        )
        return (
            f"{percent} % ({enrollment.completed_lessons}/{enrollment.total_lessons})"
        )

    def save_model(self, request, obj, form, change):
        if change:
            # Every field is read-only; changes go through the actions.
            return
        data = form.cleaned_data
        payment = data.get("payment")
        created = services.enrollment_create(
            actor=request.user,
            course=data["course"],
            user=data["user"],
            payment_method=data["payment_method"],
            payment_id=payment.pk if payment else None,
            expires_at=data.get("expires_at"),
            source=EnrollmentEvent.Source.ADMIN,
        )
        obj.pk = created.pk
        obj._state.adding = False

    @admin.action(description=_("Suspendre les inscriptions choisies"))
    def suspend(self, request, queryset):
        _transition(
            self,
            request,
            queryset,
            services.enrollment_suspend,
            _("%(n)d suspendue(s)."),
        )

    @admin.action(description=_("Réactiver les inscriptions choisies"))
    def reactivate(self, request, queryset):
        _transition(
            self,
            request,
            queryset,
            services.enrollment_reactivate,
            _("%(n)d réactivée(s)."),
        )

    @admin.action(description=_("Révoquer les inscriptions choisies"))
    def revoke(self, request, queryset):
        _transition(
            self, request, queryset, services.enrollment_revoke, _("%(n)d révoquée(s).")
        )
