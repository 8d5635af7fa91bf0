"""The Django admin for practices. Saves go through practices.services so the search index stays current.

Curation steps, interests, adoptions and bookmarks are read-only here: they are made on the portal's own
pages (and through the services), so the e-mails and checks always happen. A practice's status changes
on the curator queue page for the same reason.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from practices.models import (
    Adoption,
    AdoptionInterest,
    Bookmark,
    Practice,
    PracticeAudience,
    PracticeDimension,
    PracticeImage,
    PracticeLink,
    PracticeTransition,
    Theme,
)
from practices.services.catalogue import practice_save


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PracticeDimensionInline(admin.TabularInline):
    model = PracticeDimension
    extra = 0


class PracticeAudienceInline(admin.TabularInline):
    model = PracticeAudience
    extra = 0


class PracticeLinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0


class PracticeImageInline(admin.TabularInline):
    model = PracticeImage
    extra = 0


class PracticeTransitionInline(admin.TabularInline):
    model = PracticeTransition
    extra = 0
    fields = ["created_at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("curation history")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "practice_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("practices"))
    def practice_count(self, theme: Theme) -> int:
        return theme.practice_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(practice_count=Count("practices"))


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "country", "status", "published_at", "updated_at"]
    list_filter = ["status", "themes", "owner__kind", "cost_band", "setup_time", "country", "federation"]
    search_fields = ["title", "summary", "slug", "owner__name", "sector"]
    list_select_related = ["owner"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["owner", "federation", "contact_person"]
    filter_horizontal = ["themes"]
    date_hierarchy = "published_at"
    readonly_fields = ["status", "published_at", "submitted_by", "search_vector", "created_at", "updated_at"]
    inlines = [
        PracticeDimensionInline,
        PracticeAudienceInline,
        PracticeLinkInline,
        PracticeImageInline,
        PracticeTransitionInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "owner", "federation", "country", "summary", "description"]}),
        (_("Classification"), {"fields": ["themes", "sector", "year_started", "contact_person"]}),
        (
            _("Transferability"),
            {
                "fields": [
                    "prerequisites",
                    "cost_band",
                    "setup_time",
                    "skills_needed",
                    "transferable",
                    "local_context",
                ]
            },
        ),
        (
            _("Curation (changed on the curator queue page)"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "submitted_by",
                    "created_at",
                    "updated_at",
                    "search_vector",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change) -> None:
        # Through the service: the search vector (title, summary, description...) is recomputed at once.
        # Themes and inlines are saved next by save_related; the vector does not depend on them.
        practice_save(practice=obj)


@admin.register(PracticeTransition)
class PracticeTransitionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "from_status", "to_status", "by", "created_at"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["practice__title", "comment", "by__email"]
    list_select_related = ["practice", "by"]
    date_hierarchy = "created_at"


@admin.register(AdoptionInterest)
class AdoptionInterestAdmin(ReadOnlyAdmin):
    list_display = ["practice", "user", "organisation", "created_at"]
    list_filter = ["organisation__country"]
    search_fields = ["practice__title", "user__email", "organisation__name", "message"]
    list_select_related = ["practice", "user", "organisation"]
    date_hierarchy = "created_at"


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["practice", "organisation", "reported_by", "created_at"]
    list_filter = ["organisation__country", "organisation__kind"]
    search_fields = ["practice__title", "organisation__name", "story"]
    list_select_related = ["practice", "organisation", "reported_by"]
    date_hierarchy = "created_at"


@admin.register(Bookmark)
class BookmarkAdmin(ReadOnlyAdmin):
    list_display = ["user", "practice", "created_at"]
    search_fields = ["user__email", "practice__title"]
    list_select_related = ["user", "practice"]
