"""The curation workflow: the transition table, its e-mails, the practice form and the curator queue."""

from email import message_from_bytes, policy

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole, OrganisationKind
from portal.models import WorkerHeartbeat
from portal.tasks import heartbeat
from practices.enums import PracticeStatus
from practices.models import Practice, PracticeTransition
from practices.services import curation
from practices.tasks import send_transition_email
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.practices import PracticeFactory, ThemeFactory

SITE = "http://testserver"
S = PracticeStatus


def make_curator():
    """A member of the "Curators" group (made again if a transactional test flushed the migration's)."""
    curators, _ = Group.objects.get_or_create(name="Curators")
    curators.permissions.add(Permission.objects.get(codename="curate_practice"))
    user = UserFactory()
    user.groups.add(curators)
    return user


@pytest.fixture
def federation(db):
    return FederationFactory(name="Lega Test")


@pytest.fixture
def cooperative(federation):
    return OrganisationFactory(parent=federation, name="Coop Uno", country="IT")


@pytest.fixture
def owner_staff(cooperative):
    return MembershipFactory(
        organisation=cooperative, role=MembershipRole.STAFF, user__full_name="Ada Rossi"
    ).user


@pytest.fixture
def curator(db):
    return make_curator()


@pytest.fixture
def draft(cooperative):
    return PracticeFactory(owner=cooperative, status=S.DRAFT, published_at=None, title="Shared kitchens")


def move(practice, to_status, by, comment=""):
    return curation.practice_transition(
        practice=practice, to_status=to_status, by=by, comment=comment, site_url=SITE
    )


# --- the transition table ----------------------------------------------------------------------------


def test_the_whole_way_to_publication_is_recorded_step_by_step(draft, owner_staff, curator):
    move(draft, S.SUBMITTED, owner_staff, "Ready")
    move(draft, S.IN_REVIEW, curator)
    move(draft, S.PUBLISHED, curator, "Lovely")

    draft.refresh_from_db()
    steps = list(PracticeTransition.objects.values_list("from_status", "to_status", "by", "comment"))
    assert steps == [
        (S.DRAFT, S.SUBMITTED, owner_staff.pk, "Ready"),
        (S.SUBMITTED, S.IN_REVIEW, curator.pk, ""),
        (S.IN_REVIEW, S.PUBLISHED, curator.pk, "Lovely"),
    ]
    assert draft.status == S.PUBLISHED
    assert draft.submitted_by == owner_staff
    assert draft.published_at == PracticeTransition.objects.last().created_at


def test_changes_requested_goes_back_to_the_submitter_who_resubmits(draft, owner_staff, curator):
    move(draft, S.SUBMITTED, owner_staff)
    move(draft, S.IN_REVIEW, curator)
    move(draft, S.CHANGES_REQUESTED, curator, "Add the cost")

    assert curation.practice_editable_by(owner_staff, draft)
    move(draft, S.SUBMITTED, owner_staff, "Cost added")

    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_requesting_changes_needs_a_comment(draft, owner_staff, curator):
    move(draft, S.SUBMITTED, owner_staff)

    with pytest.raises(ValidationError) as error:
        move(draft, S.CHANGES_REQUESTED, curator, "   ")

    assert error.value.code == "comment_required"
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


@pytest.mark.parametrize(
    ("start", "to_status"),
    [
        (S.DRAFT, S.PUBLISHED),
        (S.DRAFT, S.IN_REVIEW),
        (S.SUBMITTED, S.PUBLISHED),
        (S.PUBLISHED, S.IN_REVIEW),
        (S.ARCHIVED, S.PUBLISHED),
        (S.ARCHIVED, S.ARCHIVED),
    ],
    ids=lambda value: str(value),
)
def test_moves_outside_the_table_are_refused(cooperative, start, to_status):
    practice = PracticeFactory(owner=cooperative, status=start)
    admin = UserFactory(is_superuser=True)

    with pytest.raises(ValidationError) as error:
        move(practice, to_status, admin)

    assert error.value.code == "invalid_transition"
    assert PracticeTransition.objects.count() == 0


