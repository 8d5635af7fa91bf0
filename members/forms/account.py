from collections import defaultdict
from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import User
from portal.middleware import available_timezones

# The regions of the IANA database, Europe's first (the federations' own); older aliases (US/Eastern,
# Cuba, Etc/GMT+1...) go under "Other".
REGIONS = (
    "Europe",
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Indian",
    "Pacific",
)


@cache
def time_zone_choices() -> tuple:
    """Every zone Python knows, sorted and grouped by region, the name shown with spaces for underscores."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in sorted(available_timezones()):
        region = name.split("/", 1)[0]
        groups[region if region in REGIONS else ""].append((name, name.replace("_", " ")))
    grouped = [(region, tuple(groups[region])) for region in REGIONS if groups[region]]
    return (
        ("", _("Not set: use my browser's time zone")),
        *grouped,
        (_("Other"), tuple(groups[""])),
    )


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        required=False,
        help_text=_("Every date and time on the portal is shown in this zone."),
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "country",
            "preferred_language",
            "time_zone",
            "notify_session_reminders",
            "notify_session_summaries",
            "practice_digest",
        ]
        labels = {
            "full_name": _("Full name"),
            "country": _("Country"),
            "preferred_language": _("Preferred language"),
            "notify_session_reminders": _("E-mail me a reminder before sessions I registered for"),
            "notify_session_summaries": _("E-mail me the summary after sessions I took part in"),
            "practice_digest": _("News of good practices"),
        }
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}


class DeleteAccountForm(forms.Form):
    email = forms.EmailField(
        label=_("Type your e-mail address to confirm"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("That is not the e-mail address of this account."), code="mismatch")
        return email
