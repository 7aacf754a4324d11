"""Alert episodes on the shipped JHU data: grouped, escalated, closed after quiet days, handled by duty
officers on the page and through the API, listed with filters."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.core.audit import Actor
from accord.core.models import ChangeRecord
from accord.crisis import alerts, episodes
from accord.crisis.alerts import run_early_warning, run_member_early_warning
from accord.crisis.ingest.jhu import import_jhu_covid
from accord.crisis.models import Alert, Episode, EpisodeComment, Series
from tests.accounts.helpers import login_verified, make_user
from tests.crisis.test_series import members_file  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
JULY = datetime.date(2021, 7, 1)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# The episodes' mechanics are tested under fixed settings (EARS C2 as EARS defines it, a week's quiet
# closes), so that choosing the shipped settings with the scorecard does not move these dates; the
# shipped settings' own facts are tested in test_tajikistans_first_cases… below and in test_alerts.
SETTINGS_OF_THESE_TESTS = {
    "series": {"covid.confirmed": {"method": "ears-c2", "threshold": 3, "red_factor": 2, "min_sd": 1}},
    "default": {"method": "ears-c2", "threshold": 3},
}


@pytest.fixture
def kaz_shipped(members_file):  # noqa: F811
    """Kazakhstan's new cases, watched with the shipped settings."""
    import_jhu_covid(members_file, actor=SYSTEM)
    return Series.objects.get(key="covid.confirmed", country="KAZ")


@pytest.fixture
def kaz(kaz_shipped, monkeypatch):
    """Kazakhstan's new cases, watched with the settings of these tests."""
    monkeypatch.setattr(alerts, "early_warning_config", lambda: SETTINGS_OF_THESE_TESTS)
    return kaz_shipped


@pytest.fixture
def officer():
    return make_user("duty", Role.CRC_DUTY_OFFICER)


def open_episode(series: Series) -> Episode:
    """The July 2021 episode of Kazakhstan's cases, still open: the data read up to the 25th."""
    run_early_warning(series, JULY, day("2021-07-25"), actor=SYSTEM)
    return Episode.objects.get(series=series, opened_on="2021-07-15")


def test_consecutive_alert_days_are_one_episode_and_running_again_changes_nothing(kaz):
    run = run_early_warning(kaz, JULY, day("2021-07-31"), actor=SYSTEM)
    episode = Episode.objects.get(series=kaz, opened_on="2021-07-15")
    days = list(episode.alerts.order_by("date").values_list("date", flat=True))
    assert days == [day("2021-07-15"), day("2021-07-20"), day("2021-07-23")]
    assert {alert.episode_id for alert in run.alerts if alert.date >= day("2021-07-15")} == {episode.pk}
    assert (episode.method, episode.last_alert_on, episode.level) == ("ears-c2", day("2021-07-23"), "red")
    assert (episode.classification, episode.releasability) == (1, "members-and-partners")
    alert = Alert.objects.get(series=kaz, date="2021-07-23")
    assert alert.statistic_threshold == 3.0 and alert.threshold < alert.observed
    recorded = ChangeRecord.objects.count()
    again = run_early_warning(kaz, JULY, day("2021-07-31"), actor=SYSTEM)
    assert again.alerts == [] and again.changes.counts() == dict.fromkeys(again.changes.counts(), 0)
    assert ChangeRecord.objects.count() == recorded, "nothing changed, nothing recorded"


def test_an_amber_episode_escalates_to_red_and_the_run_says_so(kaz):
    first = run_early_warning(kaz, JULY, day("2021-07-21"), actor=SYSTEM)
    (episode,) = first.changes.opened
    assert (episode.level, episode.escalated_on, episode.status) == ("amber", None, "open")
    later = run_early_warning(kaz, JULY, day("2021-07-23"), actor=SYSTEM)
    assert [item.pk for item in later.changes.escalated] == [episode.pk] and later.changes.opened == []
    episode.refresh_from_db()
    assert (episode.level, episode.escalated_on, episode.last_alert_on) == (
        "red",
        day("2021-07-23"),
        day("2021-07-23"),
    )
    record = ChangeRecord.objects.filter(object_type="crisis.episode", object_id=str(episode.pk)).last()
    assert "escalated to red" in record.reason and record.after["level"] == "red"


