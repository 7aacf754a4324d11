"""Series and their early-warning runs: the backtest and the alert workflow."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.crisis.alerts import run_early_warning
from accord.crisis.ingest.jhu import import_jhu_covid
from accord.crisis.models import Alert, Series
from accord.crisis.services import AlertError, acknowledge_alert, close_alert, comment_on_alert
from tests.accounts.helpers import make_user
from tests.crisis.ingest.helpers import members_only

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_file(tmp_path) -> Path:
    return members_only(tmp_path)


def test_backtest_json(members_file, capsys):
    call_command("series", "import", "jhu-covid", str(members_file))
    capsys.readouterr()
    call_command(
        "alerts",
        "backtest",
        "--series",
        "covid.confirmed",
        "--state",
        "KAZ",
        "--from",
        "2021-07-01",
        "--to",
        "2021-07-31",
        "--json",
    )
    replay = json.loads(capsys.readouterr().out)
    alerts = replay["alerts"]
    fields = {
        "date",
        "level",
        "method",
        "observed",
        "expected",
        "threshold",
        "statistic",
        "statistic_threshold",
    }
    assert alerts and all(fields <= set(item) for item in alerts)
    assert replay["episodes"] and sum(item["alert_days"] for item in replay["episodes"]) >= len(alerts)
    assert "2021-07-24" not in {item["date"] for item in alerts}, "a revision is never an alert"
    assert {"date": "2021-07-23", "level": "red", "observed": 66121.0}.items() <= next(
        item for item in alerts if item["date"] == "2021-07-23"
    ).items()


def test_backtest_errors(members_file):
    with pytest.raises(CommandError, match=r"no series 'covid\.confirmed' for KAZ"):
        call_command(
            "alerts", "backtest", "--series", "covid.confirmed", "--state", "KAZ", "--from", "2021-01-01"
        )
    with pytest.raises(CommandError, match="--to 2020-01-01 is before --from 2021-01-01"):
        call_command(
            "alerts",
            "backtest",
            "--series",
            "covid.confirmed",
            "--state",
            "KAZ",
            "--from",
            "2021-01-01",
            "--to",
            "2020-01-01",
        )


def test_the_alert_workflow(members_file):
    system = Actor.system("tests")
    import_jhu_covid(members_file, actor=system)
    series = Series.objects.get(key="covid.confirmed", country="KAZ")
    created = run_early_warning(
        series, datetime.date(2021, 7, 1), datetime.date(2021, 7, 31), actor=system
    ).alerts
    assert (
        created
        and run_early_warning(
            series, datetime.date(2021, 7, 1), datetime.date(2021, 7, 31), actor=system
        ).alerts
        == []
    )
    alert = Alert.objects.get(series=series, date="2021-07-23")
    officer = make_user("duty", Role.CRC_DUTY_OFFICER)
    reader = make_user("reader", Role.READER)
    with pytest.raises(PermissionDenied):
        acknowledge_alert(alert, actor=Actor.for_user(reader))
    acknowledge_alert(alert, actor=Actor.for_user(officer))
    with pytest.raises(AlertError, match="only an open alert"):
        acknowledge_alert(alert, actor=Actor.for_user(officer))
    comment_on_alert(
        alert,
        "Reporting backlog published in one day; see the revision of 24 July.",
        actor=Actor.for_user(officer),
    )
    with pytest.raises(AlertError, match="say why"):
        close_alert(alert, " ", actor=Actor.for_user(officer))
    close_alert(alert, "Explained by a reporting backlog", actor=Actor.for_user(officer))
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by, alert.closed_by) == ("closed", "duty", "duty")
    assert alert.comments.count() == 1
    with pytest.raises(AlertError, match="closed"):
        comment_on_alert(alert, "late", actor=Actor.for_user(officer))


def test_duty_officers_handle_alerts_on_the_page_and_through_the_api(client, members_file):
    from accord.accounts.tokens import create_token
    from tests.accounts.helpers import login_verified

    system = Actor.system("tests")
    import_jhu_covid(members_file, actor=system)
    series = Series.objects.get(key="covid.confirmed", country="KAZ")
    # Up to the 25th the episode of the 23rd is still open (two quiet days of the seven that close it).
    run_early_warning(series, datetime.date(2021, 7, 1), datetime.date(2021, 7, 25), actor=system)
    alert = Alert.objects.get(series=series, date="2021-07-23")
    assert client.get(f"/crisis/alerts/{alert.pk}/").status_code == 404, "alerts are not public"
    officer = make_user("duty", Role.CRC_DUTY_OFFICER)
    login_verified(client, officer)
    moved = client.get(f"/crisis/alerts/{alert.pk}/")
    assert moved.status_code == 302 and moved.url == f"/crisis/episodes/{alert.episode_id}/", (
        "handled as an episode"
    )
    page = client.get(moved.url).content.decode()
    assert "66121" in page and "EARS C2" in page and 'value="acknowledge"' in page
    client.post(moved.url, {"action": "acknowledge"})
    refused = client.post(moved.url, {"action": "close", "text": ""})
    assert "say why" in refused.content.decode()
    comment_on_alert(alert, "Backlog", actor=Actor.for_user(officer))
    token = create_token(officer, "duty", ["crisis:alert:change"], datetime.timedelta(days=1), actor=system)
    closed = client.post(
        f"/api/v1/crisis/alerts/{alert.pk}",
        {"action": "close", "text": "Explained"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token.secret}",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert [comment["text"] for comment in closed.json()["comments"]] == ["Backlog"]
    assert "Explained" in client.get(f"/history/crisis.alert/{alert.pk}/").content.decode()
    assert "acknowledged" in client.get(f"/history/crisis.episode/{alert.episode_id}/").content.decode()


def test_event_counts_are_series_too(capsys, actor):
    from accord.crisis.ingest.ged import import_ged
    from tests.crisis.ingest.helpers import SHIPPED_GED

    import_ged(SHIPPED_GED, actor=actor)
    call_command(
        "alerts",
        "backtest",
        "--series",
        "events.armed-conflict-state-based",
        "--region",
        "east-european",
        "--from",
        "1989-01-01",
        "--to",
        "2022-12-31",
        "--json",
    )
    signals = json.loads(capsys.readouterr().out)["alerts"]
    assert signals and {item["method"] for item in signals} == {"poisson"}
    assert all(item["observed"] >= 1 for item in signals)
    with pytest.raises(CommandError, match="--region 'nowhere' is not a collective security region"):
        call_command(
            "alerts",
            "backtest",
            "--series",
            "events.terrorism",
            "--region",
            "nowhere",
            "--from",
            "2020-01-01",
        )
    with pytest.raises(CommandError, match="unknown category 'picnics'"):
        call_command(
            "alerts",
            "backtest",
            "--series",
            "events.picnics",
            "--region",
            "caucasian",
            "--from",
            "2020-01-01",
        )
