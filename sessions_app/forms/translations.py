from django import forms
from django.utils.translation import gettext_lazy as _

from sessions_app.models import ProgrammeTranslation, SessionTranslation, SummaryTranslation

MARKDOWN = _("Markdown: **bold**, *italic*, lists, links. No HTML.")


class _InLanguage:
    """Each input is marked with the language it is written in (its label stays in the reader's)."""

    def mark_language(self, language: str) -> None:
        for field in self.fields.values():
            field.widget.attrs["lang"] = language


class ProgrammeTranslationForm(_InLanguage, forms.ModelForm):
    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark_language(language)

    class Meta:
        model = ProgrammeTranslation
        fields = ["title", "theme", "description", "aims"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "aims": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"description": MARKDOWN, "aims": MARKDOWN}


class SessionTranslationForm(_InLanguage, forms.ModelForm):
    """The session's title and agenda; with ``summary``, its summary's body and takeaways too (the
    body may stay empty: the summary is then shown in the original)."""

    summary_body = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 10}), help_text=MARKDOWN
    )
    summary_takeaways = forms.CharField(
        label=_("Key takeaways"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    class Meta:
        model = SessionTranslation
        fields = ["title", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"agenda": MARKDOWN}

    def __init__(
        self,
        *args,
        language: str,
        has_summary: bool,
        summary_translation: SummaryTranslation | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not has_summary:
            del self.fields["summary_body"], self.fields["summary_takeaways"]
        elif summary_translation is not None and not self.is_bound:
            self.initial["summary_body"] = summary_translation.body
            self.initial["summary_takeaways"] = summary_translation.takeaways
        self.mark_language(language)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("summary_takeaways", "").strip() and not data.get("summary_body", "").strip():
            self.add_error("summary_body", _("Translate the summary too, or leave the takeaways empty."))
        return data
