from collections.abc import Iterable
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet
from django_countries import countries

from members.enums import OrganisationKind
from members.models import Membership, Organisation

FEDERATION_KINDS = [OrganisationKind.CONFEDERATION, OrganisationKind.FEDERATION]


def _with_member_counts(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return queryset.annotate(member_count=Count("children", filter=Q(children__is_active=True)))


def federations_with_member_counts() -> QuerySet[Organisation]:
    """Active federations and confederations, each annotated with its active member organisations."""
    return _with_member_counts(
        Organisation.objects.filter(is_active=True, kind__in=FEDERATION_KINDS)
    ).order_by("country", "name")


def group_by_country(organisations: Iterable[Organisation]) -> list[tuple[str, list[Organisation]]]:
    """Organisations grouped by (translated) country name; those without a country come first, as ""."""
    ordered = sorted(organisations, key=lambda o: (o.country.name, o.name.casefold()))
    return [(country, list(group)) for country, group in groupby(ordered, lambda o: o.country.name)]


def federations_by_country() -> list[tuple[str, list[Organisation]]]:
    """Federations grouped by country name, for the directory and the home page."""
    return group_by_country(federations_with_member_counts())


def directory_countries() -> list[tuple[str, str]]:
    """(code, name) of every country with an active organisation, sorted by name: the filter's choices."""
    codes = (
        Organisation.objects.filter(is_active=True)
        .exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


def organisations_for_directory(*, q: str = "", country: str = "", kind: str = "") -> QuerySet[Organisation]:
    """Active organisations matching the filters; with no filter at all, the federations (members home)."""
    organisations = Organisation.objects.filter(is_active=True)
    if not (q or country or kind):
        organisations = organisations.filter(kind__in=FEDERATION_KINDS)
    if q:
        organisations = organisations.filter(Q(name__icontains=q) | Q(city__icontains=q))
    if country:
        organisations = organisations.filter(country=country)
    if kind:
        organisations = organisations.filter(kind=kind)
    return _with_member_counts(organisations).order_by("country", "name")


def organisation_for_detail(slug: str) -> Organisation:
    """One organisation with its parents, active member organisations and people: three queries.

    Raises ``Organisation.DoesNotExist``; inactive ones are returned, the view decides who sees them.
    """
    return (
        Organisation.objects.select_related("parent__parent")
        .prefetch_related(
            Prefetch(
                "children",
                queryset=Organisation.objects.filter(is_active=True).order_by("name"),
                to_attr="active_children",
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(user__is_active=True)
                .select_related("user")
                .order_by("-role", "user__full_name", "user__email"),
                to_attr="people",
            ),
        )
        .get(slug=slug)
    )