def test_an_episode_closes_itself_after_the_quiet_days_with_the_automatic_reason(kaz, client, officer):
    episode = open_episode(kaz)
    assert episode.status == "open" and episode.closed_on is None
    run = run_early_warning(kaz, JULY, day("2021-07-31"), actor=SYSTEM)
    assert [item.pk for item in run.changes.closed] == [episode.pk]
    episode.refresh_from_db()
    assert (episode.status, episode.closed_on, episode.quiet_days) == ("closed", day("2021-07-30"), 7)
    assert episode.close_reason == "back within the expected range for 7 days"
    login_verified(client, officer)
    page = client.get(f"/crisis/episodes/{episode.pk}/").content.decode()
    assert "back within the expected range for 7 days" in page and 'value="close"' not in page
    client.cookies["django_language"] = "ru"
    assert (
        "COVID-19"
        in client.get(f"/crisis/episodes/{episode.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    )


def test_the_acknowledgement_comment_is_kept_and_the_close_reason_shown(kaz, client, officer):
    episode = open_episode(kaz)
    login_verified(client, officer)
    address = f"/crisis/episodes/{episode.pk}/"
    page = client.get(address).content.decode()
    assert (
        "COVID-19: new confirmed cases" in page
        and "Kazakhstan" in page
        and "Red" in page
        and "EARS C2" in page
    )
    assert "covid.confirmed" not in page
    assert (
        client.post(address, {"action": "acknowledge", "text": "On it: a reporting backlog."}).status_code
        == 302
    )
    episode.refresh_from_db()
    assert (episode.status, episode.acknowledged_by) == ("acknowledged", "duty") and episode.acknowledged_at
    note = EpisodeComment.objects.get(episode=episode)
    assert (note.kind, note.text) == ("acknowledgement", "On it: a reporting backlog.")
    refused = client.post(address, {"action": "close", "text": "  "}).content.decode()
    assert "say why the episode is closed" in refused
    client.post(address, {"action": "close", "text": "Backlog published in one day; revised on 24 July."})
    page = client.get(address).content.decode()
    assert (
        "On it: a reporting backlog." in page and "Backlog published in one day; revised on 24 July." in page
    )
    episode.refresh_from_db()
    assert (episode.status, episode.closed_by, episode.quiet_days) == ("closed", "duty", None)
    assert "closed" in client.get(f"/history/crisis.episode/{episode.pk}/").content.decode()


def test_a_user_without_the_right_to_handle_is_refused(kaz, client):
    episode = open_episode(kaz)
    reader = make_user("reader", Role.READER)
    with pytest.raises(PermissionDenied):
        episodes.acknowledge(episode, actor=Actor.for_user(reader))
    login_verified(client, reader)
    address = f"/crisis/episodes/{episode.pk}/"
    page = client.get(address)
    assert page.status_code == 200 and 'value="acknowledge"' not in page.content.decode()
    assert client.post(address, {"action": "acknowledge"}).status_code == 403
    assert client.post(address, {"action": "close", "text": "no"}).status_code == 403
    episode.refresh_from_db()
    assert episode.status == "open" and not episode.comments.exists()
    client.logout()
    assert client.get(address).status_code == 404, "episodes are not public"


def test_new_alert_days_reopen_an_episode_a_person_closed(kaz, officer):
    run_early_warning(kaz, JULY, day("2021-07-20"), actor=SYSTEM)
    episode = Episode.objects.get(series=kaz, opened_on="2021-07-15")
    episodes.close(episode, "Looks like a backlog", actor=Actor.for_user(officer))
    run = run_early_warning(kaz, JULY, day("2021-07-25"), actor=SYSTEM)
    episode.refresh_from_db()
    assert [item.pk for item in run.changes.reopened] == [episode.pk]
    assert (episode.status, episode.level, episode.last_alert_on) == ("open", "red", day("2021-07-23"))


def test_tajikistans_first_cases_open_its_first_episode_and_kazakhstans_revision_raises_none(kaz_shipped):
    """Tajikistan announced its first cases on 30 April 2020; the JHU file counts them on 1 May (0 the
    day before, 15 that day): that day raises Tajikistan's first alert and opens its first episode."""
    run = run_member_early_warning(actor=SYSTEM)
    tajik = Series.objects.get(key="covid.confirmed", country="TJK")
    first_cases = tajik.points.filter(value__gt=0).order_by("date").first().date
    assert first_cases == day("2020-05-01")
    first = Episode.objects.filter(series=tajik).order_by("opened_on").first()
    assert (first.opened_on, first.level) == (first_cases, "red")
    assert Alert.objects.filter(series=tajik).order_by("date").first().date == first_cases
    assert not Alert.objects.filter(series__country="KAZ", date="2021-07-24").exists()
    assert not Episode.objects.filter(series__country="KAZ", opened_on="2021-07-24").exists()
    assert Alert.objects.filter(episode__isnull=True).count() == 0, "every alert day belongs to an episode"
    assert run.changes.stored == Episode.objects.count() < Alert.objects.count()
    assert {episode.pk for episode in run.changes.opened} == set(
        Episode.objects.exclude(status="closed").values_list("pk", flat=True)
    )


def test_alerts_stored_before_episodes_are_grouped_by_the_next_run(kaz):
    run_early_warning(kaz, JULY, day("2021-07-31"), actor=SYSTEM)
    Alert.objects.update(episode=None, statistic_threshold=0.0)  # as the migration leaves them
    Episode.objects.all().delete()
    run_early_warning(kaz, JULY, day("2021-07-31"), actor=SYSTEM)
    assert Alert.objects.filter(series=kaz, episode__isnull=True).count() == 0
    assert set(Alert.objects.filter(series=kaz).values_list("statistic_threshold", flat=True)) == {3.0}


def test_the_list_filters_sorts_and_says_when_nothing_matches(kaz, client, officer):
    run_member_early_warning(actor=SYSTEM)
    login_verified(client, officer)
    everything = client.get("/crisis/episodes/").content.decode()
    assert f"{Episode.objects.count()} episodes you may see" in everything
    red_tajik = client.get("/crisis/episodes/", {"level": "red", "country": "TJK"}).content.decode()
    expected = Episode.objects.filter(level="red", series__country="TJK").count()
    assert f"{expected} episode" in red_tajik and "<td>Tajikistan</td>" in red_tajik
    assert "<td>Kazakhstan</td>" not in red_tajik
    unclosed = client.get("/crisis/episodes/", {"status": "unclosed"}).content.decode()
    assert f"{Episode.objects.exclude(status='closed').count()} episode" in unclosed
    dated = client.get("/crisis/episodes/", {"start": "2021-07-15", "end": "2021-07-23", "country": "KAZ"})
    assert "2021-07-15" in dated.content.decode()
    nothing = client.get("/crisis/episodes/", {"country": "KAZ", "start": "2019-01-01", "end": "2019-12-31"})
    assert "No alert episode you may see matches." in nothing.content.decode()
    bad = client.get("/crisis/episodes/", {"start": "2021-02-01", "end": "2021-01-01"}).content.decode()
    assert "must not be before" in bad
    for sort, first in (
        ("opened_on", Episode.objects.order_by("opened_on", "id").first()),
        ("-last_alert_on", Episode.objects.order_by("-last_alert_on", "-id").first()),
    ):
        listed = client.get("/crisis/episodes/", {"sort": sort}).content.decode()
        assert re.search(r'/crisis/episodes/(\d+)/"', listed).group(1) == str(first.pk), sort
    assert Episode.objects.count() > 25 and "page 1 of" in everything
    second = client.get("/crisis/episodes/", {"page": 2}).content.decode()
    assert "page 2 of" in second


def test_the_dashboard_shows_the_count_and_the_first_open_episodes_of_its_filter(kaz, client, officer):
    run_early_warning(kaz, JULY, day("2021-07-25"), actor=SYSTEM)
    login_verified(client, officer)
    page = client.get("/crisis/", {"country": "KAZ"}).content.decode()
    assert "1 open episode." in page and "COVID-19: new confirmed cases" in page
    assert "/crisis/episodes/?status=unclosed&amp;country=KAZ" in page
    assert "0 open episodes." in client.get("/crisis/", {"country": "ARM"}).content.decode()
    assert (
        "0 open episodes." in client.get("/crisis/", {"country": "KAZ", "end": "2021-07-01"}).content.decode()
    )


def test_the_api_lists_shows_and_handles_episodes(kaz, client, officer):
    episode = open_episode(kaz)
    reader_token = create_token(
        officer, "view", ["crisis:alert:view"], datetime.timedelta(days=1), actor=SYSTEM
    )
    token = create_token(
        officer,
        "duty",
        ["crisis:alert:change", "crisis:alert:view"],
        datetime.timedelta(days=1),
        actor=SYSTEM,
    )
    view = {"HTTP_AUTHORIZATION": f"Bearer {reader_token.secret}"}
    duty = {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}
    listed = client.get("/api/v1/crisis/episodes", {"status": "open", "country": "KAZ"}, **view).json()
    assert listed["count"] == 1 and listed["items"][0]["series_name"] == "COVID-19: new confirmed cases"
    assert listed["items"][0]["level_name"] == "Red" and listed["items"][0]["alert_days"] == 3
    assert client.get("/api/v1/crisis/episodes", {"level": "purple"}, **view).status_code == 422
    assert (
        client.get(
            "/api/v1/crisis/episodes", {"start": "2021-02-01", "end": "2021-01-01"}, **view
        ).status_code
        == 422
    )
    shown = client.get(f"/api/v1/crisis/episodes/{episode.pk}", **view).json()
    assert [item["date"] for item in shown["days"]] == ["2021-07-15", "2021-07-20", "2021-07-23"]
    assert shown["days"][-1]["statistic_threshold"] == 3.0 and shown["days"][-1]["observed"] == 66121
    post = {"content_type": "application/json"}
    refused = client.post(f"/api/v1/crisis/episodes/{episode.pk}/acknowledge", {"text": "x"}, **post, **view)
    assert refused.status_code == 403, "viewing is not handling"
    acknowledged = client.post(
        f"/api/v1/crisis/episodes/{episode.pk}/acknowledge", {"text": "Looking"}, **post, **duty
    )
    assert acknowledged.status_code == 200 and acknowledged.json()["status"] == "acknowledged"
    assert [note["text"] for note in acknowledged.json()["comments"]] == ["Looking"]
    empty = client.post(f"/api/v1/crisis/episodes/{episode.pk}/comment", {"text": " "}, **post, **duty)
    assert empty.status_code == 422 and empty.json()["detail"][0]["loc"] == ["body", "payload", "text"]
    no_reason = client.post(f"/api/v1/crisis/episodes/{episode.pk}/close", {"reason": ""}, **post, **duty)
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["loc"] == [
        "body",
        "payload",
        "reason",
    ]
    closed = client.post(f"/api/v1/crisis/episodes/{episode.pk}/close", {"reason": "Backlog"}, **post, **duty)
    assert closed.status_code == 200 and closed.json()["close_reason"] == "Backlog"
    again = client.post(f"/api/v1/crisis/episodes/{episode.pk}/close", {"reason": "Again"}, **post, **duty)
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["body", "payload", "status"]
    assert client.get("/api/v1/crisis/episodes/999999", **view).status_code == 404


def test_the_backtest_lists_the_episodes_as_json_and_as_lines(kaz, capsys):
    arguments = ["alerts", "backtest", "--series", "covid.confirmed", "--state", "KAZ"]
    call_command(*arguments, "--from", "2021-07-01", "--to", "2021-07-31", "--json")
    replay = json.loads(capsys.readouterr().out)
    (span,) = [item for item in replay["episodes"] if item["opened_on"] == "2021-07-15"]
    assert span == {
        "opened_on": "2021-07-15",
        "last_alert_on": "2021-07-23",
        "closed_on": "2021-07-30",
        "level": "red",
        "escalated_on": "2021-07-23",
        "alert_days": 3,
        "method": "ears-c2",
    }
    call_command(*arguments, "--from", "2021-07-01", "--to", "2021-07-31")
    lines = capsys.readouterr().out
    assert "Episodes:" in lines and "2021-07-15 – 2021-07-23 red" in lines and "closed 2021-07-30" in lines


def test_the_daily_job_keeps_the_episodes_and_says_what_changed(kaz):
    from unittest.mock import patch

    from accord.core.models import Run

    with patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
        call_command("worker", "--once", verbosity=0)
    run = Run.objects.get(kind="crisis.early-warning")
    assert run.status == Run.Status.COMPLETE and run.added == Alert.objects.count() > 0
    opened = Episode.objects.exclude(status="closed").count()
    assert Episode.objects.count() > 0 and Alert.objects.filter(episode__isnull=True).count() == 0
    (message,) = [item["text"] for item in run.messages if item["text"].startswith("alert episodes:")]
    assert f"opened {opened}," in message and f"stored {Episode.objects.count()}" in message


def test_an_escalation_notifies_those_who_may_see_the_episode_and_nobody_else(kaz, officer):
    from accord.core.classification import Classification
    from accord.crisis.models import Notification

    cleared_low = make_user("public-reader", Role.READER, clearance=Classification.PUBLIC)
    run_early_warning(kaz, JULY, day("2021-07-21"), actor=SYSTEM)
    assert not Notification.objects.filter(kind="episode.escalated").exists()
    later = run_early_warning(kaz, JULY, day("2021-07-23"), actor=SYSTEM)
    (episode,) = later.changes.escalated
    told = Notification.objects.filter(kind="episode.escalated", object_id=str(episode.pk))
    assert officer.pk in set(told.values_list("recipient_id", flat=True))
    assert cleared_low.pk not in set(told.values_list("recipient_id", flat=True)), "RESTRICTED episode"


def test_the_api_lists_every_open_alert_day_a_page_at_a_time(kaz_shipped, client, officer):
    run_member_early_warning(actor=SYSTEM)
    login_verified(client, officer)
    first = client.get("/api/v1/crisis/alerts").json()
    assert first["count"] == Alert.objects.count() > 200, "no cap: the count is every open alert day"
    assert len(first["items"]) == 100 and first["items"][0]["threshold"] >= 0
    last_page = -(-first["count"] // 100)
    rest = client.get("/api/v1/crisis/alerts", {"page": last_page}).json()["items"]
    assert len(rest) == first["count"] - 100 * (last_page - 1)
