from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy, translate_url
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from plaza.accounts.models import User
from plaza.accounts.notifications import notices_sent_to, set_email_notices
from plaza.accounts.services import (
    new_feed_token,
    revoke_feed_token,
    roles_of,
    set_language_preference,
)
from plaza.accounts.throttling import check_password_reset
from plaza.core.limits import RateLimited


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        url = super().get_success_url()
        language = getattr(self.request.user, "language", "")
        return translate_url(url, language) if language else url


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        """Send the link, unless this account or address asked too often (429, Retry-After)."""
        try:
            check_password_reset(self.request, form.cleaned_data["email"])
        except RateLimited as exc:
            form.add_error(None, exc.messages)
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    assert isinstance(user, User)
    if request.method == "POST" and request.POST.get("action") == "notices":
        set_email_notices(user, request.POST.get("email_notices") == "on")
        messages.success(request, _("Saved."))
        return redirect("accounts:profile")
    if request.method == "POST" and request.POST.get("action") == "feed":
        if request.POST.get("feed") == "revoke":
            revoke_feed_token(user)
        else:
            new_feed_token(user)
        messages.success(request, _("Saved."))
        return redirect("accounts:profile")
    scopes = [scope.target for scope in user.scopes.select_related("content_type")]
    return render(
        request,
        "accounts/profile.html",
        {"roles": roles_of(user), "scoped_records": [s for s in scopes if s is not None]},
    )


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """What Plaza e-mailed to the user, newest first."""
    return render(
        request,
        "accounts/notices.html",
        {"notices": notices_sent_to(request.user)[:200]},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, which also remembers the choice for a logged-in user."""
    language = request.POST.get("language", "")
    response = django_set_language(request)
    if request.user.is_authenticated and check_for_language(language):
        set_language_preference(request.user, language)
    return response
