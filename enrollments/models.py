from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualiforma.ids import prefixed_id_field


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("Active")
        COMPLETED = "COMPLETED", _("Terminée")
        SUSPENDED = "SUSPENDED", _("Suspendue")
        REVOKED = "REVOKED", _("Révoquée")

    class PaymentMethod(models.TextChoices):
        FREE = "FREE", _("Gratuite")
        VIVA_ISV = "VIVA_ISV", "Viva Wallet (ISV)"
        STRIPE = "STRIPE", "Stripe"

    id = prefixed_id_field("enr")
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("formation"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    payment_method = models.CharField(
        _("mode de paiement"), max_length=16, choices=PaymentMethod.choices
    )
    payment = models.OneToOneField(
        "payments.Payment",
        verbose_name=_("paiement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollment",
    )
    enrolled_at = models.DateTimeField(_("inscrit le"), default=timezone.now)
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    # Kept by the database on every change of the completions (migration
    # 0004), so that progress reads them in O(1) whatever the lessons.
    completed_lessons = models.PositiveIntegerField(
        _("leçons terminées"), default=0, db_default=0, editable=False
    )
    last_activity_at = models.DateTimeField(
        _("dernière activité"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["-enrolled_at", "id"]
        constraints = [
            # One live enrollment per learner and course; a revoked one may
            # be followed by a new one. Closes the race of concurrent POSTs.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=~models.Q(status="REVOKED"),
                name="enrollment_one_live_per_learner_course",
            ),
            models.CheckConstraint(
                condition=models.Q(payment_method="FREE", payment__isnull=True)
                | (~models.Q(payment_method="FREE") & models.Q(payment__isnull=False)),
                name="enrollment_paid_has_payment",
                violation_error_message=_(
                    "Une inscription payante indique son paiement ; "
                    "une inscription gratuite n'en a pas."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self):
        return f"{self.id} · {self.user_id} · {self.course_id}"

    def is_expired(self, now=None):
        return self.expires_at is not None and self.expires_at <= (
            now or timezone.now()
        )


class LessonCompletion(models.Model):
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("inscription"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    lesson = models.ForeignKey(
        "courses.Lesson",
        verbose_name=_("leçon"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    completed_at = models.DateTimeField(_("terminée le"), default=timezone.now)

    class Meta:
        verbose_name = _("leçon terminée")
        verbose_name_plural = _("leçons terminées")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson"], name="completion_once_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.enrollment_id} · {self.lesson_id}"


class EnrollmentEvent(models.Model):
    """One state change of an enrollment, kept as evidence for audits.

    Rows are only ever inserted: a database trigger refuses UPDATE, DELETE
    and TRUNCATE on this table (see migration 0002).
    """

    class Kind(models.TextChoices):
        CREATED = "CREATED", _("Inscription créée")
        LESSON_COMPLETED = "LESSON_COMPLETED", _("Leçon terminée")
        COMPLETED = "COMPLETED", _("Formation terminée")
        SUSPENDED = "SUSPENDED", _("Suspendue")
        REACTIVATED = "REACTIVATED", _("Réactivée")
        REVOKED = "REVOKED", _("Révoquée")
        EXPIRED = "EXPIRED", _("Accès expiré")

    class Source(models.TextChoices):
        API = "API", _("API")
        PAGE = "PAGE", _("Pages apprenant")
        ADMIN = "ADMIN", _("Administration")
        SYSTEM = "SYSTEM", _("Système")

    # A sequence rather than a random id: it orders events of one instant.
    id = models.BigAutoField(primary_key=True)
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("inscription"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("événement"), max_length=32, choices=Kind.choices)
    source = models.CharField(_("origine"), max_length=16, choices=Source.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("date"), default=timezone.now)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("événement d'inscription")
        verbose_name_plural = _("historique des inscriptions")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["enrollment", "occurred_at"])]

    def __str__(self):
        return f"{self.enrollment_id} · {self.kind}"

    @property
    def public_id(self):
        return f"evt_{self.pk}"
