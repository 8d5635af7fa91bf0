"""The Django admin for members. Actions call services; none saves a domain object itself.

Invitations and requests to join are read-only here: they are created, sent and decided on the
organisation's own pages (and through the services), so the e-mails and checks always happen.
"""

from allauth.usersessions.admin import UserSessionAdmin as AllauthUserSessionAdmin
from allauth.usersessions.models import UserSession
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members.enums import InvitationStatus
from members.models import Invitation, JoinRequest, Membership, Organisation, User
from members.services.accounts import user_delete
from members.services.organisations import organisation_set_active


class MembershipOfUserInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["organisation", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["organisation"]
    verbose_name_plural = _("memberships")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class MembershipOfOrganisationInline(admin.TabularInline):
    model = Membership
    fk_name = "organisation"
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    verbose_name_plural = _("members (people)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "country", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "country", "preferred_language"]
    search_fields = ["email", "full_name"]
    date_hierarchy = "date_joined"
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "country", "preferred_language", "time_zone"]}),
        (
            _("E-mails"),
            {"fields": ["notify_session_reminders", "notify_session_summaries", "practice_digest"]},
        ),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipOfUserInline]
    actions = ["anonymise_selected"]

    @admin.action(
        description=_("Delete personal data of selected people (keeps anonymous counts)"),
        permissions=["delete"],
    )
    def anonymise_selected(self, request, queryset) -> None:
        people = [user for user in queryset if user.pk != request.user.pk]
        for user in people:
            user_delete(user=user)
        self.message_user(
            request,
            ngettext(
                "Personal data of %(count)d person deleted.",
                "Personal data of %(count)d people deleted.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "parent", "children_count", "is_active", "is_demo"]
    list_filter = ["kind", "country", "is_active", "is_demo"]
    search_fields = ["name", "city", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [MembershipOfOrganisationInline]
    actions = ["deactivate_selected", "activate_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(children_count=Count("children", distinct=True))

    @admin.display(description=_("member organisations"), ordering="children_count")
    def children_count(self, organisation: Organisation) -> int:
        return organisation.children_count

    @admin.action(description=_("Deactivate selected organisations"), permissions=["change"])
    def deactivate_selected(self, request, queryset) -> None:
        changed = organisation_set_active(organisations=queryset, active=False)
        self.message_user(
            request,
            ngettext("%(count)d organisation deactivated.", "%(count)d organisations deactivated.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Activate selected organisations"), permissions=["change"])
    def activate_selected(self, request, queryset) -> None:
        changed = organisation_set_active(organisations=queryset, active=True)
        self.message_user(
            request,
            ngettext("%(count)d organisation activated.", "%(count)d organisations activated.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind", "organisation__country"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
    date_hierarchy = "created_at"


class InvitationStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return InvitationStatus.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
        match self.value():
            case InvitationStatus.ACCEPTED:
                return queryset.filter(accepted_at__isnull=False)
            case InvitationStatus.REVOKED:
                return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
            case InvitationStatus.EXPIRED:
                return queryset.filter(open_, expires_at__lte=now)
            case InvitationStatus.PENDING:
                return queryset.filter(open_, expires_at__gt=now)
        return queryset


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows made and changed only through the portal's own pages and services."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "status_label", "sent_count", "expires_at"]
    list_filter = [InvitationStatusFilter, "role", "organisation__kind"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation"]
    exclude = ["token"]
    date_hierarchy = "created_at"
    actions = ["resend_selected", "revoke_selected"]

    @admin.display(description=_("status"))
    def status_label(self, invitation: Invitation) -> str:
        return InvitationStatus(invitation.status).label

    def _each(self, request, queryset, operation, done: str) -> None:
        """Apply ``operation`` to each selected invitation; the service refuses closed ones."""
        changed = skipped = 0
        for invitation in queryset:
            try:
                operation(invitation)
            except ValidationError:
                skipped += 1
            else:
                changed += 1
        if changed:
            self.message_user(request, done % {"count": changed}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation skipped: it has already been used or withdrawn.",
                    "%(count)d invitations skipped: they have already been used or withdrawn.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Resend selected invitations"))
    def resend_selected(self, request, queryset) -> None:
        # Imported here: the invitations service is its own module, loaded only when staff use it.
        from members.services.invitations import invitation_resend

        site_url = request.build_absolute_uri("/")
        self._each(
            request,
            queryset,
            lambda invitation: invitation_resend(invitation=invitation, by=request.user, site_url=site_url),
            gettext("Invitations sent again: %(count)d."),
        )

    @admin.action(description=_("Revoke selected invitations"))
    def revoke_selected(self, request, queryset) -> None:
        from members.services.invitations import invitation_revoke

        self._each(
            request,
            queryset,
            lambda invitation: invitation_revoke(invitation=invitation, by=request.user),
            gettext("Invitations revoked: %(count)d."),
        )


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status", "organisation__kind", "organisation__country"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    date_hierarchy = "created_at"


# allauth's admin for signed-in sessions searches a username, which people here do not have (a 500 on
# any search): the same admin, searching e-mail and name instead.
admin.site.unregister(UserSession)


@admin.register(UserSession)
class UserSessionAdmin(AllauthUserSessionAdmin):
    search_fields = ["user__email", "user__full_name", "ip"]
