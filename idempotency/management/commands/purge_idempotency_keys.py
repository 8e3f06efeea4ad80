from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from idempotency.middleware import LIFETIME
from idempotency.models import IdempotencyKey
from tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Delete the kept answers older than 24 hours, in the public schema "
        "and every tenant's (run it from cron)."
    )

    def handle(self, *args, **options):
        schemas = [get_public_schema_name()]
        schemas += Tenant.objects.exclude(
            schema_name=get_public_schema_name()
        ).values_list("schema_name", flat=True)
        cutoff = timezone.now() - LIFETIME
        total = 0
        for schema in schemas:
            with schema_context(schema):
                total += IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[
                    0
                ]
        connection.set_schema_to_public()
        self.stdout.write(f"{total} clé(s) d'idempotence expirée(s) supprimée(s).")
