from datetime import UTC

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.settings import api_settings

from qualiforma.ids import ID_PATTERN, MAX_ID_LENGTH


def api_timestamp(value):
    """Render an aware datetime as the API does: UTC, to the second, `Z`."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime(api_settings.DATETIME_FORMAT)


class StrictSerializer(serializers.Serializer):
    """Refuse fields the serializer does not know instead of ignoring them."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - known)
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Champ inconnu.")] for name in unknown}
                )
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass


class IdField(serializers.CharField):
    """A prefixed id given in a body: a string of the id's shape, no less."""

    default_error_messages = {
        "invalid": _("Identifiant invalide."),
        "not_a_string": _("Un identifiant est une chaîne de caractères."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_ID_LENGTH)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(rf"^{ID_PATTERN}$", message=self.error_messages["invalid"])
        )

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class NoBodySerializer(StrictSerializer):
    """The body of an action that takes none: nothing, or `{}`."""


def reject_body(request):
    """Refuse any field sent to an action that takes none."""
    NoBodySerializer(data=request.data).is_valid(raise_exception=True)
