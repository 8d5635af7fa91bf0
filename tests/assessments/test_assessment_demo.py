"""Demo cooperatives from ``load_demo``: labelled as demo, two completed assessments each, idempotent."""

import pytest
from django.core.management import call_command

from assessments.models import Assessment, DimensionScore
from members.enums import OrganisationKind
from members.models import Organisation


def snapshot() -> list:
    return [
        list(
            Organisation.objects.filter(slug__startswith="demo-cooperative-").values_list(
                "slug", "updated_at"
            )
        ),
        list(Assessment.objects.order_by("pk").values_list("organisation_id", "completed_at", "overall")),
        DimensionScore.objects.count(),
    ]


@pytest.mark.django_db
def test_demo_cooperatives_are_labelled_and_assessed_twice_with_change():
    call_command("load_demo")

    cooperatives = Organisation.objects.filter(slug__startswith="demo-cooperative-")
    assert cooperatives.count() == 6
    for cooperative in cooperatives:
        assert cooperative.is_demo
        assert cooperative.kind == OrganisationKind.COOPERATIVE
        assert cooperative.name.startswith("Demo cooperative (")
        assert cooperative.parent.slug == f"demo-federation-{cooperative.country.code.lower()}"
        first, second = Assessment.objects.filter(organisation=cooperative).order_by("completed_at")
        assert first.is_demo
        assert second.is_demo
        assert (second.completed_at - first.completed_at).days >= 90
        assert first.overall != second.overall
        assert second.scores.count() == 6


@pytest.mark.django_db
def test_load_demo_twice_changes_no_assessment():
    call_command("load_demo")
    first = snapshot()

    call_command("load_demo")

    assert snapshot() == first
