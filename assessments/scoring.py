"""Scores of a self-assessment: pure functions, no database.

A dimension's score is the mean of its answers' scores (0..4) scaled to 0..100; the overall score is the
mean of the dimensions that have answers. Means are taken exactly (fractions) and rounded once, half up,
to one decimal, so the overall score does not carry the rounding of each dimension.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from assessments.models import MAX_OPTION_SCORE

ONE_DECIMAL = Decimal("0.1")


def to_decimal(value: Fraction) -> Decimal:
    """``value`` rounded half up to one decimal."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def exact_dimension_scores(answers: Iterable[tuple[str, int]]) -> dict[str, Fraction]:
    """``answers`` are (dimension, option score) pairs; dimensions without answers are left out."""
    by_dimension: dict[str, list[int]] = defaultdict(list)
    for dimension, score in answers:
        by_dimension[dimension].append(score)
    return {
        dimension: Fraction(sum(scores) * 100, len(scores) * MAX_OPTION_SCORE)
        for dimension, scores in by_dimension.items()
    }


def dimension_scores(answers: Iterable[tuple[str, int]]) -> dict[str, Decimal]:
    return {dimension: to_decimal(score) for dimension, score in exact_dimension_scores(answers).items()}


def overall_score(answers: Iterable[tuple[str, int]]) -> Decimal | None:
    """The mean of the dimension scores (only dimensions with answers); None without any answer."""
    scores = exact_dimension_scores(answers)
    if not scores:
        return None
    return to_decimal(sum(scores.values(), Fraction(0)) / len(scores))


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """How far a score moved since the previous assessment; None when either is missing."""
    if current is None or previous is None:
        return None
    return current - previous


def format_change(value: Decimal | None) -> str:
    """ "+12.5", "−3.0" (a real minus sign) or "±0.0"; an empty string when there is nothing to compare."""
    if value is None:
        return ""
    if value > 0:
        return f"+{value:.1f}"
    if value < 0:
        return f"\u2212{-value:.1f}"
    return "\u00b10.0"


def weakest(scores: Mapping[str, Decimal], order: list[str], *, count: int = 2) -> list[str]:
    """The ``count`` lowest-scoring dimensions; ties go to the one listed first in ``order``."""
    ranked = sorted(scores, key=lambda dimension: (scores[dimension], order.index(dimension)))
    return ranked[:count]
