"""The admin for programmes and sessions. Session changes go through the services, so calendar
SEQUENCE, reschedule/cancel e-mails and reminders behave as on the staff pages; so do a programme's
new reminder offsets."""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.models import (
    Feedback,
    Programme,
    ProgrammeTranslation,
    Registration,
    Session,
    SessionSpeaker,
    SessionTranslation,
    Summary,
    SummaryTranslation,
    Trend,
)
from sessions_app.services import programmes as services
from sessions_app.services.translations import session_calendar_touch


class ProgrammeTranslationInline(admin.StackedInline):
    model = ProgrammeTranslation
    extra = 0


class TrendInline(admin.StackedInline):
    model = Trend
    extra = 0
    filter_horizontal = ["sessions"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser", "status", "visibility", "is_demo", "created_at"]
    list_filter = ["status", "visibility", "is_demo"]
    search_fields = ["title", "theme", "organiser__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser"]
    filter_horizontal = ["co_hosts"]
    inlines = [ProgrammeTranslationInline, TrendInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "reminder_offsets" in form.changed_data:
            services.programme_reminders_follow_offsets(programme=obj)  # as on the staff pages


class SessionTranslationInline(admin.StackedInline):
    model = SessionTranslation
    extra = 0


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "starts_at", "organiser_time_zone", "status", "capacity", "is_demo"]
    list_filter = ["status", "is_demo", "programme"]
    search_fields = ["title", "programme__title"]
    list_select_related = ["programme"]
    readonly_fields = ["ical_uid", "ical_sequence"]
    filter_horizontal = ["practices"]
    inlines = [SessionTranslationInline, SessionSpeakerInline]
    date_hierarchy = "starts_at"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            # The admin shows times in the reader's zone, beside a field naming the organiser's.
            note = _("In your time zone, %(zone)s.") % {"zone": timezone.get_current_timezone_name()}
            field.help_text = f"{field.help_text} {note}".strip()
        return field

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is SessionTranslation and formset.has_changed():
            session_calendar_touch(session=form.instance)  # calendar apps must see the new text

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # The form has already copied its values onto ``obj``; the service compares with the stored row.
        stored = Session.objects.select_related("programme").get(pk=obj.pk)
        model_fields = set(services.SESSION_FIELDS) & set(form.changed_data)
        services.session_update(session=stored, **{name: getattr(obj, name) for name in model_fields})
        obj.ical_sequence = stored.ical_sequence
        return None


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "session", "status", "attended", "created_at"]
    list_filter = ["status", "attended"]
    search_fields = ["user__email", "user__full_name", "session__title"]
    list_select_related = ["user", "session__programme"]
    readonly_fields = ["session", "user", "status", "attended", "waitlisted_at", "cancelled_at", "created_at"]

    # Places are taken, given up and marked attended on the staff pages, through the registration
    # service (capacity, waiting list, reminders): the admin only looks.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a page to read, without Save buttons that would save nothing

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SummaryTranslationInline(admin.StackedInline):
    model = SummaryTranslation
    extra = 0


@admin.register(Summary)
class SummaryAdmin(admin.ModelAdmin):
    """Read-only: summaries are written and published on the session's staff page (e-mails go once)."""

    list_display = ["session", "published_at", "updated_at"]
    list_select_related = ["session__programme"]
    readonly_fields = ["session", "body", "takeaways", "published_at"]
    inlines = [SummaryTranslationInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["session", "rating", "short_comment", "created_at"]
    list_filter = ["rating"]
    list_select_related = ["session__programme"]
    readonly_fields = ["session", "user", "rating", "comment"]

    @admin.display(description=_("comment"))
    def short_comment(self, obj: Feedback) -> str:
        return obj.comment[:80]
