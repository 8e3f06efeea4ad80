"""Leave the demo tenant of the public docs in place; safe to rerun."""

from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from courses import services as course_services
from courses.models import Course
from tenants.models import Tenant
from tenants.services import tenant_domain_for, tenant_provision
from users.models import User
from users.services import user_create

DEMO_SLUG = "votre-tenant"
DEMO_PASSWORD = "qualiforma-demo"
ADMIN_EMAIL = "admin@votre-tenant.test"
OPERATOR_EMAIL = "operateur@qualiforma.test"
LEARNER = {
    "user_id": "usr_xyz789",
    "email": "apprenant@votre-tenant.test",
    "first_name": "Camille",
    "last_name": "Martin",
}
TRAINER = {
    "user_id": "usr_trainer1",
    "email": "formateur@votre-tenant.test",
    "first_name": "Dominique",
    "last_name": "Leroy",
}
COURSE_ID = "crs_abc123"
LESSON_COUNT = 20


def _user(role, **fields):
    user = User.objects.filter(email=fields["email"]).first()
    return user or user_create(password=DEMO_PASSWORD, role=role, **fields)


class Command(BaseCommand):
    help = "Create the demo tenant, its users and its course (idempotent)."

    def handle(self, *args, **options):
        with schema_context("public"):
            _user(User.Role.ADMIN, email=OPERATOR_EMAIL, first_name="", last_name="")

        tenant = Tenant.objects.filter(slug=DEMO_SLUG).first()
        if tenant is None:
            tenant = tenant_provision(
                slug=DEMO_SLUG,
                name="Votre organisme (démo)",
                admin_email=ADMIN_EMAIL,
                admin_password=DEMO_PASSWORD,
            )

        with schema_context(tenant.schema_name):
            admin = User.objects.get(email=ADMIN_EMAIL)
            trainer = _user(User.Role.TRAINER, **TRAINER)
            _user(User.Role.LEARNER, **LEARNER)
            self._course(admin, trainer)

        host = tenant_domain_for(DEMO_SLUG)
        self.stdout.write(
            self.style.WARNING(
                "Données de démonstration — mots de passe de démo uniquement, "
                "à ne jamais utiliser en production :\n"
                f"  tenant        {DEMO_SLUG}  (http://{host}:8000/admin/)\n"
                f"  admin         {ADMIN_EMAIL} / {DEMO_PASSWORD}\n"
                f"  formateur     {TRAINER['email']} / {DEMO_PASSWORD}\n"
                f"  apprenant     {LEARNER['email']} / {DEMO_PASSWORD}"
                f"  ({LEARNER['user_id']})\n"
                f"  formation     {COURSE_ID} ({LESSON_COUNT} leçons, gratuite)\n"
                f"  plateforme    {OPERATOR_EMAIL} / {DEMO_PASSWORD}"
                "  (http://localhost:8000/admin/)"
            )
        )

    def _course(self, admin, trainer):
        if Course.objects.filter(pk=COURSE_ID).exists():
            return
        course = course_services.course_create(
            actor=admin,
            course_id=COURSE_ID,
            title="Manager une équipe au quotidien",
            description="Formation de démonstration : 20 leçons courtes.",
            price=0,
            duration_hours=14,
            trainer=trainer,
        )
        for number in range(1, LESSON_COUNT + 1):
            course_services.lesson_create(
                actor=admin,
                course=course,
                title=f"Leçon {number}",
                content=f"Contenu de la leçon {number}.",
                duration_minutes=20,
            )
        course_services.course_publish(actor=admin, course=course)
