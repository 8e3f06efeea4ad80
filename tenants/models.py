from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

SLUG_PATTERN = r"^[a-z][a-z0-9-]{1,48}[a-z0-9]$"
# Schema names PostgreSQL or the platform keep for themselves.
RESERVED_SLUGS = {"public", "information-schema", "www", "api", "admin", "static"}


def schema_name_for(slug):
    return slug.replace("-", "_")


class Tenant(TenantMixin):
    slug = models.CharField(
        _("identifiant"),
        max_length=50,
        unique=True,
        validators=[RegexValidator(SLUG_PATTERN)],
    )
    name = models.CharField(_("nom"), max_length=200)
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = True

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["slug"]

    def __str__(self):
        return f"{self.name} ({self.slug})"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")

    def __str__(self):
        return self.domain
