"""The questionnaire as a form: one radio group per question, grouped by dimension for the page.

Every field is optional, so a partial save ("save and continue later", or one radio changed with htmx)
is valid; ``require_all`` adds an error to each unanswered question when finishing.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Option
from practices.enums import MaturityDimension


class AnswersForm(forms.Form):
    def __init__(self, *args, questions, answers: dict[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self._options: dict[int, dict[str, Option]] = {}
        for question in questions:
            options = {str(option.pk): option for option in question.options.all()}
            self._options[question.pk] = options
            self.fields[self.field_name(question)] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(pk, option.label) for pk, option in options.items()],
                widget=forms.RadioSelect,
                required=False,
                initial=answers.get(question.pk),
            )

    @staticmethod
    def field_name(question) -> str:
        return f"q{question.pk}"

    def chosen(self) -> dict[int, Option]:
        """{question id: option} for the questions answered in this request."""
        return {
            question.pk: self._options[question.pk][value]
            for question in self.questions
            if (value := self.cleaned_data.get(self.field_name(question)))
        }

    def require_all(self, answered: set[int]) -> bool:
        """Mark every question neither answered before nor now; True when none is left."""
        missing = [question for question in self.questions if question.pk not in answered]
        for question in missing:
            self.add_error(self.field_name(question), _("Choose an answer to this question."))
        return not missing

    def groups(self) -> list[tuple[str, list]]:
        """(dimension name, [bound fields]) in the assessment's order of dimensions."""
        by_dimension: dict[str, list] = {value: [] for value in MaturityDimension.values}
        for question in self.questions:
            by_dimension[question.dimension].append(self[self.field_name(question)])
        labels = dict(MaturityDimension.choices)
        return [(labels[dimension], fields) for dimension, fields in by_dimension.items() if fields]
