from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualiforma.ids import prefixed_id_field


class Course(models.Model):
    class Status(models.TextChoices):
        DRAFT = "DRAFT", _("Brouillon")
        PUBLISHED = "PUBLISHED", _("Publiée")
        ARCHIVED = "ARCHIVED", _("Archivée")

    id = prefixed_id_field("crs")
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    price = models.DecimalField(
        _("prix (EUR)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    duration_hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("formateur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taught_courses",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    # Kept by the database on every insert, delete or move of a lesson
    # (migration 0002), so that progress reads it in O(1).
    lesson_count = models.PositiveIntegerField(
        _("nombre de leçons"), default=0, db_default=0, editable=False
    )

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="course_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_hours__gte=0),
                name="course_duration_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_free(self):
        return self.price == 0


class Lesson(models.Model):
    id = prefixed_id_field("lsn")
    course = models.ForeignKey(
        Course,
        verbose_name=_("formation"),
        on_delete=models.CASCADE,
        related_name="lessons",
    )
    title = models.CharField(_("titre"), max_length=200)
    content = models.TextField(_("contenu"), blank=True, max_length=100_000)
    position = models.PositiveIntegerField(_("position"), default=0)
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"), default=0)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("leçon")
        verbose_name_plural = _("leçons")
        ordering = ["position", "created_at", "id"]
        indexes = [models.Index(fields=["course", "position"])]

    def __str__(self):
        return self.title
