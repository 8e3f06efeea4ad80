import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from qualiforma.errors import Conflict, ValidationFailed
from tenants.models import RESERVED_SLUGS, SLUG_PATTERN, Domain, Tenant, schema_name_for
from tenants.template import (
    schema_clone_from_template,
    template_ensure_current,
    template_schema,
)
from users.models import User
from users.services import user_create

logger = logging.getLogger(__name__)


class TenantAlreadyExists(Conflict):
    code = "tenant_exists"


def _validate(slug, name, admin_email):
    errors = {}
    if slug in RESERVED_SLUGS or slug.startswith("pg"):
        errors["slug"] = [_("Cet identifiant est réservé.")]
    elif not re.match(SLUG_PATTERN, slug):
        errors["slug"] = [
            _(
                "Utilisez 3 à 50 lettres minuscules, chiffres ou tirets, "
                "en commençant par une lettre."
            )
        ]
    if not name.strip() or len(name) > 200:
        errors["name"] = [_("Le nom est requis (200 caractères au plus).")]
    try:
        validate_email(admin_email)
    except DjangoValidationError:
        errors["adminEmail"] = [_("Adresse e-mail invalide.")]
    if errors:
        raise ValidationFailed(details=errors)


def tenant_domain_for(slug):
    return f"{slug}.{settings.TENANT_DOMAIN_SUFFIX}"


def tenant_provision(*, slug, name, admin_email, admin_password):
    """Create a tenant with its schema, its domain and its first admin.

    Nothing is left behind when a step fails: the schema is dropped with
    the tenant row.
    """
    _validate(slug, name, admin_email)
    if Tenant.objects.filter(slug=slug).exists():
        raise TenantAlreadyExists(
            _("Le tenant « %(slug)s » existe déjà.") % {"slug": slug},
            details={"slug": slug},
        )

    tenant = Tenant(slug=slug, name=name, schema_name=schema_name_for(slug))
    cloning = template_schema() is not None
    if cloning:
        template_ensure_current()
        tenant.auto_create_schema = False
    try:
        with transaction.atomic():
            # Without a template, saving creates the schema and runs every
            # migration in it (auto_create_schema).
            tenant.save(verbosity=0)
            if cloning:
                schema_clone_from_template(tenant.schema_name)
            Domain.objects.create(
                domain=tenant_domain_for(slug), tenant=tenant, is_primary=True
            )
            with schema_context(tenant.schema_name):
                user_create(
                    email=admin_email,
                    password=admin_password,
                    first_name="",
                    last_name="",
                    role=User.Role.ADMIN,
                )
    except Exception:
        if tenant.pk and Tenant.objects.filter(pk=tenant.pk).exists():
            tenant.delete(force_drop=True)
        raise

    logger.info("Tenant %s provisioned", slug)
    return tenant
