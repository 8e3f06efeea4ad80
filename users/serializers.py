from rest_framework import serializers

from qualiforma.serializers import StrictSerializer
from users.models import User


class UserSerializer(serializers.ModelSerializer):
    firstName = serializers.CharField(source="first_name")
    lastName = serializers.CharField(source="last_name")
    isActive = serializers.BooleanField(source="is_active")
    createdAt = serializers.DateTimeField(source="created_at")

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "firstName",
            "lastName",
            "role",
            "isActive",
            "createdAt",
        ]
        read_only_fields = fields


class UserCreateSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False
    )
    firstName = serializers.CharField(max_length=150, allow_blank=True, default="")
    lastName = serializers.CharField(max_length=150, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=User.Role.choices)


class UserUpdateSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254, required=False)
    currentPassword = serializers.CharField(
        max_length=128, write_only=True, required=False, trim_whitespace=False
    )
    password = serializers.CharField(
        max_length=128, write_only=True, required=False, trim_whitespace=False
    )
    firstName = serializers.CharField(
        max_length=150, allow_blank=True, required=False, source="first_name"
    )
    lastName = serializers.CharField(
        max_length=150, allow_blank=True, required=False, source="last_name"
    )
    role = serializers.ChoiceField(choices=User.Role.choices, required=False)
    isActive = serializers.BooleanField(required=False, source="is_active")