@pytest.mark.parametrize("start", [s for s in S if s != S.ARCHIVED], ids=str)
def test_curators_archive_from_any_status(cooperative, curator, start):
    practice = PracticeFactory(owner=cooperative, status=start)

    move(practice, S.ARCHIVED, curator)

    practice.refresh_from_db()
    assert practice.status == S.ARCHIVED


@pytest.mark.parametrize(
    ("who", "start", "to_status"),
    [
        ("member", S.DRAFT, S.SUBMITTED),
        ("other_staff", S.DRAFT, S.SUBMITTED),
        ("curator", S.DRAFT, S.SUBMITTED),
        ("owner_staff", S.SUBMITTED, S.IN_REVIEW),
        ("owner_staff", S.IN_REVIEW, S.PUBLISHED),
        ("owner_staff", S.PUBLISHED, S.ARCHIVED),
        ("member", S.IN_REVIEW, S.PUBLISHED),
    ],
)
def test_only_the_right_role_makes_each_move(cooperative, owner_staff, curator, who, start, to_status):
    people = {
        "member": MembershipFactory(organisation=cooperative).user,
        "other_staff": MembershipFactory(organisation=FederationFactory(), role=MembershipRole.STAFF).user,
        "curator": curator,
        "owner_staff": owner_staff,
    }
    practice = PracticeFactory(owner=cooperative, status=start)

    with pytest.raises(PermissionDenied):
        move(practice, to_status, people[who])

    practice.refresh_from_db()
    assert practice.status == start


def test_staff_of_the_federation_above_submit_for_its_cooperatives(draft, federation):
    federation_staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user

    move(draft, S.SUBMITTED, federation_staff)

    draft.refresh_from_db()
    assert draft.submitted_by == federation_staff


def test_staff_of_an_inactive_organisation_cannot_submit(draft, owner_staff, cooperative):
    cooperative.is_active = False
    cooperative.save()

    with pytest.raises(PermissionDenied):
        move(draft, S.SUBMITTED, owner_staff)


def test_transitions_available_follow_the_table(draft, owner_staff, curator):
    admin = UserFactory(is_superuser=True)

    assert curation.transitions_available(owner_staff, draft) == [S.SUBMITTED]
    assert curation.transitions_available(curator, draft) == [S.ARCHIVED]
    assert curation.transitions_available(admin, draft) == [S.SUBMITTED, S.ARCHIVED]


# --- e-mails to the submitter ---------------------------------------------------------------------


