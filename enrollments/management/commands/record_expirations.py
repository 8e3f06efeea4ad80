from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, tenant_context

from enrollments.models import Enrollment, EnrollmentEvent
from enrollments.services import enrollment_expiry_record
from tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Record an EXPIRED event for every enrollment whose access has ended, "
        "in every tenant (run it from cron; rerunning records nothing twice)."
    )

    def handle(self, *args, **options):
        total = 0
        tenants = Tenant.objects.exclude(schema_name=get_public_schema_name())
        for tenant in tenants:
            with tenant_context(tenant):
                expired = (
                    Enrollment.objects.filter(expires_at__lte=timezone.now())
                    .exclude(status=Enrollment.Status.REVOKED)
                    .exclude(events__kind=EnrollmentEvent.Kind.EXPIRED)
                )
                for enrollment in expired:
                    total += enrollment_expiry_record(enrollment=enrollment)
        connection.set_schema_to_public()
        self.stdout.write(f"{total} inscription(s) expirée(s) enregistrée(s).")
