from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from qualiforma.ids import prefixed_id_field

# What a trainer may do in the staff admin; their querysets stay scoped to
# their own courses (see the admin modules).
TRAINER_PERMISSIONS = frozenset(
    {
        "courses.view_course",
        "courses.change_course",
        "courses.view_lesson",
        "courses.add_lesson",
        "courses.change_lesson",
        "courses.delete_lesson",
        "enrollments.view_enrollment",
    }
)


class UserManager(BaseUserManager):
    def get_by_natural_key(self, username):
        return self.get(email=username.lower())


class User(AbstractBaseUser):
    class Role(models.TextChoices):
        ADMIN = "ADMIN", _("Administrateur")
        TRAINER = "TRAINER", _("Formateur")
        LEARNER = "LEARNER", _("Apprenant")

    id = prefixed_id_field("usr")
    # Stored lower-cased by the services, so `unique` is case-insensitive.
    email = models.EmailField(_("adresse e-mail"), max_length=254, unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    role = models.CharField(
        _("rôle"), max_length=16, choices=Role.choices, default=Role.LEARNER
    )
    is_active = models.BooleanField(_("actif"), default=True)
    # Tokens issued and sessions opened before this moment are refused:
    # set when the account is deactivated or its password changes.
    tokens_valid_after = models.DateTimeField(
        _("jetons valables après"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_session_auth_hash(self):
        stamp = self.tokens_valid_after.isoformat() if self.tokens_valid_after else ""
        return salted_hmac(
            "qualiforma.users.session", self.password + stamp, algorithm="sha256"
        ).hexdigest()

    def tokens_issued_before_revocation(self, issued_at):
        """Whether a token issued at `issued_at` (a timestamp) predates the
        last deactivation or password change."""
        return (
            self.tokens_valid_after is not None
            and issued_at < self.tokens_valid_after.timestamp()
        )

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_admin(self):
        return self.role == self.Role.ADMIN

    @property
    def is_trainer(self):
        return self.role == self.Role.TRAINER

    @property
    def is_learner(self):
        return self.role == self.Role.LEARNER

    # The Django admin asks these; roles answer them.
    @property
    def is_staff(self):
        return self.is_active and self.role in (self.Role.ADMIN, self.Role.TRAINER)

    @property
    def is_superuser(self):
        return self.is_active and self.is_admin

    def has_perm(self, perm, obj=None):
        if not self.is_active:
            return False
        return self.is_admin or (self.is_trainer and perm in TRAINER_PERMISSIONS)

    def has_perms(self, perm_list, obj=None):
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label):
        if not self.is_active:
            return False
        return self.is_admin or (
            self.is_trainer
            and any(perm.startswith(f"{app_label}.") for perm in TRAINER_PERMISSIONS)
        )
