from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from courses import services
from courses.models import Course, Lesson
from qualiforma.admin_sites import ServiceErrorsMixin, apply_to_each, tenant_admin


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ["position", "title", "duration_minutes"]
    ordering = ["position"]

    class Media:
        js = ["js/admin-lesson-order.js"]
        css = {"all": ["css/admin.css"]}


def _run(modeladmin, request, queryset, service, done_message):
    apply_to_each(
        modeladmin,
        request,
        queryset,
        lambda course: service(actor=request.user, course=course),
        done_message,
    )


@admin.register(Course, site=tenant_admin)
class CourseAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = ["title", "status", "price", "duration_hours", "trainer"]
    list_filter = ["status"]
    search_fields = ["id", "title"]
    readonly_fields = ["id", "status", "published_at", "created_at", "updated_at"]
    autocomplete_fields = ["trainer"]
    inlines = [LessonInline]
    actions = ["publish", "archive"]

    def get_queryset(self, request):
        courses = super().get_queryset(request).select_related("trainer")
        if request.user.is_admin:
            return courses
        return courses.filter(trainer=request.user)

    @admin.action(description=_("Publier les formations choisies"))
    def publish(self, request, queryset):
        _run(self, request, queryset, services.course_publish, _("%(n)d publiée(s)."))

    @admin.action(description=_("Archiver les formations choisies"))
    def archive(self, request, queryset):
        _run(self, request, queryset, services.course_archive, _("%(n)d archivée(s)."))

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.COURSE_FIELDS
        }
        if change:
            services.course_update(actor=request.user, course=obj, **data)
        else:
            course = services.course_create(actor=request.user, **data)
            obj.pk = course.pk
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        if formset.model is not Lesson:
            return super().save_formset(request, form, formset, change)

        # What formset.save() would have recorded, for the admin's history.
        formset.new_objects, formset.changed_objects = [], []
        formset.deleted_objects = []
        course = Course.objects.get(pk=form.instance.pk)
        for lesson_form in formset.forms:
            lesson = lesson_form.instance
            if lesson_form in formset.deleted_forms:
                if not lesson._state.adding:
                    services.lesson_delete(actor=request.user, lesson=lesson)
                    formset.deleted_objects.append(lesson)
                continue
            if not lesson_form.has_changed():
                continue
            data = {
                name: lesson_form.cleaned_data[name]
                for name in lesson_form.changed_data
                if name in services.LESSON_FIELDS
            }
            if lesson._state.adding:
                created = services.lesson_create(
                    actor=request.user, course=course, **data
                )
                formset.new_objects.append(created)
            else:
                services.lesson_update(actor=request.user, lesson=lesson, **data)
                formset.changed_objects.append((lesson, lesson_form.changed_data))
