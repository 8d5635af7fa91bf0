from django import forms
from django.utils.translation import gettext_lazy as _

from members.enums import OrganisationKind


class DirectoryFilterForm(forms.Form):
    """The directory's search and filters, read from the query string so every result has a URL."""

    q = forms.CharField(
        label=_("Name or city"),
        required=False,
        max_length=100,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *OrganisationKind.choices],
    )

    def __init__(self, *args, countries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *countries]

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one is dropped (its error is shown) rather than failing the page."""
        self.is_valid()
        cleaned = self.cleaned_data
        return {name: cleaned.get(name) or "" for name in ("q", "country", "kind")}
