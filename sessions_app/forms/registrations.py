from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import User


class RegistrantAddForm(forms.Form):
    """Staff add a person who has an account, by their e-mail address."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The person must have an account on the portal."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        self.user = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError(_("Nobody with this e-mail address has an account."), code="unknown")
        return email
