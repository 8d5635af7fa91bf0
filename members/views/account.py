"""My account: the profile, a download of everything held about me, and deleting the account."""

import copy

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from members.forms.account import DeleteAccountForm, ProfileForm
from members.permissions import should_use_two_factor
from members.selectors.accounts import memberships_of, pending_join_requests_of, user_data_export
from members.services.accounts import profile_update, user_delete
from members.views.language import remember_language


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    # A copy: an invalid form must not leave its values on request.user, which the page header shows.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, **{name: form.cleaned_data[name] for name in form.changed_data})
        messages.success(request, _("Your profile is saved."))
        response = redirect("members:account_profile")
        remember_language(response, request, request.user.preferred_language)
        return response
    memberships = list(memberships_of(request.user))
    context = {
        "form": form,
        "memberships": memberships,
        "join_requests": pending_join_requests_of(request.user),
        "two_factor_on": is_mfa_enabled(request.user),
        "two_factor_recommended": should_use_two_factor(request.user, memberships),
    }
    return render(request, "members/account_profile.html", context)


@login_required
@require_safe
@never_cache
def export_data(request: HttpRequest) -> JsonResponse:
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response = JsonResponse(
        user_data_export(request.user), encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for taking part."))
        return redirect("home")
    return render(request, "members/account_delete.html", {"form": form})
