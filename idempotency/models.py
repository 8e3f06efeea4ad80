from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key` header.

    Rows live in each tenant's schema, so the key is scoped to the tenant,
    then to the user who sent it.
    """

    user_id = models.CharField(_("utilisateur"), max_length=40)
    key = models.CharField(_("clé"), max_length=255)
    fingerprint = models.CharField(_("empreinte de la requête"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("statut"), null=True)
    content_type = models.CharField(_("type de contenu"), max_length=100, blank=True)
    body = models.BinaryField(_("corps"), default=b"")
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        verbose_name = _("clé d'idempotence")
        verbose_name_plural = _("clés d'idempotence")
        constraints = [
            # With the row lock in the middleware, closes the race of two
            # requests sent at once with one key.
            models.UniqueConstraint(
                fields=["user_id", "key"], name="idempotency_key_once_per_user"
            )
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.user_id} · {self.key}"
