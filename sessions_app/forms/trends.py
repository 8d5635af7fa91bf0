"""The staff form for a programme's common trends: what came out of its sessions, for the report."""

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from portal.forms import ModelMultipleChoiceField
from sessions_app.models import Programme, Session, Trend


class SessionsField(ModelMultipleChoiceField):
    def label_from_instance(self, session: Session) -> str:
        return f"{session.number}. {session.title}"


class TrendForm(forms.Form):
    title = forms.CharField(label=_("Trend"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the federations found, in a few sentences."),
    )
    sessions = SessionsField(
        label=_("Sessions where it came up"),
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    position = forms.IntegerField(
        label=_("Position in the report"), min_value=0, max_value=1000, initial=0, required=False
    )

    def __init__(self, *args, programme: Programme, trend: Trend | None = None, **kwargs):
        self.programme, self.trend = programme, trend
        if trend is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": trend.title,
                    "description": trend.description,
                    "sessions": [session.pk for session in trend.sessions.all()],
                    "position": trend.position,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = programme.sessions.order_by("number")
        if trend is None:  # a new trend goes after the others unless told otherwise
            last = programme.trends.aggregate(last=Max("position"))["last"]
            self.fields["position"].initial = 0 if last is None else last + 1

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        others = self.programme.trends.filter(title__iexact=title)
        if self.trend is not None:
            others = others.exclude(pk=self.trend.pk)
        if others.exists():
            raise forms.ValidationError(_("This programme already has a trend with this title."))
        return title

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "sessions": list(data["sessions"]),
            "position": data["position"] or 0,
        }
