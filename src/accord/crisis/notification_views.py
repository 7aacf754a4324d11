"""The reader's notifications and notification preferences, as pages.

Each user sees only their own notifications here (administrators too). A notification's record is
shown through :mod:`accord.core.references`: a record the reader may no longer see shows as hidden.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.audit import Actor
from accord.core.references import references_for_request
from accord.crisis.notification_forms import PreferencesForm
from accord.crisis.notifications import (
    NotificationError,
    mark_read,
    notification_rows,
    own_notifications,
    preference_of,
    set_preferences,
)

NOTIFICATIONS_PER_PAGE = 25


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The reader's notifications, newest first, unread ones marked."""
    page = Paginator(own_notifications(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = notification_rows(references_for_request(request), list(page.object_list))
    return render(
        request,
        "crisis/notifications.html",
        {
            "page": page,
            "rows": rows,
            "querystring": "",
            "any_unread": any(not row.notification.is_read for row in rows),
        },
    )


def back_to_list(request: HttpRequest) -> HttpResponse:
    """The list again, at the page the reader was on."""
    page = request.POST.get("page", "")
    suffix = f"?page={int(page)}" if page.isdigit() else ""
    return redirect(f"{reverse('crisis:notification-list')}{suffix}")


@login_required
@require_POST
def notification_mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (``id``), or all of them (``all``)."""
    if request.POST.get("all"):
        mark_read(request.user)
    else:
        given = request.POST.get("id", "")
        if given.isdigit():
            mark_read(request.user, [int(given)])
    return back_to_list(request)


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to its record, if the reader may still see it."""
    found = own_notifications(request.user).filter(pk=pk).first()
    if found is None:
        return back_to_list(request)
    mark_read(request.user, [found.pk])
    row = notification_rows(references_for_request(request), [found])[0]
    if row.url:
        return redirect(row.url)
    messages.info(request, _("The record of this notification is not one you may see now."))
    return back_to_list(request)


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """What the reader wants to be told, and whether by e-mail."""
    preference = preference_of(request.user)
    form = PreferencesForm(
        request.POST or None, user=request.user, initial=PreferencesForm.initial_from(preference)
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_preferences(request.user, form.cleaned_data, actor=Actor.for_user(request.user))
        except NotificationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.reason)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("crisis:notification-preferences")
    return render(request, "crisis/notification_preferences.html", {"form": form})
