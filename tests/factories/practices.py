from datetime import timedelta

import factory
from django.utils import timezone

from practices.enums import PracticeStatus
from practices.models import Practice, PracticeDimension, Theme
from tests.factories.members import OrganisationFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published practice. Its search vector is not computed: call ``practices_reindex()`` to search."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    owner = factory.SubFactory(OrganisationFactory)
    summary = factory.Sequence(lambda n: f"What practice {n} does, in one line.")
    description = "A longer description, in **Markdown**."
    status = PracticeStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == PracticeStatus.PUBLISHED else None
    )

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def dimensions(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy passes the object
        if create and extracted:
            PracticeDimension.objects.bulk_create(
                [PracticeDimension(practice=obj, dimension=dimension) for dimension in extracted]
            )


def bulk_catalogue(size: int, *, owners: int = 10, themes: int = 5) -> list[Practice]:
    """``size`` published practices spread over a few owners, themes and dimensions, made in bulk."""
    from members.enums import OrganisationKind
    from practices.enums import CostBand, MaturityDimension, SetupTime
    from practices.services.search_index import practices_reindex

    kinds = list(OrganisationKind.values)
    organisations = [OrganisationFactory(kind=kinds[i % len(kinds)]) for i in range(owners)]
    vocabulary = [ThemeFactory() for _ in range(themes)]
    dimensions, costs, setups = list(MaturityDimension.values), list(CostBand.values), list(SetupTime.values)
    now = timezone.now()
    practices = Practice.objects.bulk_create(
        [
            Practice(
                title=f"Bulk practice {i}",
                slug=f"bulk-practice-{i}",
                owner=organisations[i % owners],
                summary=f"Summary of bulk practice {i}.",
                sector=f"Sector {i % 7}",
                cost_band=costs[i % len(costs)],
                setup_time=setups[i % len(setups)],
                status=PracticeStatus.PUBLISHED,
                published_at=now - timedelta(minutes=i),
            )
            for i in range(size)
        ],
        batch_size=2000,
    )
    Practice.themes.through.objects.bulk_create(
        [
            Practice.themes.through(practice_id=p.pk, theme_id=vocabulary[i % themes].pk)
            for i, p in enumerate(practices)
        ],
        batch_size=5000,
    )
    PracticeDimension.objects.bulk_create(
        [
            PracticeDimension(practice=p, dimension=dimensions[i % len(dimensions)])
            for i, p in enumerate(practices)
        ],
        batch_size=5000,
    )
    practices_reindex()
    return practices
