from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import PracticeTranslation


class PracticeTranslationForm(forms.ModelForm):
    class Meta:
        model = PracticeTranslation
        fields = ["title", "summary", "description"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "description": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"description": _("Markdown: **bold**, *italic*, lists, links. No HTML.")}
