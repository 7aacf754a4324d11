"""Notifications: who is told (preferences AND visibility), the e-mails the job sends, pages and API."""

from __future__ import annotations

import datetime
import smtplib
from itertools import count

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.accounts.models import Role
from accord.charter.models import State, StateStatus
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification
from accord.core.models import ChangeRecord
from accord.crisis.models import EmailStatus, Event, Notification, NotificationPreference
from accord.crisis.notification_mail import MAX_ATTEMPTS
from accord.crisis.notifications import (
    NotificationError,
    mark_read,
    notify,
    notify_episode_escalated,
    notify_episode_opened,
    set_preferences,
    unread_count,
    who_may_see,
)
from accord.crisis.services import report_event
from tests.accounts.helpers import login_verified, make_user
from tests.core.test_jobs import run_worker_once

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
NUMBERS = count(1)
MAIL_TASK = "accord.crisis.notification_mail.send_notification_mail"


def event(classification: int = 0, releasability: str = "everyone", release_to: str = "", **values) -> Event:
    """An event in Kazakhstan (Central Asia), recorded like any other."""
    record = Event(
        source="test",
        source_id=f"n{next(NUMBERS)}",
        date=values.pop("date", datetime.date(2026, 11, 30)),
        date_precision="day",
        place_precision="country",
        country=values.pop("country", "KAZ"),
        region=values.pop("region", "central-asian"),
        category="terrorism",
        classification=classification,
        releasability=releasability,
        release_to=release_to,
        **values,
    )
    save_with_record(record, actor=SYSTEM, reason="test")
    return record


def person(name: str, role: str = Role.READER, *, state: str | None = "KAZ", clearance: int = 3, email=True):
    user = make_user(name, role, state=state, clearance=clearance)
    if email:
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return user


def told(notifications) -> set[str]:
    return {item.recipient.username for item in notifications}


def prefer(user, **values) -> None:
    set_preferences(user, values, actor=Actor.for_user(user))


