from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SOON = timedelta(days=30)


class AccessFilter(admin.SimpleListFilter):
    """Filter on what the expiry date means for the learner's access."""

    title = _("accès")
    parameter_name = "access"

    def lookups(self, request, model_admin):
        return [
            ("expired", _("Expiré")),
            ("soon", _("Expire sous 30 jours")),
            ("open", _("En cours de validité")),
            ("unlimited", _("Sans limite")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        conditions = {
            "expired": Q(expires_at__lte=now),
            "soon": Q(expires_at__gt=now, expires_at__lte=now + SOON),
            "open": Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            "unlimited": Q(expires_at__isnull=True),
        }
        if self.value() not in conditions:
            return queryset
        return queryset.filter(conditions[self.value()])