def test_every_step_is_emailed_to_the_submitter_once(
    draft, owner_staff, curator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        move(draft, S.SUBMITTED, owner_staff)
    with django_capture_on_commit_callbacks(execute=True):
        move(draft, S.IN_REVIEW, curator)
    with django_capture_on_commit_callbacks(execute=True):
        transition = move(draft, S.CHANGES_REQUESTED, curator, "Please add the cost band.")

    assert [m.to for m in mailoutbox] == [[owner_staff.email]] * 3
    assert mailoutbox[2].subject == "“Shared kitchens” is now: Changes requested"
    assert "Please add the cost band." in mailoutbox[2].body
    assert f"{SITE}{reverse('practices:practice_edit', args=[draft.slug])}" in mailoutbox[2].body
    assert f"{SITE}{draft.get_absolute_url()}" in mailoutbox[0].body
    send_transition_email.delay(transition_id=transition.pk, site_url=SITE)  # a second run of the task
    assert len(mailoutbox) == 3
    assert PracticeTransition.objects.filter(notified_at=None).count() == 0


def test_nothing_is_emailed_before_commit_or_for_a_missing_row(draft, owner_staff, mailoutbox):
    move(draft, S.SUBMITTED, owner_staff)  # on_commit never fires inside the test transaction

    send_transition_email.delay(transition_id=999_999, site_url=SITE)

    assert mailoutbox == []


def test_a_step_without_a_submitter_is_claimed_but_not_sent(cooperative, curator, mailoutbox):
    practice = PracticeFactory(owner=cooperative, status=S.DRAFT)
    transition = move(practice, S.ARCHIVED, curator)

    assert curation.practice_transition_notify(transition_id=transition.pk, site_url=SITE) is False

    transition.refresh_from_db()
    assert transition.notified_at is not None
    assert mailoutbox == []


# --- writing a practice -----------------------------------------------------------------------------


def form_data(owner, **overrides):
    data = {
        "title": "Worker buyouts toolkit",
        "summary": "How workers take over their company.",
        "description": "Some **Markdown**.",
        "owner": owner.pk,
        "country": "",
        "federation": "",
        "sector": "Manufacturing",
        "year_started": "2019",
        "themes": [],
        "dimensions": ["readiness", "green"],
        "audiences": ["cooperatives"],
        "cost_band": "low",
        "setup_time": "under_3_months",
        "prerequisites": "",
        "skills_needed": "",
        "transferable": "",
        "local_context": "",
        "contact_person": "",
    }
    return data | overrides


def test_staff_create_a_draft_with_its_classification(client, owner_staff, cooperative, federation):
    theme = ThemeFactory()
    client.force_login(owner_staff)

    response = client.post(reverse("practices:practice_create"), form_data(cooperative, themes=[theme.pk]))

    assert response.status_code == 302
    assert response.url == reverse("practices:my_practices")
    practice = Practice.objects.get()
    assert practice.slug == "worker-buyouts-toolkit"
    assert practice.status == S.DRAFT
    assert practice.owner == cooperative
    assert practice.federation == federation  # from the owner's parent
    assert sorted(practice.dimensions.values_list("dimension", flat=True)) == ["green", "readiness"]
    assert list(practice.audiences.values_list("audience", flat=True)) == ["cooperatives"]
    assert list(practice.themes.all()) == [theme]
    assert PracticeTransition.objects.count() == 0


def test_a_practice_cannot_have_started_in_a_year_still_to_come(client, owner_staff, cooperative):
    client.force_login(owner_staff)
    next_year = timezone.now().year + 1

    response = client.post(
        reverse("practices:practice_create"), form_data(cooperative, year_started=str(next_year))
    )

    assert response.status_code == 200
    assert f"Ensure this value is less than or equal to {next_year - 1}." in response.text
    assert "Worker buyouts toolkit" in response.text  # what was typed is kept
    assert not Practice.objects.exists()


def test_save_and_submit_submits_in_one_go(client, owner_staff, cooperative, mailoutbox):
    client.force_login(owner_staff)

    response = client.post(reverse("practices:practice_create"), form_data(cooperative, submit_for_review=""))

    assert response.status_code == 302
    assert Practice.objects.get().status == S.SUBMITTED


def test_slugs_are_unique_with_a_number(owner_staff, cooperative):
    PracticeFactory(slug="worker-buyouts-toolkit")
    fields = {"title": "Worker buyouts toolkit", "summary": "x", "owner": cooperative}

    second = curation.practice_create(by=owner_staff, fields=fields)
    third = curation.practice_create(by=owner_staff, fields=fields)

    assert (second.slug, third.slug) == ("worker-buyouts-toolkit-2", "worker-buyouts-toolkit-3")


def test_a_title_without_latin_letters_still_gets_a_slug(owner_staff, cooperative):
    practice = curation.practice_create(
        by=owner_staff, fields={"title": "★★★", "summary": "x", "owner": cooperative}
    )

    assert practice.slug == "practice"


def test_owner_choices_are_the_organisations_the_user_manages(client, owner_staff, cooperative):
    elsewhere = OrganisationFactory(name="Somebody Else")
    client.force_login(owner_staff)

    response = client.post(reverse("practices:practice_create"), form_data(elsewhere))

    assert response.status_code == 200
    assert Practice.objects.count() == 0
    page = response.content.decode()
    assert 'id="id_owner_error"' in page
    assert 'aria-invalid="true"' in page
    assert "Somebody Else" not in page


def test_summary_longer_than_300_characters_is_a_field_error(client, owner_staff, cooperative):
    client.force_login(owner_staff)

    response = client.post(reverse("practices:practice_create"), form_data(cooperative, summary="x" * 301))

    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    assert 'aria-describedby="id_summary_helptext id_summary_error"' in response.content.decode()


def test_edit_keeps_the_slug_and_replaces_the_classification(client, owner_staff, cooperative, draft):
    client.force_login(owner_staff)
    slug = draft.slug
    url = reverse("practices:practice_edit", args=[slug])

    page = client.get(url)
    response = client.post(
        url, form_data(cooperative, title="Shared kitchens, renamed", dimensions=["green"])
    )

    assert page.status_code == 200
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.slug) == ("Shared kitchens, renamed", slug)
    assert list(draft.dimensions.values_list("dimension", flat=True)) == ["green"]


