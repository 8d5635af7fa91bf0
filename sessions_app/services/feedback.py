"""Feedback on a session: a 1-5 rating and a comment, one per person (a second answer replaces the first),
and the results staff see per session."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q

from members.models import User
from sessions_app.enums import RegistrationStatus
from sessions_app.models import Feedback, Registration, Session

RATINGS = range(1, 6)


def feedback_registration(*, user, session: Session) -> Registration | None:
    """The registration that entitles ``user`` to give feedback: confirmed, or marked as attended."""
    if not (user and user.is_authenticated):
        return None
    return (
        Registration.objects.filter(session=session, user=user)
        .filter(Q(status=RegistrationStatus.CONFIRMED) | Q(attended=True))
        .first()
    )


def feedback_submit(*, session: Session, user: User, rating: int, comment: str) -> tuple[Feedback, bool]:
    """Record ``user``'s feedback; a second submission replaces the first. Returns (feedback, created).

    Two submissions racing each other end as one row (the unique constraint decides, the loser updates).
    """
    values = {"rating": rating, "comment": comment}
    try:
        with transaction.atomic():
            return Feedback.objects.update_or_create(session=session, user=user, defaults=values)
    except IntegrityError:
        with transaction.atomic():
            feedback = Feedback.objects.select_for_update().get(session=session, user=user)
            Feedback.objects.filter(pk=feedback.pk).update(**values)
            feedback.refresh_from_db()
            return feedback, False


@dataclass(frozen=True)
class RatingShare:
    rating: int
    count: int
    percent: int


@dataclass(frozen=True)
class FeedbackResults:
    count: int
    average: float | None
    distribution: list[RatingShare]
    comments: list[Feedback]


def feedback_results(*, session: Session) -> FeedbackResults:
    """Count, average, the distribution over 1-5 and the comments (newest first), in two queries."""
    per_rating = {f"r{rating}": Count("pk", filter=Q(rating=rating)) for rating in RATINGS}
    totals = Feedback.objects.filter(session=session).aggregate(
        count=Count("pk"), average=Avg("rating"), **per_rating
    )
    count = totals["count"]
    distribution = [
        RatingShare(
            rating=rating,
            count=totals[f"r{rating}"],
            percent=round(100 * totals[f"r{rating}"] / count) if count else 0,
        )
        for rating in reversed(RATINGS)
    ]
    comments = list(Feedback.objects.filter(session=session).exclude(comment="").order_by("-created_at"))
    average = round(totals["average"], 1) if totals["average"] is not None else None
    return FeedbackResults(count=count, average=average, distribution=distribution, comments=comments)
