from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import Practice
from practices.selectors.curation import organisations_of


class InterestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=None,
        required=False,
        empty_label=_("Myself"),
        help_text=_("One of your organisations, if you write for it."),
    )
    message = forms.CharField(
        label=_("Your message to its staff"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you would like to adopt, and what you would like to know. They answer by e-mail."),
    )

    def __init__(self, *args, user, practice: Practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_of(user, exclude=practice.owner)


class AdoptionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation that adopted it"),
        queryset=None,
        help_text=_("One of the organisations you belong to."),
    )
    story = forms.CharField(
        label=_("How it went"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A short story: what you adopted, what you changed, what it brought."),
    )

    def __init__(self, *args, user, practice: Practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_of(user, exclude=practice.owner)
