from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.enums import OrganisationKind
from members.models import Membership, Organisation, User
from portal.forms import ModelMultipleChoiceField
from practices.enums import Audience, MaturityDimension, PracticeStatus
from practices.models import Practice
from practices.selectors.curation import managed_organisations

# The form's sections, in order: (legend, field names).
SECTIONS = [
    (_("The practice"), ["title", "summary", "description", "original_language"]),
    (_("Who and where"), ["owner", "federation", "country", "sector", "year_started", "contact_person"]),
    (_("What it is about"), ["themes", "dimensions", "audiences"]),
    (
        _("Transferability"),
        ["prerequisites", "cost_band", "setup_time", "skills_needed", "transferable", "local_context"],
    ),
]
CLASSIFICATION = ("themes", "dimensions", "audiences")


class PracticeForm(forms.ModelForm):
    """A practice as its owner's staff write it. Never saved by itself: the view calls the services."""

    dimensions = forms.MultipleChoiceField(
        label=_("Digital-maturity dimensions it helps with"),
        choices=MaturityDimension.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audiences = forms.MultipleChoiceField(
        label=_("Who it is for"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Practice
        fields = [
            "title", "summary", "description", "original_language", "owner", "federation", "country",
            "sector", "year_started", "contact_person", "themes", "prerequisites", "cost_band", "setup_time",
            "skills_needed", "transferable", "local_context",
        ]  # fmt: skip
        field_classes = {"themes": ModelMultipleChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "themes": forms.CheckboxSelectMultiple,
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
            "skills_needed": forms.Textarea(attrs={"rows": 3}),
            "transferable": forms.Textarea(attrs={"rows": 3}),
            "local_context": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("One sentence, at most 300 characters, shown in search results."),
            "description": _("Markdown: **bold**, *italic*, lists, links. No HTML."),
            "federation": _("Leave empty to use the owner's federation."),
            "contact_person": _("Optional. Shown to signed-in members only."),
            "prerequisites": _("What an organisation needs before it can start."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = managed_organisations(user)
        if self.instance.pk:
            owners = owners | Organisation.objects.filter(pk=self.instance.owner_id)
        self.fields["owner"].queryset = owners.distinct().order_by("name")
        self.fields["owner"].help_text = _("The organisation whose practice this is.")
        # Not required: a form that leaves it out keeps the practice's language (or the writer's).
        self.fields["original_language"].required = False
        self._default_language = (
            self.instance.original_language if self.instance.pk else user.preferred_language
        )
        self.fields["original_language"].initial = self._default_language
        self.fields["federation"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.FEDERATION, is_active=True
        ).order_by("name")
        people = Membership.objects.filter(organisation__in=owners).values("user_id")
        contacts = User.objects.filter(is_active=True, pk__in=people)
        if self.instance.contact_person_id:
            contacts = contacts | User.objects.filter(pk=self.instance.contact_person_id)
        self.fields["contact_person"].queryset = contacts.distinct().order_by("full_name", "email")
        self._label_the_empty_choices()
        # A practice has started by now: this year at the latest (the model itself allows up to 2100).
        year = self.fields["year_started"]
        year.max_value = timezone.now().year
        year.validators.append(MaxValueValidator(year.max_value))
        year.widget.attrs["max"] = year.max_value
        if not self.instance.pk and len(self.fields["owner"].queryset) == 1:
            self.initial["owner"] = self.fields["owner"].queryset[0].pk
        if self.instance.pk:
            self.initial["dimensions"] = [d.dimension for d in self.instance.dimensions.all()]
            self.initial["audiences"] = [a.audience for a in self.instance.audiences.all()]

    def _label_the_empty_choices(self) -> None:
        """Say what leaving a choice empty means, instead of a row of dashes."""
        self.fields["federation"].empty_label = _("The owner's federation")
        self.fields["contact_person"].empty_label = _("Nobody named")
        for name, label in (
            ("country", _("The owner's country")),
            ("cost_band", _("Not stated")),
            ("setup_time", _("Not stated")),
        ):
            field = self.fields[name]
            field.choices = [("", label), *[choice for choice in field.choices if choice[0] != ""]]

    def clean_original_language(self) -> str:
        return self.cleaned_data.get("original_language") or self._default_language

    def sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in SECTIONS]

    def model_fields(self) -> dict:
        """The cleaned values the services write on the practice row itself."""
        return {name: value for name, value in self.cleaned_data.items() if name not in CLASSIFICATION}

    def classification(self) -> dict:
        return {name: self.cleaned_data[name] for name in CLASSIFICATION}


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=PracticeStatus.choices)
    comment = forms.CharField(
        label=_("Comment for the submitter"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you request changes; sent by e-mail with every step."),
    )
