"""Pages of the account: second factor, recovery codes, logging out everywhere, API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.accounts import two_factor
from accord.accounts.models import ApiToken, User
from accord.core.audit import Actor, record_change, save_with_record


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def safe_next(request: HttpRequest) -> str:
    """Where to go after the second factor: the page asked for, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Enter the code of the authenticator (or a recovery code) after the password."""
    if not two_factor.has_confirmed_device(request.user):
        return redirect("accounts:two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_second_factor(request, request.user, form.cleaned_data["code"]):
            return redirect(safe_next(request))
        form.add_error(
            "code",
            _(
                "This code is not valid. "
                "Use the current code of your authenticator or an unused recovery code."
            ),
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": safe_next(request)})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code, confirm with a code, keep the recovery codes."""
    if two_factor.has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect("accounts:two-factor")
    device = two_factor.pending_totp_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_totp(request, request.user, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": safe_next(request)}
            )
        form.add_error(
            "code", _("This code does not match. Check the time on your phone and try the current code.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.provisioning_svg(device, request.user),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "next": safe_next(request),
        },
    )


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working)."""
    codes = two_factor.replace_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})


@login_required
@require_POST
@transaction.atomic
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this user, on every device, including this one."""
    user = User.objects.select_for_update().get(pk=request.user.pk)
    save_with_record(
        user,
        actor=Actor.for_user(request.user),
        reason="logged out everywhere",
        fields={"session_epoch": user.session_epoch + 1},
    )
    logout(request)
    messages.info(request, _("You have been logged out on every device."))
    return redirect("login")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The user's own account: affiliation, clearance, second factor, tokens."""
    tokens = ApiToken.objects.restrict(request.user).filter(user=request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": tokens,
            "has_device": two_factor.has_confirmed_device(request.user),
        },
    )


class RecordedPasswordChangeView(PasswordChangeView):
    """Django's password change, with the change on the record (never the hash itself)."""

    success_url = reverse_lazy("accounts:account")
    template_name = "accounts/password_change.html"

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record_change(
            actor=Actor.for_user(self.request.user),
            action="update",
            instance=self.request.user,
            before={"password": "(previous)"},
            after={"password": "(changed)"},
            reason="password changed",
        )
        messages.info(self.request, _("Your password has been changed."))
        return response
