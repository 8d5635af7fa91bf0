from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.forms import ModelMultipleChoiceField
from practices.enums import PracticeStatus
from practices.models import Practice
from sessions_app.models import Feedback, Session, Summary


class SummaryForm(forms.ModelForm):
    """The summary, its takeaways, the practices presented and the recording link (kept on the session)."""

    practices = ModelMultipleChoiceField(
        label=_("Practices presented"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the practices that were presented in this session."),
    )
    recording_url = forms.URLField(
        label=_("Recording link"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Summary
        fields = ["body", "takeaways"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "takeaways": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = Practice.objects.filter(
            Q(status=PracticeStatus.PUBLISHED) | Q(sessions=session)
        ).distinct()
        if not self.is_bound:
            self.initial.setdefault("practices", list(session.practices.values_list("pk", flat=True)))
            self.initial.setdefault("recording_url", session.recording_url)


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("How useful was this session for you?"),
        help_text=_("1 = not useful, 5 = very useful."),
        choices=[(value, str(value)) for value in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]
        labels = {"comment": _("Anything you would like to tell the organisers? (optional)")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 5, "maxlength": 3000})}
