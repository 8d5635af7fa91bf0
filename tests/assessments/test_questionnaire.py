"""Taking the self-assessment: start, save as you go, finish with scores; versions of the questionnaire."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Answer, Assessment, DimensionScore, Questionnaire
from assessments.services import assessments as services
from members.enums import MembershipRole
from tests.factories.assessments import DIMENSIONS, active_questionnaire
from tests.factories.members import FederationFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def cooperative(db):
    return OrganisationFactory(parent=FederationFactory(), name="Coop Uno")


@pytest.fixture
def staff(cooperative):
    return MembershipFactory(organisation=cooperative, role=MembershipRole.STAFF).user


@pytest.fixture
def assessment(cooperative, staff):
    return services.assessment_start(organisation=cooperative, user=staff)


def questions_of(assessment):
    return list(assessment.questionnaire.questions.prefetch_related("options"))


def all_answers(assessment, score_of=lambda question: 2) -> dict:
    return {
        f"q{question.pk}": str(question.options.get(score=score_of(question)).pk)
        for question in questions_of(assessment)
    }


def test_version_1_has_four_questions_with_five_options_per_dimension(db):
    questionnaire = Questionnaire.objects.get(version=1)
    per_dimension = {d: questionnaire.questions.filter(dimension=d).count() for d in DIMENSIONS}

    assert questionnaire.is_active
    assert per_dimension == dict.fromkeys(DIMENSIONS, 4)
    assert all(
        sorted(q.options.values_list("score", flat=True)) == [0, 1, 2, 3, 4]
        for q in questionnaire.questions.all()
    )
    assert questionnaire.questions.filter(text__icontains="members and workers take part").exists()


def test_assessment_start_twice_continues_the_one_in_progress(cooperative, staff):
    first = services.assessment_start(organisation=cooperative, user=staff)
    second = services.assessment_start(organisation=cooperative, user=staff)

    assert first == second
    assert first.questionnaire == active_questionnaire()
    assert first.completed_at is None


def test_assessment_start_without_an_active_questionnaire_is_refused(cooperative, staff):
    Questionnaire.objects.update(is_active=False)

    with pytest.raises(ValidationError):
        services.assessment_start(organisation=cooperative, user=staff)


def test_answers_save_replaces_an_earlier_answer(assessment):
    question = questions_of(assessment)[0]
    services.answers_save(assessment=assessment, options={question.pk: question.options.get(score=1)})
    services.answers_save(assessment=assessment, options={question.pk: question.options.get(score=3)})

    assert list(Answer.objects.values_list("option__score", flat=True)) == [3]


def test_answers_save_refuses_an_option_of_another_question(assessment):
    first, second = questions_of(assessment)[:2]

    with pytest.raises(ValidationError):
        services.answers_save(assessment=assessment, options={first.pk: second.options.first()})


def test_assessment_complete_stores_a_score_per_dimension_and_the_overall(assessment):
    questions = questions_of(assessment)
    scores = {DIMENSIONS[0]: 4, DIMENSIONS[1]: 0}  # the rest answer 2 (50.0)
    services.answers_save(
        assessment=assessment,
        options={q.pk: q.options.get(score=scores.get(q.dimension, 2)) for q in questions},
    )

    done = services.assessment_complete(assessment=assessment)

    stored = dict(DimensionScore.objects.filter(assessment=done).values_list("dimension", "score"))
    assert stored == {
        d: Decimal({DIMENSIONS[0]: "100.0", DIMENSIONS[1]: "0.0"}.get(d, "50.0")) for d in DIMENSIONS
    }
    assert done.overall == Decimal("50.0")
    assert done.completed_at is not None


def test_assessment_complete_refuses_an_unanswered_question(assessment):
    question = questions_of(assessment)[0]
    services.answers_save(assessment=assessment, options={question.pk: question.options.first()})

    with pytest.raises(ValidationError):
        services.assessment_complete(assessment=assessment)
    assert DimensionScore.objects.count() == 0


def test_a_completed_assessment_cannot_be_changed(assessment):
    questions = questions_of(assessment)
    services.answers_save(assessment=assessment, options={q.pk: q.options.first() for q in questions})
    services.assessment_complete(assessment=assessment)

    with pytest.raises(ValidationError):
        services.answers_save(assessment=assessment, options={questions[0].pk: questions[0].options.last()})
    with pytest.raises(ValidationError):
        services.assessment_complete(assessment=assessment)


def test_questionnaire_copy_keeps_the_old_version_and_its_questions(db):
    original = active_questionnaire()

    copy = services.questionnaire_copy(questionnaire=original)

    assert copy.version == original.version + 1
    assert not copy.is_active
    assert copy.questions.count() == original.questions.count()
    assert Questionnaire.objects.get(pk=original.pk).questions.count() == 24
    assert copy.questions.first().options.count() == 5


def test_admin_copy_action_makes_a_new_version(admin_client):
    original = active_questionnaire()

    response = admin_client.post(
        reverse("admin:assessments_questionnaire_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [original.pk]},
    )

    assert response.status_code == 302
    assert Questionnaire.objects.filter(version=original.version + 1, is_active=False).exists()


# The pages


def take_url(assessment) -> str:
    return reverse("assessments:assessment_take", args=[assessment.pk])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_home_lists_managed_cooperatives_with_a_start_button(client, cooperative, staff):
    client.force_login(staff)

    response = client.get(reverse("assessments:assessment_home"))

    assert response.status_code == 200
    assert "Coop Uno" in text_of(response)
    assert reverse("assessments:assessment_start", args=[cooperative.slug]) in response.content.decode()


def test_home_without_a_cooperative_explains_who_takes_it(client, cooperative):
    client.force_login(MembershipFactory(organisation=cooperative).user)

    response = client.get(reverse("assessments:assessment_home"))

    assert "Who takes the assessment" in text_of(response)
    assert "Coop Uno" not in text_of(response)


def test_start_creates_an_assessment_and_opens_it(client, cooperative, staff):
    client.force_login(staff)

    response = client.post(reverse("assessments:assessment_start", args=[cooperative.slug]))

    assessment = Assessment.objects.get(organisation=cooperative)
    assert response.url == take_url(assessment)


def test_take_shows_a_fieldset_per_dimension_and_the_progress(client, staff, assessment):
    client.force_login(staff)

    response = client.get(take_url(assessment))

    html = response.content.decode()
    assert html.count('<fieldset class="dimension card">') == 6
    assert html.count('type="radio"') == 24 * 5
    assert "0 of 24 answered" in text_of(response)


def test_save_and_continue_later_keeps_what_was_given(client, staff, assessment):
    client.force_login(staff)
    given = dict(list(all_answers(assessment).items())[:12])

    response = client.post(take_url(assessment), {**given, "save": "1"})

    assert response.url == reverse("assessments:assessment_home")
    assert Answer.objects.filter(assessment=assessment).count() == 12
    assert "12 of 24 answered" in text_of(client.get(take_url(assessment)))


def test_an_htmx_change_saves_silently_and_returns_the_progress(client, staff, assessment):
    client.force_login(staff)
    given = dict(list(all_answers(assessment).items())[:3])

    response = client.post(take_url(assessment), given, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert text_of(response).strip() == "3 of 24 answered"
    assert Answer.objects.filter(assessment=assessment).count() == 3


def test_finish_with_unanswered_questions_ties_errors_to_them(client, staff, assessment):
    client.force_login(staff)
    given = dict(list(all_answers(assessment).items())[:23])
    missing = questions_of(assessment)[23]

    response = client.post(take_url(assessment), {**given, "finish": "1"})

    html = response.content.decode()
    assert response.status_code == 422
    assert 'class="message message-error error-summary" role="alert" tabindex="-1" autofocus' in html
    assert f'href="#id_q{missing.pk}_0"' in html
    assert f'id="id_q{missing.pk}_error"' in html
    assert f'aria-describedby="id_q{missing.pk}_error' in html
    assert Answer.objects.filter(assessment=assessment).count() == 23
    assert Assessment.objects.get().completed_at is None


def test_finish_with_every_answer_completes_and_shows_the_result(client, staff, assessment):
    client.force_login(staff)

    response = client.post(take_url(assessment), {**all_answers(assessment, lambda q: 3), "finish": "1"})

    assessment.refresh_from_db()
    assert response.url == assessment.get_absolute_url()
    assert assessment.overall == Decimal("75.0")
    assert DimensionScore.objects.filter(assessment=assessment).count() == 6


def test_a_completed_assessment_is_not_editable_from_the_page(client, staff, assessment):
    client.force_login(staff)
    client.post(take_url(assessment), {**all_answers(assessment, lambda q: 3), "finish": "1"})

    shown = client.get(take_url(assessment))
    posted = client.post(take_url(assessment), {**all_answers(assessment, lambda q: 0), "finish": "1"})

    assert shown.url == assessment.get_absolute_url()
    assert posted.url == assessment.get_absolute_url()
    assert Assessment.objects.get().overall == Decimal("75.0")
    assert set(Answer.objects.values_list("option__score", flat=True)) == {3}
