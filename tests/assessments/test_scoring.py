"""Scoring against hand-computed examples: mean of answers (0..4) / 4 * 100, one decimal, half up."""

from decimal import Decimal

import pytest

from assessments.scoring import dimension_scores, format_change, overall_score, weakest
from practices.enums import MaturityDimension

D = list(MaturityDimension.values)
STRATEGY, READINESS, HUMAN, DATA, AUTOMATION, GREEN = D


def answers(per_dimension: dict[str, list[int]]) -> list[tuple[str, int]]:
    return [(dimension, score) for dimension, scores in per_dimension.items() for score in scores]


def test_scores_all_lowest_answers_are_zero():
    given = answers({dimension: [0, 0, 0, 0] for dimension in D})

    assert dimension_scores(given) == dict.fromkeys(D, Decimal("0.0"))
    assert overall_score(given) == Decimal("0.0")


def test_scores_all_highest_answers_are_one_hundred():
    given = answers({dimension: [4, 4, 4, 4] for dimension in D})

    assert dimension_scores(given) == dict.fromkeys(D, Decimal("100.0"))
    assert overall_score(given) == Decimal("100.0")


def test_scores_mixed_per_dimension_match_the_hand_computed_example():
    given = answers(
        {
            STRATEGY: [4, 3, 2, 1],  # 10 / 16 = 62.5
            READINESS: [0, 0, 1, 1],  # 2 / 16 = 12.5
            HUMAN: [2, 2, 2, 2],  # 8 / 16 = 50.0
            DATA: [4, 4, 4, 3],  # 15 / 16 = 93.75 -> 93.8 (half up)
            AUTOMATION: [1, 0, 0, 0],  # 1 / 16 = 6.25 -> 6.3
            GREEN: [3, 3, 3, 3],  # 12 / 16 = 75.0
        }
    )

    assert dimension_scores(given) == {
        STRATEGY: Decimal("62.5"),
        READINESS: Decimal("12.5"),
        HUMAN: Decimal("50.0"),
        DATA: Decimal("93.8"),
        AUTOMATION: Decimal("6.3"),
        GREEN: Decimal("75.0"),
    }
    # (62.5 + 12.5 + 50 + 93.75 + 6.25 + 75) / 6 = 50: the exact mean, not that of rounded scores (50.05).
    assert overall_score(given) == Decimal("50.0")


def test_scores_a_partly_answered_assessment_counts_only_dimensions_with_answers():
    given = answers({STRATEGY: [4, 2], GREEN: [1]})  # 6 / 8 = 75.0 and 1 / 4 = 25.0

    assert dimension_scores(given) == {STRATEGY: Decimal("75.0"), GREEN: Decimal("25.0")}
    assert overall_score(given) == Decimal("50.0")


def test_scores_thirds_round_to_one_decimal():
    given = answers({STRATEGY: [1, 0, 0], READINESS: [2, 1, 2]})  # 8.333... and 41.666...

    assert dimension_scores(given) == {STRATEGY: Decimal("8.3"), READINESS: Decimal("41.7")}
    assert overall_score(given) == Decimal("25.0")


def test_scores_without_answers_give_no_overall():
    assert dimension_scores([]) == {}
    assert overall_score([]) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("12.5"), "+12.5"), (Decimal("-3"), "\u22123.0"), (Decimal("0.0"), "\u00b10.0"), (None, "")],
    ids=["up", "down", "same", "nothing-to-compare"],
)
def test_format_change_signs_every_change(value, expected):
    assert format_change(value) == expected


def test_weakest_takes_the_two_lowest_and_breaks_ties_in_dimension_order():
    scores = {STRATEGY: Decimal("40"), READINESS: Decimal("20"), HUMAN: Decimal("20"), GREEN: Decimal("10")}

    assert weakest(scores, D) == [GREEN, READINESS]