def test_owner_staff_cannot_edit_while_the_curators_have_it(client, owner_staff, draft, curator):
    move(draft, S.SUBMITTED, owner_staff)
    client.force_login(owner_staff)

    response = client.post(reverse("practices:practice_edit", args=[draft.slug]), form_data(draft.owner))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Shared kitchens"


def test_the_edit_service_refuses_moving_a_practice_to_an_organisation_one_does_not_manage(
    owner_staff, draft
):
    with pytest.raises(PermissionDenied):
        curation.practice_update(practice=draft, by=owner_staff, fields={"owner": OrganisationFactory()})


def test_the_create_service_refuses_an_owner_one_does_not_manage(owner_staff):
    with pytest.raises(PermissionDenied):
        curation.practice_create(
            by=owner_staff, fields={"title": "x", "summary": "x", "owner": OrganisationFactory()}
        )


def test_the_federation_defaults_to_the_owner_itself_when_it_is_one(federation):
    assert curation.practice_federation_of(federation) == federation
    assert curation.practice_federation_of(OrganisationFactory(kind=OrganisationKind.NETWORK)) is None


# --- the curator queue ------------------------------------------------------------------------------


def submitted(owner, by, title):
    practice = PracticeFactory(owner=owner, status=S.DRAFT, title=title)
    move(practice, S.SUBMITTED, by)
    return practice


def test_queue_lists_submitted_and_in_review_oldest_first(client, cooperative, owner_staff, curator):
    first = submitted(cooperative, owner_staff, "First in")
    second = submitted(cooperative, owner_staff, "Second in")
    move(first, S.IN_REVIEW, curator)
    PracticeFactory(owner=cooperative, status=S.DRAFT, title="Still a draft")
    client.force_login(curator)

    response = client.get(reverse("practices:curator_queue"))

    assert [p.title for p in response.context["practices"]] == [first.title, second.title]
    assert "Still a draft" not in response.content.decode()


