from itertools import groupby

from django.db.models import Count, Q, QuerySet

from members.enums import OrganisationKind
from members.models import Organisation


def federations_with_member_counts() -> QuerySet[Organisation]:
    """Active federations and confederations, each annotated with its active member organisations."""
    return (
        Organisation.objects.filter(
            is_active=True,
            kind__in=[OrganisationKind.CONFEDERATION, OrganisationKind.FEDERATION],
        )
        .annotate(member_count=Count("children", filter=Q(children__is_active=True)))
        .order_by("country", "name")
    )


def federations_by_country() -> list[tuple[str, list[Organisation]]]:
    """Federations grouped by country name, for the directory and the home page."""
    federations = sorted(federations_with_member_counts(), key=lambda o: (o.country.name, o.name))
    return [(country, list(group)) for country, group in groupby(federations, lambda o: o.country.name)]
