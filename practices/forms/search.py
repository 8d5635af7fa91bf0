from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.enums import OrganisationKind
from practices.enums import CostBand, MaturityDimension, SetupTime
from practices.selectors.catalogue import FACETS, CatalogueFilters

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("newest", _("Newest first")),
    ("title", _("Title (A–Z)")),
]


class FreeTextMultipleField(forms.MultipleChoiceField):
    """Several short free-text values (sectors are typed by their authors, not chosen from a list)."""

    max_length = 100

    def valid_value(self, value) -> bool:
        return 0 < len(value) <= self.max_length


class PracticeSearchForm(forms.Form):
    """The catalogue's search box, facets and sort, read from the query string so every state has a URL."""

    q = forms.CharField(
        label=_("Search practices"),
        required=False,
        max_length=200,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    theme = forms.MultipleChoiceField(label=_("Theme"), required=False)
    dimension = forms.MultipleChoiceField(
        label=_("Digital-maturity dimension"), required=False, choices=MaturityDimension.choices
    )
    country = forms.MultipleChoiceField(label=_("Country"), required=False, choices=lambda: list(countries))
    kind = forms.MultipleChoiceField(
        label=_("Kind of owner"), required=False, choices=OrganisationKind.choices
    )
    sector = FreeTextMultipleField(label=_("Sector"), required=False)
    cost = forms.MultipleChoiceField(label=_("Cost"), required=False, choices=CostBand.choices)
    setup = forms.MultipleChoiceField(label=_("Time to set up"), required=False, choices=SetupTime.choices)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, themes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = themes

    def filters(self) -> CatalogueFilters:
        """The valid filters; an invalid field is dropped (and its error shown) rather than failing."""
        if not self.is_bound:
            return CatalogueFilters()
        self.is_valid()
        cleaned = self.cleaned_data
        facets = {facet: tuple(dict.fromkeys(cleaned.get(facet) or ())) for facet in FACETS}
        return CatalogueFilters(q=cleaned.get("q") or "", sort=cleaned.get("sort") or "", **facets)
