from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import MembershipRole
from members.models import User


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address. It works once and for 14 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        widget=forms.RadioSelect,
        help_text=_("Staff manage the organisation on the portal; members take part."),
    )

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the staff (optional)"),
        help_text=_("Say who you are and why you would like to join."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
