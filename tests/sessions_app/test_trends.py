"""Staff write a programme's common trends on its own page (not only in the admin); the report shows
them, forgetting its cached copy on each change."""

import pytest
from django.test import Client
from django.urls import reverse

from members.enums import MembershipRole
from sessions_app.models import Trend
from tests.factories.members import FederationFactory, MembershipFactory
from tests.factories.sessions import ProgrammeFactory, SessionFactory, TrendFactory

QUERIES = 9  # the trends page, at any number of trends (see the test at the end)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(db):
    federation = FederationFactory(name="CECOP")
    programme = ProgrammeFactory(organiser=federation, title="Digital transitions")
    sessions = [SessionFactory(programme=programme, number=n, title=f"Session {n}") for n in (1, 2)]
    staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user
    return {"programme": programme, "sessions": sessions, "staff": staff}


def trends_url(programme) -> str:
    return reverse("sessions_app:trend_list", args=[programme.slug])


def report_url(programme) -> str:
    return reverse("sessions_app:programme_report", args=[programme.slug])


def test_staff_add_a_trend_and_the_report_shows_it(client, world, committed):
    programme, first = world["programme"], world["sessions"][0]
    assert "The common trends are written once" in Client().get(report_url(programme)).text  # cached
    client.force_login(world["staff"])

    with committed():
        response = client.post(
            trends_url(programme),
            {
                "title": "Platforms need shared data",
                "description": "Three federations said so.",
                "sessions": [first.pk],
            },
            follow=True,
        )

    assert "Trend added. It shows in the report." in response.text
    assert "Platforms need shared data" in response.text
    report = Client().get(report_url(programme)).text  # a visitor's: the cached copy was forgotten
    assert "Platforms need shared data" in report
    assert "Three federations said so." in report
    assert list(Trend.objects.get().sessions.all()) == [first]


def test_a_second_trend_with_the_same_title_is_a_form_error_that_keeps_what_was_typed(client, world):
    TrendFactory(programme=world["programme"], title="Platforms")
    client.force_login(world["staff"])

    response = client.post(
        trends_url(world["programme"]), {"title": "platforms", "description": "Kept text."}
    )

    assert response.status_code == 200
    assert "This programme already has a trend with this title." in response.text
    assert "Kept text." in response.text
    assert Trend.objects.count() == 1


def test_a_session_of_another_programme_cannot_be_ticked(client, world):
    elsewhere = SessionFactory()
    client.force_login(world["staff"])

    response = client.post(trends_url(world["programme"]), {"title": "Skills", "sessions": [elsewhere.pk]})

    assert response.status_code == 200
    assert not Trend.objects.exists()


def test_staff_edit_and_delete_a_trend(client, world, committed):
    programme = world["programme"]
    trend = TrendFactory(programme=programme, title="Skills")
    client.force_login(world["staff"])
    edit = reverse("sessions_app:trend_edit", args=[programme.slug, trend.pk])

    Client().get(report_url(programme))  # cached for visitors
    with committed():
        client.post(edit, {"title": "Digital skills", "position": "2", "sessions": [world["sessions"][1].pk]})
    renamed = Client().get(report_url(programme)).text
    with committed():
        deleted = client.post(
            reverse("sessions_app:trend_delete", args=[programme.slug, trend.pk]), HTTP_HX_REQUEST="true"
        )

    assert "Digital skills" in renamed
    assert deleted["HX-Redirect"] == trends_url(programme)
    assert "Digital skills" not in Client().get(report_url(programme)).text
    assert not Trend.objects.exists()


def test_a_trend_of_another_programme_is_not_found_here(client, world):
    other = TrendFactory(title="Elsewhere")
    client.force_login(world["staff"])

    response = client.get(reverse("sessions_app:trend_edit", args=[world["programme"].slug, other.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_the_trends_page_query_count_does_not_grow(client, world, django_assert_num_queries, size):
    for number in range(size):
        TrendFactory(programme=world["programme"], title=f"Trend {number}").sessions.set(world["sessions"])
    client.force_login(world["staff"])

    # session, user, programme, co-hosts, staff ids, the last position, trends, their sessions, the
    # form's sessions: the same at any size
    with django_assert_num_queries(QUERIES):
        page = client.get(trends_url(world["programme"])).text

    assert f"Trend {size - 1}" in page


def test_a_new_trend_is_offered_the_place_after_the_others(client, world):
    TrendFactory(programme=world["programme"], title="First", position=4)
    client.force_login(world["staff"])

    page = client.get(trends_url(world["programme"])).text

    assert 'name="position" value="5"' in page
