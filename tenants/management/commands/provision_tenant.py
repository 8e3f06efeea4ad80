from django.core.management.base import BaseCommand, CommandError

from qualiforma.errors import ApplicationError
from tenants.services import tenant_domain_for, tenant_provision


class Command(BaseCommand):
    help = "Create a tenant: its schema, its domain and its first admin."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-password", required=True)

    def handle(self, *args, slug, name, admin_email, admin_password, **options):
        try:
            tenant_provision(
                slug=slug,
                name=name,
                admin_email=admin_email,
                admin_password=admin_password,
            )
        except ApplicationError as exc:
            details = "; ".join(
                f"{field}: {' '.join(map(str, errors))}"
                for field, errors in exc.details.items()
                if isinstance(errors, list)
            )
            message = f"{exc.message} {details}".strip()
            raise CommandError(f"{message} Rien n'a été modifié.") from None

        self.stdout.write(
            self.style.SUCCESS(
                f"Tenant « {slug} » créé : http://{tenant_domain_for(slug)}:8000/admin/"
            )
        )