def serbia_a_partner() -> None:
    span = StateStatus(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01")
    save_with_record(span, actor=SYSTEM, reason="test")


# Who is told


def test_nobody_is_told_of_a_record_they_may_not_see():
    person("kaz-secret", clearance=Classification.SECRET)
    person("kaz-secret-2", clearance=Classification.SECRET)
    person("kaz-confidential", clearance=Classification.CONFIDENTIAL)
    person("secretariat-secret", Role.SECRETARIAT_OFFICER, state=None)
    serbia_a_partner()
    person("srb-liaison", Role.LIAISON_OFFICER, state="SRB")
    secret = event(Classification.SECRET, "members-only")
    written = notify("report.received", secret, state="KAZ", actor=SYSTEM)
    assert told(written) >= {"kaz-secret", "kaz-secret-2", "secretariat-secret"}
    assert not told(written) & {"kaz-confidential", "srb-liaison"}


def test_visibility_is_asked_once_per_kind_of_reader_not_per_user():
    readers = [person(f"kaz-{number}", clearance=2) for number in range(8)]
    readers.append(person("kaz-low", clearance=1))
    record = event(2, "members-only")
    with CaptureQueriesContext(connection) as queries:
        seeing = who_may_see(record, readers)
    assert {user.username for user in seeing} == {f"kaz-{number}" for number in range(8)}
    assert sum('"crisis_event"' in query["sql"] for query in queries.captured_queries) == 2


def test_a_partner_is_told_only_of_what_is_released_to_it():
    serbia_a_partner()
    person("srb-liaison", Role.LIAISON_OFFICER, state="SRB")
    named_kaz = event(1, "named-states", ",KAZ,")
    named_both = event(1, "named-states", ",KAZ,SRB,")
    to_partners = event(1, "members-and-partners")
    assert "srb-liaison" not in told(notify("report.received", named_kaz, actor=SYSTEM))
    assert "srb-liaison" in told(notify("report.received", named_both, actor=SYSTEM))
    assert "srb-liaison" in told(notify("report.received", to_partners, actor=SYSTEM))


def test_preferences_narrow_what_each_user_is_told():
    everything = person("everything")
    only_episodes = person("only-episodes")
    prefer(only_episodes, kinds=["episode.escalated"])
    caucasus = person("caucasus")
    prefer(caucasus, regions=["caucasian"])
    armenia = person("armenia")
    prefer(armenia, states=["ARM"])
    deaths = person("deaths")
    prefer(deaths, series_keys=["covid.deaths"])
    red_only = person("red-only")
    prefer(red_only, min_level="red")
    public = event()
    amber = notify(
        "episode.escalated", public, state="KAZ", series_key="covid.confirmed", level="amber", actor=SYSTEM
    )
    users = {everything, only_episodes, caucasus, armenia, deaths, red_only}
    assert told(amber) & {user.username for user in users} == {"everything", "only-episodes"}
    report = notify("report.received", public, state="KAZ", actor=SYSTEM)  # no series, no level
    assert told(report) & {user.username for user in users} == {"everything", "deaths", "red-only"}


def test_the_one_who_acted_is_not_told_of_it():
    officer = person("kaz-officer", Role.CRC_DUTY_OFFICER, state=None)
    person("kaz-reader")
    written = notify("report.received", event(), actor=Actor.for_user(officer))
    assert told(written) == {"kaz-reader"}


def test_an_inactive_user_is_told_nothing():
    gone = person("gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert "gone" not in told(notify("report.received", event(), actor=SYSTEM))


def test_a_member_states_report_notifies_those_who_may_read_it():
    officer = person("kgz-liaison", Role.LIAISON_OFFICER, state="KGZ")
    reader = person("kaz-reader", clearance=1)
    public_reader = person("public-reader", state="KAZ", clearance=0)
    values = {"date": datetime.date(2026, 11, 30), "country": "KGZ", "category": "it-crime"}
    reported = report_event(values | {"classification": 1}, actor=Actor.for_user(officer))
    about = Notification.objects.filter(object_id=str(reported.pk), kind="report.received")
    assert reader.pk in set(about.values_list("recipient", flat=True))
    assert public_reader.pk not in set(about.values_list("recipient", flat=True))
    assert officer.pk not in set(about.values_list("recipient", flat=True))


class Episode:
    """An episode as the early-warning code will hand it over (duck-typed: see the module's docstring)."""

    def __init__(self, record: Event, level: str) -> None:
        self.pk, self.level, self.region = record.pk, level, "central-asian"
        self.series = type("Series", (), {"country": "KAZ", "key": "covid.confirmed", "region": ""})()
        self.record = record


def test_an_episode_is_news_when_it_opens_red_or_escalates(monkeypatch):
    person("watcher")
    record = event()
    sent: list[tuple] = []
    monkeypatch.setattr(
        "accord.crisis.notifications.notify", lambda kind, target, **about: sent.append((kind, about)) or []
    )
    notify_episode_opened(Episode(record, "amber"))
    notify_episode_opened(Episode(record, "red"))
    notify_episode_escalated(Episode(record, "amber"))
    assert [(kind, about["level"], about["series_key"], about["state"]) for kind, about in sent] == [
        ("episode.red", "red", "covid.confirmed", "KAZ"),
        ("episode.escalated", "amber", "covid.confirmed", "KAZ"),
    ]


def test_an_unknown_kind_or_level_is_refused_with_its_field():
    with pytest.raises(NotificationError) as refused:
        notify("episode.purple", event(), actor=SYSTEM)
    assert refused.value.field == "kind"
    with pytest.raises(NotificationError) as refused:
        notify("episode.red", event(), level="scarlet", actor=SYSTEM)
    assert refused.value.field == "level"


# E-mail


def only(notifications, username: str) -> Notification:
    return next(item for item in notifications if item.recipient.username == username)


def test_one_job_sends_the_emails_and_a_secret_record_is_not_named(mailoutbox):
    person("kaz-secret", clearance=3)
    person("kaz-secret-2", clearance=3)
    person("no-mail", clearance=3, email=False)
    written = notify("report.received", event(3, "members-only", place="Secret Valley"), actor=SYSTEM)
    assert DBTaskResult.objects.filter(task_path=MAIL_TASK).count() == 1
    assert mailoutbox == []  # nothing is sent while the page waits
    assert only(written, "no-mail").email_status == EmailStatus.NOT_WANTED
    run_worker_once()
    messages = {message.to[0]: message for message in mailoutbox}
    assert {"kaz-secret@example.org", "kaz-secret-2@example.org"} <= set(messages)
    message = messages["kaz-secret@example.org"]
    for secret in ("KAZ", "terrorism", "Secret Valley", "report", "2026-11-30"):
        assert secret not in message.subject and secret not in message.body
    assert "something new for you to read" in message.subject
    assert "/notifications/#notification-" in message.body
    assert message.body.count("/notifications/#notification-") == 2  # in both languages: accounts have none
    sent = Notification.objects.get(pk=only(written, "kaz-secret").pk)
    assert (sent.email_status, sent.email_attempts, sent.email_error) == (EmailStatus.SENT, 1, "")
    assert sent.emailed_at is not None


def test_a_public_record_is_named_in_both_languages(mailoutbox):
    person("kaz-reader")
    notify("report.received", event(), actor=SYSTEM)
    run_worker_once()
    message = next(message for message in mailoutbox if message.to == ["kaz-reader@example.org"])
    assert "KAZ terrorism" in message.subject
    assert "situation report of a member state" in message.body and "\n---\n" in message.body


def test_mail_is_written_to_files_by_the_file_backend(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    person("kaz-reader")
    notify("report.received", event(2, "members-only"), actor=SYSTEM)
    run_worker_once()
    written = "".join(path.read_text(encoding="utf-8") for path in tmp_path.iterdir())
    assert "To: kaz-reader@example.org" in written
    assert "/notifications/#notification-" in written and "KAZ" not in written.split("To:")[1]


class BrokenBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the server closed the connection")


def test_a_failed_message_is_kept_with_its_error_tried_again_and_then_marked_failed(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.crisis.test_notifications.BrokenBackend"
    person("kaz-reader")
    notification = only(notify("report.received", event(), actor=SYSTEM), "kaz-reader")
    run_worker_once()
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.PENDING, 1)
    assert "closed the connection" in notification.email_error
    from accord.crisis.notification_mail import retry_notification_mail

    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    for _attempt in range(MAX_ATTEMPTS - 1):
        retry_notification_mail.submit(Actor.system("tests"))
        run_worker_once()
    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == (EmailStatus.FAILED, MAX_ATTEMPTS)
    assert mailoutbox == []


def test_the_retry_sends_what_failed_once_the_server_is_back(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.crisis.test_notifications.BrokenBackend"
    person("kaz-reader")
    notification = only(notify("report.received", event(), actor=SYSTEM), "kaz-reader")
    run_worker_once()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    from accord.crisis.notification_mail import retry_notification_mail

    retry_notification_mail.submit(Actor.system("tests"))
    run_worker_once()
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT and notification.email_attempts == 2
    assert [message.to for message in mail.outbox] == [["kaz-reader@example.org"]]


def test_no_mail_reaches_someone_who_may_no_longer_see_the_record(mailoutbox):
    reader = person("kaz-reader", clearance=2)
    notification = only(notify("report.received", event(2, "members-only"), actor=SYSTEM), "kaz-reader")
    reader.clearance = 1
    reader.save(update_fields=["clearance"])
    run_worker_once()
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.WITHHELD
    assert all(message.to != ["kaz-reader@example.org"] for message in mailoutbox)


# Pages


def test_the_header_counts_the_unread_notifications(client):
    reader = person("kaz-reader")
    notify("report.received", event(), actor=SYSTEM)
    notify("report.received", event(), actor=SYSTEM)
    assert "/notifications/" not in client.get("/").content.decode()
    login_verified(client, reader)
    page = client.get("/").content.decode()
    assert '<span class="badge"' in page and ">2</span>" in page
    mark_read(reader)
    assert '<span class="badge"' not in client.get("/").content.decode()


def test_a_session_short_of_its_second_factor_sees_no_count(client):
    officer = person("kaz-liaison", Role.LIAISON_OFFICER)
    client.force_login(officer)
    notify("report.received", event(), actor=SYSTEM)
    assert 'class="notifications"' not in client.get("/accounts/login/").content.decode()


def test_the_list_shows_unread_first_marks_read_and_hides_what_may_no_longer_be_seen(client):
    reader = person("kaz-reader", clearance=2)
    public = event()
    confidential = event(2, "members-only", date=datetime.date(2026, 11, 29))
    notify("report.received", public, actor=SYSTEM)
    notify("report.received", confidential, actor=SYSTEM)
    login_verified(client, reader)
    page = client.get("/notifications/").content.decode()
    assert page.count('class="unread"') == 2 and str(public) in page and str(confidential) in page
    reader.clearance = 1
    reader.save(update_fields=["clearance"])
    page = client.get("/notifications/").content.decode()
    assert str(confidential) not in page and "a record you may not see" in page
    newest = Notification.objects.filter(recipient=reader).order_by("-id").first()
    client.post("/notifications/read/", {"id": newest.pk})
    assert unread_count(reader) == 1
    client.post("/notifications/read/", {"all": "1"})
    assert unread_count(reader) == 0
    assert client.get("/notifications/").content.decode().count('class="unread"') == 0


def test_opening_a_notification_marks_it_read_and_goes_to_its_record(client):
    reader = person("kaz-reader")
    notification = only(notify("report.received", event(), actor=SYSTEM), "kaz-reader")
    login_verified(client, reader)
    response = client.post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/crisis/?country=KAZ"
    assert unread_count(reader) == 0


def test_nobody_opens_or_marks_someone_elses_notification(client):
    owner = person("kaz-reader")
    notification = only(notify("report.received", event(), actor=SYSTEM), "kaz-reader")
    admin = person("admin", Role.ADMINISTRATOR, state=None)
    login_verified(client, admin)
    client.post("/notifications/read/", {"id": notification.pk})
    assert client.post(f"/notifications/{notification.pk}/open/")["Location"] == "/notifications/"
    assert unread_count(owner) == 1
    assert f"notification-{notification.pk}" not in client.get("/notifications/").content.decode()


def test_an_empty_list_says_so(client):
    login_verified(client, person("kaz-reader"))
    assert "No notifications yet" in client.get("/notifications/").content.decode()


def test_the_list_is_paged(client):
    reader = person("kaz-reader")
    for _ in range(27):
        notify("report.received", event(), actor=SYSTEM)
    login_verified(client, reader)
    assert client.get("/notifications/").content.decode().count('id="notification-') == 25
    assert client.get("/notifications/?page=2").content.decode().count('id="notification-') == 2


def test_the_preferences_form_saves_a_recorded_choice_and_refuses_bad_input(client):
    reader = person("kaz-reader")
    login_verified(client, reader)
    assert client.get("/notifications/preferences/").status_code == 200
    bad = client.post("/notifications/preferences/", {"min_level": "scarlet", "regions": ["atlantis"]})
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()
    assert not NotificationPreference.objects.filter(user=reader).exists()
    too_long = client.post("/notifications/preferences/", {"min_level": "red", "series_keys": "x" * 65})
    assert too_long.status_code == 200 and "not a valid entry" in too_long.content.decode()
    good = client.post(
        "/notifications/preferences/",
        {
            "kinds": ["episode.red"],
            "states": ["KAZ"],
            "series_keys": "covid.deaths, covid.confirmed",
            "min_level": "red",
        },
    )
    assert good.status_code == 302
    saved = NotificationPreference.objects.get(user=reader)
    assert (saved.kinds, saved.states, saved.series_keys, saved.min_level, saved.email) == (
        ["episode.red"],
        ["KAZ"],
        ["covid.confirmed", "covid.deaths"],
        "red",
        False,
    )
    assert ChangeRecord.objects.filter(
        object_type="crisis.notificationpreference", object_id=str(saved.pk)
    ).exists()


def test_only_the_user_sets_their_own_preferences():
    reader, other = person("kaz-reader"), person("kaz-other")
    with pytest.raises(NotificationError) as refused:
        set_preferences(reader, {"email": False}, actor=Actor.for_user(other))
    assert refused.value.field == "user"


# API


def test_the_api_lists_the_callers_own_notifications_only(client):
    reader, admin = person("kaz-reader"), person("admin", Role.ADMINISTRATOR, state=None)
    notify("report.received", event(), actor=SYSTEM)
    mine = Notification.objects.get(recipient=reader)
    login_verified(client, admin)
    listed = client.get("/api/v1/notifications").json()
    assert mine.pk not in [row["id"] for row in listed["items"]]
    assert client.post(
        "/api/v1/notifications/read", {"ids": [mine.pk]}, content_type="application/json"
    ).json() == {"marked": 0}
    client.logout()
    login_verified(client, reader)
    listed = client.get("/api/v1/notifications?unread=true").json()
    assert [row["id"] for row in listed["items"]] == [mine.pk]
    assert listed["items"][0]["record"]["title"].endswith("KAZ terrorism")
    answer = client.post("/api/v1/notifications/read", {"all": True}, content_type="application/json")
    assert answer.json() == {"marked": 1}
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 0


def test_the_public_has_no_notifications(client):
    notify("report.received", event(), actor=SYSTEM)
    assert client.get("/api/v1/notifications").json() == {"items": [], "count": 0}
    assert client.get("/api/v1/notifications/preferences").status_code == 404
    assert (
        client.put("/api/v1/notifications/preferences", {}, content_type="application/json").status_code
        == 401
    )


def test_a_hidden_record_is_hidden_in_the_api(client):
    reader = person("kaz-reader", clearance=2)
    notify("report.received", event(2, "members-only"), actor=SYSTEM)
    reader.clearance = 1
    reader.save(update_fields=["clearance"])
    login_verified(client, reader)
    assert client.get("/api/v1/notifications").json()["items"][0]["record"] == {"hidden": True}


def test_preferences_through_the_api_and_422_with_the_field(client):
    reader = person("kaz-reader")
    login_verified(client, reader)
    assert client.get("/api/v1/notifications/preferences").json()["email"] is True
    put = client.put(
        "/api/v1/notifications/preferences",
        {"regions": ["central-asian"], "kinds": ["episode.red"], "min_level": "amber", "email": False},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["regions"] == ["central-asian"]
    saved = NotificationPreference.objects.get(user=reader)
    assert (saved.min_level, saved.kinds, saved.email) == ("amber", ["episode.red"], False)
    for body, field in (
        ({"kinds": ["episode.purple"]}, "kinds"),
        ({"min_level": "scarlet"}, "min_level"),
        ({"email": "sometimes"}, "email"),
    ):
        refused = client.put("/api/v1/notifications/preferences", body, content_type="application/json")
        assert refused.status_code == 422 and field in refused.json()["detail"][0]["loc"]
    refused = client.put(
        "/api/v1/notifications/preferences", {"regions": ["atlantis"]}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["detail"].startswith("regions:")
    missing = client.post("/api/v1/notifications/read", {}, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["detail"].startswith("ids:")


def test_a_notification_refers_to_its_record_generically():
    person("kaz-reader")
    notification = only(notify("report.received", event(), actor=SYSTEM), "kaz-reader")
    assert notification.content_type == ContentType.objects.get_for_model(Event)
