from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from users.models import User


class UserCreationForm(forms.ModelForm):
    password = forms.CharField(label=_("Mot de passe"), widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "role"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password
