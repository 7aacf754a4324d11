"""Sending notifications by e-mail: in a background job, never while a page waits.

:func:`queue_mail` queues one job for the notifications one piece of news wrote. The job sends each
message through Django's e-mail backend (files in the data folder, or SMTP: see the settings) and
records on every notification whether it was sent, or why not; a failed message stays pending and is
tried again by the periodic retry until :data:`MAX_ATTEMPTS`, then it is marked failed with its error.
Nothing is lost: a notification is sent, failed with a reason, or withheld with a reason.

No secret leaves by mail. A message names its record (kind of news and title) only when the record is
open to everyone (PUBLIC and releasable to everyone, or of a public model). For every other record the
subject and body say only that there is something new to read in Accord, with the link to the
recipient's notifications: the kind of news, the title, the state and the level stay behind the login.
Before sending, the recipient's access is checked again: someone who may no longer see the record, or
whose account was disabled, gets no message.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER, is_classified, is_public, is_restricted
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.core.jobs import JobContext, Outcome, job, periodic
from accord.core.references import record_title
from accord.crisis.models import EmailStatus, Notification, NotificationKind

logger = logging.getLogger(__name__)
MAIL_ACTOR = Actor.system("notifications")
MAX_ATTEMPTS = 5
RETRY_EVERY = datetime.timedelta(hours=1)  # a run each time: hourly keeps the list of runs readable
# A pending message younger than this is still its first job's: the retry leaves it alone.
FIRST_JOB_GRACE = datetime.timedelta(minutes=10)
RETRY_BATCH = 500
MAIL_LANGUAGES = ("en", "ru")  # accounts have no language of their own: every message is in both
SUBJECT_LENGTH = 200


def queue_mail(ids: list[int]) -> None:
    """Queue the job that sends these notifications' e-mails (in the caller's transaction)."""
    send_notification_mail.submit(MAIL_ACTOR, subject=f"{len(ids)} notifications", ids=ids)


def open_to_everyone(record: models.Model) -> bool:
    """Whether a record may be named in an e-mail: PUBLIC and releasable to everyone, or of a public
    model. Anything else — classified, limited to members, or a kind of record this does not know —
    is not named."""
    model = type(record)
    if is_classified(model):
        return (
            record.classification == Classification.PUBLIC and record.releasability == Releasability.EVERYONE
        )
    return is_public(model)


def one_line(text: str) -> str:
    """Text safe for a header: one line, bounded."""
    return " ".join(str(text).split())[:SUBJECT_LENGTH]


def notifications_link(notification: Notification) -> str:
    return f"{settings.ACCORD_SITE_URL}{reverse('crisis:notification-list')}#notification-{notification.pk}"


def subject_in(language: str, notification: Notification, record: models.Model | None) -> str:
    with translation.override(language):
        if record is None:
            return _("Accord: something new for you to read")
        return _("Accord: %(kind)s — %(title)s") % {
            "kind": NotificationKind(notification.kind).label,
            "title": record_title(record),
        }


def body_in(language: str, notification: Notification, record: models.Model | None, link: str) -> str:
    with translation.override(language):
        if record is None:
            news = _("There is something new for you to read in Accord. Log in to see it:")
        else:
            news = _("%(kind)s: %(title)s. Read more in Accord:") % {
                "kind": NotificationKind(notification.kind).label,
                "title": record_title(record),
            }
        why = _("You receive this e-mail because of your notification preferences in Accord.")
        return f"{news}\n{link}\n\n{why}\n"


def compose(notification: Notification, record: models.Model) -> EmailMessage:
    """The message for one notification, in both languages; see the module's docstring on secrets."""
    named = record if open_to_everyone(record) else None
    link = notifications_link(notification)
    subject = " / ".join(one_line(subject_in(language, notification, named)) for language in MAIL_LANGUAGES)
    body = "\n---\n\n".join(body_in(language, notification, named, link) for language in MAIL_LANGUAGES)
    return EmailMessage(one_line(subject), body, to=[notification.recipient.email])


