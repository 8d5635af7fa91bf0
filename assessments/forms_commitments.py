"""Forms of the follow-up commitments: recording one after a session, and answering a check-in."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.enums import CommitmentStatus
from members.enums import OrganisationKind
from members.models import Organisation
from members.permissions import is_platform_admin, staff_organisation_ids
from practices.models import Practice

COMMITTING_KINDS = (OrganisationKind.FEDERATION, OrganisationKind.COOPERATIVE)


def committing_organisations(user):
    """Member federations and cooperatives whose staff the person is (any of them, for admins)."""
    organisations = Organisation.objects.filter(kind__in=COMMITTING_KINDS, is_active=True).order_by("name")
    return (
        organisations
        if is_platform_admin(user)
        else organisations.filter(pk__in=staff_organisation_ids(user))
    )


class CommitmentForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    practice = forms.ModelChoiceField(
        label=_("Practice presented in the session"), queryset=Practice.objects.none()
    )
    description = forms.CharField(
        label=_("What we will try"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines: what you will try, with whom, and how you will know it worked."),
    )
    target_date = forms.DateField(
        label=_("Target date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("We will ask how it went a few months after you record this."),
    )

    def __init__(self, *args, organisations, practices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["practice"].queryset = practices
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]

    def clean_target_date(self):
        target = self.cleaned_data["target_date"]
        if target < timezone.localdate():
            raise forms.ValidationError(_("Choose a date from today on."), code="past")
        return target


class CheckInAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Where are you with it?"),
        widget=forms.RadioSelect,
        choices=[
            (CommitmentStatus.STARTED, _("Started: we are trying it")),
            (CommitmentStatus.ADOPTED, _("Adopted: it is now part of how we work")),
            (CommitmentStatus.DROPPED, _("Dropped: we stopped or did not start")),
        ],
    )
    note = forms.CharField(
        label=_("A short note (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What worked, what did not: it helps others who consider the same practice."),
    )
