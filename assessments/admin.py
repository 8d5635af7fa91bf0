"""The Django admin for the self-assessment. Federations edit questions here; a questionnaire that has been
taken is copied into a new version ("Copy as a new version") rather than changed, so every assessment
keeps the questions it was taken with. Assessments are read-only: they are made on the portal's pages."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessments.models import (
    Answer,
    Assessment,
    CheckIn,
    Commitment,
    DimensionScore,
    Option,
    Question,
    Questionnaire,
)
from assessments.services.assessments import questionnaire_copy


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "dimension", "text", "help_text"]
    show_change_link = True


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    max_num = 5


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "is_active", "created_at"]
    list_filter = ["is_active"]
    inlines = [QuestionInline]
    actions = ["copy_as_new_version"]

    @admin.action(description=_("Copy as a new version"))
    def copy_as_new_version(self, request, queryset) -> None:
        copies = [questionnaire_copy(questionnaire=questionnaire) for questionnaire in queryset]
        self.message_user(
            request,
            ngettext(
                "Copied as version %(versions)s (not active yet).",
                "Copied as versions %(versions)s (not active yet).",
                len(copies),
            )
            % {"versions": ", ".join(str(copy.version) for copy in copies)},
            messages.SUCCESS,
        )


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "dimension", "position", "questionnaire"]
    list_filter = ["questionnaire", "dimension"]
    search_fields = ["text"]
    inlines = [OptionInline]


class DimensionScoreInline(admin.TabularInline):
    model = DimensionScore
    extra = 0
    fields = ["dimension", "score"]
    readonly_fields = fields
    can_delete = False


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "option"]
    readonly_fields = fields
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "completed_at", "overall", "questionnaire", "is_demo"]
    list_filter = ["is_demo", "questionnaire"]
    list_select_related = ["organisation", "questionnaire"]
    search_fields = ["organisation__name"]
    date_hierarchy = "completed_at"
    inlines = [DimensionScoreInline, AnswerInline]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "practice", "session", "target_date", "status"]
    list_filter = ["status"]
    list_select_related = ["organisation", "practice", "session__programme"]
    search_fields = ["organisation__name", "practice__title", "description"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "months", "due_at", "state", "sent_at", "answered_at"]
    list_filter = ["state", "months"]
    list_select_related = ["commitment__organisation", "commitment__practice"]
    exclude = ["token"]
