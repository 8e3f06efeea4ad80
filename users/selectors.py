from django.db.models import Q

from qualiforma.db import one_or_none
from qualiforma.errors import NotFound
from users.models import User


def users_visible_to(actor):
    """Users `actor` may see: admins all, trainers their learners, others self."""
    users = User.objects.all()
    if actor.is_admin:
        return users
    if actor.is_trainer:
        return users.filter(
            Q(pk=actor.pk) | Q(enrollments__course__trainer=actor)
        ).distinct()
    return users.filter(pk=actor.pk)


def user_get_for(actor, user_id):
    user = one_or_none(users_visible_to(actor).filter(pk=user_id))
    if user is None:
        raise NotFound(details={"userId": user_id})
    return user
