import logging

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualiforma.auth import user_tokens_revoke
from qualiforma.errors import Conflict, ValidationFailed
from users.models import User

logger = logging.getLogger(__name__)


class EmailTaken(Conflict):
    code = "email_taken"


def _check_password(password, user=None):
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={"password": list(exc.messages)}) from None


@transaction.atomic
def user_create(*, email, password, first_name, last_name, role, user_id=None):
    user = User(
        email=email.lower(), first_name=first_name, last_name=last_name, role=role
    )
    if user_id is not None:
        user.id = user_id
    _check_password(password, user)
    user.set_password(password)

    try:
        # A savepoint, so that a duplicate leaves the caller's transaction usable.
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError:
        raise EmailTaken(
            _("Un utilisateur avec cette adresse existe déjà."),
            details={"email": [_("Déjà utilisée.")]},
        ) from None

    logger.info("User %s created with role %s", user.id, role)
    return user


@transaction.atomic
def user_update(*, user, **changes):
    """Apply `changes` (email, names, role, is_active, password) to `user`."""
    password = changes.pop("password", None)
    if "email" in changes:
        changes["email"] = changes["email"].lower()
    for name, value in changes.items():
        setattr(user, name, value)
    fields = list(changes)
    if password is not None:
        _check_password(password, user)
        user.set_password(password)
        fields.append("password")
    if password is not None or changes.get("is_active") is False:
        # Ends the tokens and sessions issued before, even once reactivated.
        user.tokens_valid_after = timezone.now()
        fields.append("tokens_valid_after")
    if not fields:
        return user

    try:
        with transaction.atomic():
            user.save(update_fields=[*fields, "updated_at"])
    except IntegrityError:
        raise EmailTaken(
            _("Un utilisateur avec cette adresse existe déjà."),
            details={"email": [_("Déjà utilisée.")]},
        ) from None

    if changes.get("is_active") is False:
        logger.info("User %s deactivated", user.id)
    if changes.get("is_active") is False or password is not None:
        # Access tokens stop at once (the user is loaded on every request and
        # they carry the password digest); refresh tokens are revoked here.
        user_tokens_revoke(user)
    return user


def user_signin_unlock(*, user):
    """Forget the failed sign-ins of `user`'s account, lifting a lockout.

    Return how many failure records were removed. A lock on a client
    address is lifted from the admin (failed sign-in attempts).
    """
    removed = axes_reset(username=user.email)
    logger.info("Sign-in of user %s unlocked (%d record(s))", user.id, removed)
    return removed
