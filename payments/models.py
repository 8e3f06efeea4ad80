from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualiforma.ids import prefixed_id_field


class Payment(models.Model):
    """A learner's payment for a course, as the provider reported it.

    TODO: filled by hand or by tests until the Stripe and Viva Wallet
    integrations land; nothing confirms a payment with a provider yet.
    """

    class Provider(models.TextChoices):
        STRIPE = "STRIPE", "Stripe"
        VIVA_ISV = "VIVA_ISV", "Viva Wallet (ISV)"

    class Status(models.TextChoices):
        PENDING = "PENDING", _("En attente")
        CONFIRMED = "CONFIRMED", _("Confirmé")
        FAILED = "FAILED", _("Échoué")
        REFUNDED = "REFUNDED", _("Remboursé")

    id = prefixed_id_field("pay")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprenant"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("formation"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    provider = models.CharField(_("prestataire"), max_length=16, choices=Provider)
    provider_reference = models.CharField(
        _("référence du prestataire"), max_length=255, blank=True
    )
    amount = models.DecimalField(_("montant (EUR)"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.id} ({self.get_status_display()})"
