"""The generator's self-assessments (answers and dimension scores, scored as the service would) and
follow-up commitments."""

from datetime import timedelta
from decimal import Decimal

from bench.bulk import Table

TENTH = Decimal("0.1")


class AssessmentsPart:
    def assessments(self) -> None:
        from assessments.models import Answer, Assessment, DimensionScore, Option, Questionnaire

        rng = self.rng
        questionnaire = Questionnaire.objects.get(is_active=True)
        questions = list(questionnaire.questions.order_by("position").values_list("pk", "dimension"))
        options = {
            (question, score): pk
            for pk, question, score in Option.objects.filter(
                question__questionnaire=questionnaire
            ).values_list("pk", "question_id", "score")
        }
        dimensions = sorted({dimension for _, dimension in questions})
        per_dimension = {d: sum(1 for _, dim in questions if dim == d) for d in dimensions}
        assessments, answers, scores = Table(Assessment), Table(Answer), Table(DimensionScore)
        for _ in range(self.sizes.assessments):
            coop = rng.choice(self.cooperatives)
            level = {d: min(4, max(0, round(rng.gauss(2, 1)))) for d in dimensions}
            chosen = {q: min(4, max(0, level[d] + rng.choice([-1, 0, 0, 1]))) for q, d in questions}
            totals = dict.fromkeys(dimensions, 0)
            for question, dimension in questions:
                totals[dimension] += chosen[question]
            score = {
                d: (Decimal(totals[d] * 100) / (4 * per_dimension[d])).quantize(TENTH) for d in dimensions
            }
            completed = self.now - timedelta(days=rng.randint(1, 730))
            pk = assessments.add(
                organisation_id=coop.pk,
                questionnaire_id=questionnaire.pk,
                taken_by_id=self.staff_of.get(coop.pk),
                completed_at=completed,
                overall=(sum(score.values()) / len(score)).quantize(TENTH),
                created_at=completed - timedelta(minutes=20),
                updated_at=completed,
            )
            for question, value in chosen.items():
                answers.add(assessment_id=pk, question_id=question, option_id=options[(question, value)])
            for dimension, value in score.items():
                scores.add(assessment_id=pk, dimension=dimension, score=value)
        rows = assessments.write() + answers.write() + scores.write()
        self.clock.done("assessments, answers, scores", rows)

    def commitments(self) -> None:
        from assessments.enums import CommitmentStatus
        from assessments.models import Commitment
        from sessions_app.models import Session

        rng, text = self.rng, self.text
        past = [s for s in self.sessions if s.starts_at < self.now]
        if not past:
            return
        presented = {}
        for session, practice in Session.practices.through.objects.filter(session__in=past).values_list(
            "session_id", "practice_id"
        ):
            presented.setdefault(session, []).append(practice)
        table = Table(Commitment)
        for _ in range(max(10, self.sizes.sessions // 2)):
            session = rng.choice(past)
            coop = rng.choice(self.cooperatives)
            table.add(
                organisation_id=coop.pk,
                session_id=session.pk,
                practice_id=rng.choice(presented[session.pk]),
                description=text.sentences_text(1, 3),
                target_date=(session.starts_at + timedelta(days=rng.randint(30, 200))).date(),
                created_by_id=self.staff_of.get(coop.pk),
                status=rng.choice(list(CommitmentStatus.values)),
            )
        self.clock.done("commitments", table.write())