def record_of(notification: Notification) -> models.Model | None:
    """The record a notification is about, if it still exists and its kind is still known."""
    model = notification.content_type.model_class()
    if model is None or not is_restricted(model):
        return None  # a kind of record no policy describes is sent to no one
    return model._default_manager.restrict(SYSTEM_USER).filter(pk=notification.object_id).first()


def still_visible(notification: Notification, record: models.Model | None) -> bool:
    """Whether the recipient is active and may still see the record (asked again before sending)."""
    recipient = notification.recipient
    if record is None or not recipient.is_active or not recipient.email:
        return False
    return type(record)._default_manager.restrict(recipient).filter(pk=record.pk).exists()


def deliver(notification: Notification, connection: Any) -> str:
    """Send one notification's e-mail and record how it went; returns its new e-mail status."""
    record = record_of(notification)
    if not still_visible(notification, record):
        notification.email_status = EmailStatus.WITHHELD
        notification.email_error = "the recipient may no longer see the record, or has no active address"
        notification.save(update_fields=["email_status", "email_error"])
        return notification.email_status
    notification.email_attempts += 1
    try:
        connection.send_messages([compose(notification, record)])
    except Exception as error:  # an SMTP refusal, a timeout, a full disk: recorded, tried again
        logger.warning("notification %s: e-mail failed: %s", notification.pk, error)
        notification.email_error = (str(error) or type(error).__name__)[:300]
        failed = notification.email_attempts >= MAX_ATTEMPTS
        notification.email_status = EmailStatus.FAILED if failed else EmailStatus.PENDING
    else:
        notification.email_status, notification.email_error = EmailStatus.SENT, ""
        notification.emailed_at = timezone.now()
    notification.save(update_fields=["email_status", "email_error", "email_attempts", "emailed_at"])
    return notification.email_status


def deliver_all(context: JobContext, notifications: models.QuerySet) -> Outcome:
    """Send each pending notification's e-mail over one connection; counts: sent, and not sent.

    A pending notification taken by two jobs at once (its first job, slow, and the retry) may be sent
    twice; one message too many is better than one lost.
    """
    pending = list(notifications.filter(email_status=EmailStatus.PENDING).select_related("recipient"))
    outcomes: dict[str, int] = {}
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # the server is down: each message fails alone below and is retried
        logger.warning("notifications: the mail server cannot be reached: %s", error)
    try:
        for done, notification in enumerate(pending, start=1):
            status = deliver(notification, connection)
            outcomes[status] = outcomes.get(status, 0) + 1
            context.progress(done, len(pending))
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection tells nothing more
            logger.debug("notifications: closing the mail connection failed", exc_info=True)
    sent = outcomes.get(EmailStatus.SENT, 0)
    not_sent = len(pending) - sent
    context.message(
        f"{sent} sent, {outcomes.get(EmailStatus.PENDING, 0)} to try again, "
        f"{outcomes.get(EmailStatus.FAILED, 0)} failed, {outcomes.get(EmailStatus.WITHHELD, 0)} withheld"
    )
    return Outcome(counts={"added": sent, "rejected": not_sent})


@job("crisis.notification-mail", retries=2)
def send_notification_mail(context: JobContext, ids: list[int]) -> Outcome:
    """The e-mails of one piece of news (a retry after a lost worker skips what was sent)."""
    return deliver_all(context, Notification.objects.restrict(context.actor.access_user).filter(pk__in=ids))


@job("crisis.notification-mail-retry")
def retry_notification_mail(context: JobContext) -> Outcome:
    """Messages that failed before, or whose first job was lost: tried again until MAX_ATTEMPTS."""
    settled_before = timezone.now() - FIRST_JOB_GRACE
    due = Notification.objects.restrict(context.actor.access_user).filter(
        email_status=EmailStatus.PENDING, created_at__lt=settled_before
    )
    ids = list(due.order_by("created_at").values_list("pk", flat=True)[:RETRY_BATCH])
    return deliver_all(context, Notification.objects.restrict(context.actor.access_user).filter(pk__in=ids))


periodic("crisis.notification-mail-retry", retry_notification_mail, every=RETRY_EVERY)