def test_publishing_from_the_queue_over_htmx_returns_the_updated_row(
    client, cooperative, owner_staff, curator
):
    practice = submitted(cooperative, owner_staff, "Drimlab metaverse")
    move(practice, S.IN_REVIEW, curator)
    client.force_login(curator)

    response = client.post(
        reverse("practices:practice_transition", args=[practice.slug]),
        {"to_status": "published", "comment": ""},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<tr id="queue-row-{practice.pk}">')
    assert "“Drimlab metaverse” is published." in page
    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED


def test_a_refused_move_over_htmx_shows_why_in_the_row(client, cooperative, owner_staff, curator):
    practice = submitted(cooperative, owner_staff, "Needs work")
    client.force_login(curator)

    response = client.post(
        reverse("practices:practice_transition", args=[practice.slug]),
        {"to_status": "changes_requested", "comment": ""},
        headers={"HX-Request": "true"},
    )

    assert "row-notice-error" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED


def test_a_plain_post_redirects_back_to_the_queue_with_a_message(client, cooperative, owner_staff, curator):
    practice = submitted(cooperative, owner_staff, "Plain form")
    client.force_login(curator)

    response = client.post(
        reverse("practices:practice_transition", args=[practice.slug]),
        {"to_status": "in_review", "next": "https://evil.example/"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("practices:curator_queue"), 302)]
    assert "You are reviewing “Plain form”." in response.content.decode()


def test_an_unknown_status_is_a_message_not_a_crash(client, draft, owner_staff):
    client.force_login(owner_staff)

    response = client.post(reverse("practices:practice_transition", args=[draft.slug]), {"to_status": "gone"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


@pytest.mark.parametrize("size", [3, 30], ids=["3-practices", "30-practices"])
def test_queue_query_count_does_not_grow(client, django_assert_num_queries, federation, size):
    federation_staff = MembershipFactory(organisation=federation, role=MembershipRole.STAFF).user
    for number in range(size):
        submitted(OrganisationFactory(parent=federation), federation_staff, f"P{number}")
    client.force_login(make_curator())

    # session, user, the curator's permissions (user, group), the count, the page
    with django_assert_num_queries(6):
        response = client.get(reverse("practices:curator_queue"))

    assert response.status_code == 200


def test_the_edit_page_shows_what_the_curator_asked(client, draft, owner_staff, curator):
    move(draft, S.SUBMITTED, owner_staff)
    move(draft, S.CHANGES_REQUESTED, curator, "Say what is local to Italy.")
    client.force_login(owner_staff)

    response = client.get(reverse("practices:practice_edit", args=[draft.slug]))

    assert "Say what is local to Italy." in response.content.decode()
    assert response.context["may_submit"] is True


@pytest.mark.redis_worker
def test_a_real_worker_sends_a_step_once_even_if_the_task_runs_twice(celery_worker_process):
    worker = celery_worker_process
    cooperative = OrganisationFactory(parent=FederationFactory())
    staff = MembershipFactory(organisation=cooperative, role=MembershipRole.STAFF).user
    practice = PracticeFactory(owner=cooperative, status=S.DRAFT, title="Sent once")

    def emails():
        paths = worker.outbox.glob("*.eml") if worker.outbox.exists() else []
        return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in paths]

    transition = move(practice, S.SUBMITTED, staff)  # a transactional test: committed, so queued
    sent = worker.wait_for(lambda: len(emails()) >= 1)
    send_transition_email.delay(transition_id=transition.pk, site_url=SITE)  # delivered a second time
    heartbeat.delay(worker="after-the-second-transition-email")  # the solo worker runs its queue in order
    drained = worker.wait_for(
        WorkerHeartbeat.objects.filter(worker="after-the-second-transition-email").exists
    )

    assert sent, worker.log.read_text()
    assert drained, worker.log.read_text()
    (email,) = emails()
    assert email["To"] == staff.email
    assert email["Subject"] == "“Sent once” is now: Submitted"


def test_a_slug_taken_by_a_concurrent_insert_moves_on_to_the_next_number(
    owner_staff, cooperative, monkeypatch
):
    PracticeFactory(slug="racing-title")
    # The read of taken slugs missed the row (it was inserted after): the unique index catches it.
    real_filter = Practice.objects.filter
    monkeypatch.setattr(Practice.objects, "filter", lambda **kw: real_filter(pk=-1))

    practice = curation.practice_create(
        by=owner_staff, fields={"title": "Racing title", "summary": "x", "owner": cooperative}
    )

    assert practice.slug == "racing-title-2"


def test_saving_and_resubmitting_from_the_edit_page(client, draft, owner_staff, curator, cooperative):
    move(draft, S.SUBMITTED, owner_staff)
    move(draft, S.CHANGES_REQUESTED, curator, "More detail")
    client.force_login(owner_staff)

    response = client.post(
        reverse("practices:practice_edit", args=[draft.slug]),
        form_data(cooperative, submit_for_review="", contact_person=owner_staff.pk),
        follow=True,
    )

    draft.refresh_from_db()
    assert (draft.status, draft.contact_person) == (S.SUBMITTED, owner_staff)
    assert "was submitted for review" in response.content.decode()


def test_a_curator_editing_keeps_the_current_owner_and_contact_among_the_choices(client, draft, curator):
    contact = UserFactory(full_name="Former Contact")
    draft.contact_person = contact
    draft.save()
    client.force_login(curator)

    response = client.get(reverse("practices:practice_edit", args=[draft.slug]))

    form = response.context["form"]
    assert list(form.fields["owner"].queryset) == [draft.owner]
    assert contact in form.fields["contact_person"].queryset


def test_save_and_submit_by_someone_who_may_not_submit_saves_and_says_so(client, draft, curator, cooperative):
    client.force_login(curator)  # curators edit, but only the owner's staff submit

    response = client.post(
        reverse("practices:practice_edit", args=[draft.slug]),
        form_data(cooperative, submit_for_review=""),
        follow=True,
    )

    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Worker buyouts toolkit", S.DRAFT)
    assert "could not be submitted for review now" in response.content.decode()
