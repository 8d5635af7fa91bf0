from django.urls import path

from members.views import account, directory, language, staff

app_name = "members"

urlpatterns = [
    # Directory (public; contact details for signed-in members only)
    path("members/", directory.organisation_list, name="directory"),
    path("members/<slug:slug>/", directory.organisation_detail, name="organisation_detail"),
    # Joining: requests by signed-in people, decided by the organisation's staff
    path("members/<slug:slug>/join/", staff.join_request_create, name="join_request_create"),
    path("members/<slug:slug>/requests/", staff.join_request_list, name="join_request_list"),
    path(
        "members/<slug:slug>/requests/<int:pk>/<str:decision>/",
        staff.join_request_decide,
        name="join_request_decide",
    ),
    # Invitations: sent by staff, accepted through a signed single-use link
    path("members/<slug:slug>/invitations/", staff.invitation_list, name="invitation_list"),
    path(
        "members/<slug:slug>/invitations/<int:pk>/resend/", staff.invitation_resend, name="invitation_resend"
    ),
    path(
        "members/<slug:slug>/invitations/<int:pk>/revoke/", staff.invitation_revoke, name="invitation_revoke"
    ),
    path("invitations/<str:token>/", staff.invitation_accept, name="invitation_accept"),
    # The language switcher in the header
    path("language/", language.set_language, name="set_language"),
    # My account
    path("me/", account.profile, name="account_profile"),
    path("me/export/", account.export_data, name="account_export"),
    path("me/delete/", account.delete_account, name="account_delete"),
]
