from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Course
from enrollments.models import Enrollment
from payments.models import Payment
from users.models import User


class EnrollmentCreationForm(forms.ModelForm):
    """The admin's form to enrol a learner; the service does the checks."""

    course = forms.ModelChoiceField(
        label=_("formation"),
        queryset=Course.objects.filter(status=Course.Status.PUBLISHED),
    )
    user = forms.ModelChoiceField(label=_("apprenant"), queryset=User.objects.all())
    payment = forms.ModelChoiceField(
        label=_("paiement"),
        queryset=Payment.objects.filter(status=Payment.Status.CONFIRMED),
        required=False,
    )

    class Meta:
        model = Enrollment
        fields = ["course", "user", "payment_method", "payment", "expires_at"]
