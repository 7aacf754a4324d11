"""Pages of the account: second factor, recovery codes, logging out everywhere, API tokens."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.accounts import services, two_factor
from accord.accounts.models import ApiToken
from accord.core.audit import Actor


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


class SetupForm(CodeForm):
    """The first code of a new authenticator, with its key signed for this user (stored on success)."""

    setup_key = forms.CharField(widget=forms.HiddenInput, max_length=500)


def setup_form(request: HttpRequest, user: Any) -> tuple[SetupForm, str, str | None]:
    """The setup form, the key it shows, and the key that came back signed (None if none or expired).

    The form always carries the key the page shows, so that the code entered next is checked
    against the key that was scanned.
    """
    posted_key = None
    key = two_factor.authenticator_key_for(user)
    data = None
    if request.method == "POST":
        posted_key = two_factor.opened_setup_key(user, request.POST.get("setup_key", ""))
        key = posted_key or key
        data = request.POST.copy()
        data["setup_key"] = two_factor.sealed_setup_key(user, key)
    return SetupForm(data, initial={"setup_key": two_factor.sealed_setup_key(user, key)}), key, posted_key


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code, confirm with a code, keep the recovery codes.

    Showing the page writes nothing: the key travels signed in the form, and the authenticator is
    stored when its first code is entered.
    """
    user = request.user
    if two_factor.has_confirmed_device(user) and not user.is_verified():
        return redirect("accounts:two-factor")
    form, key, posted_key = setup_form(request, user)
    if form.is_bound and form.is_valid():
        if posted_key is None:
            form.add_error("code", _("This setup page has expired. Scan the new code and enter its code."))
        else:
            codes = services.confirm_authenticator(request, user, posted_key, form.cleaned_data["code"])
            if codes is not None:
                return render(
                    request, "accounts/recovery_codes.html", {"codes": codes, "next": safe_next(request)}
                )
            form.add_error(
                "code",
                _("This code does not match. Check the time on your phone and try the current code."),
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.provisioning_svg(key, user),
            "secret": two_factor.key_as_typed(key, user),
            "next": safe_next(request),
        },
    )


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working)."""
    codes = services.replace_recovery_codes(request.user, actor=Actor.for_user(request.user))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this user, on every device, including this one."""
    services.end_all_sessions(request.user, actor=Actor.for_user(request.user))
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

    def form_valid(self, form: Any) -> HttpResponse:
        """Change the password through the service (on the record), and keep this session valid."""
        user = form.user
        services.change_own_password(user, form.cleaned_data["new_password1"], actor=Actor.for_user(user))
        update_session_auth_hash(self.request, user)
        messages.info(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())
