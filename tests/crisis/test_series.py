"""The JHU CSSE COVID-19 file as daily series, its revisions, the backtest and the alert workflow."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.crisis.alerts import raise_alerts
from accord.crisis.importers import ImportRefused
from accord.crisis.models import Alert, Series, SeriesPoint
from accord.crisis.series import import_jhu_covid
from accord.crisis.services import AlertError, acknowledge_alert, close_alert, comment_on_alert
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
COVID = Path(__file__).resolve().parents[2] / "src" / "accord" / "data" / "demo" / "countries-aggregated.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "covid19" / "countries-aggregated.csv"
MEMBERS = {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"}


@pytest.fixture
def members_file(tmp_path) -> Path:
    """The real file cut down to the six member states, to keep the tests quick."""
    path = tmp_path / "covid.csv"
    with COVID.open(encoding="utf-8") as source, path.open("w", encoding="utf-8", newline="") as target:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(row for row in reader if row["Country"] in MEMBERS)
    return path


def test_the_shipped_file_is_the_real_one():
    assert COVID.read_bytes() == SHARED.read_bytes()


def test_the_whole_real_file_imports_with_its_revisions_flagged(actor):
    result = import_jhu_covid(COVID, actor=actor)
    assert result.series == 382
    assert result.skipped == {
        "Diamond Princess (a cruise ship)": 628,
        "Kosovo (no ISO 3166 code)": 628,
        "MS Zaandam (a cruise ship)": 628,
        "Summer Olympics 2020 (an event)": 628,
    }
    assert result.revisions == SeriesPoint.objects.filter(revision=True).count() > 0
    kazakhstan = SeriesPoint.objects.get(
        series__key="covid.confirmed", series__country="KAZ", date="2021-07-24"
    )
    assert (kazakhstan.value, kazakhstan.revision) == (-59375, True)
    kyrgyzstan = SeriesPoint.objects.get(series__key="covid.deaths", series__country="KGZ", date="2020-08-21")
    assert (kyrgyzstan.value, kyrgyzstan.revision) == (-443, True)


def test_daily_counts_add_up_to_the_cumulative_figures(actor, members_file):
    import_jhu_covid(members_file, actor=actor)
    for series in Series.objects.all():
        points = list(series.points.order_by("date"))
        assert sum(point.value for point in points) == points[-1].cumulative
        assert series.region in {"central-asian", "east-european", "caucasian"}


def test_a_re_import_adds_nothing(actor, members_file):
    import_jhu_covid(members_file, actor=actor)
    again = import_jhu_covid(members_file, actor=actor)
    assert (again.run.added, again.run.updated) == (0, 0)
    assert again.run.finished_at is not None and again.run.finished_at >= again.run.started_at


def test_a_bad_row_refuses_the_file(actor, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "Date,Country,Confirmed,Recovered,Deaths\n2020-01-22,Kazakhstan,0,0,0\n2020-01-23,Atlantis,1,0,0\n"
        "2020-01-24,Kazakhstan,x,0,0\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as caught:
        import_jhu_covid(path, actor=actor)
    assert [str(problem) for problem in caught.value.problems] == [
        "line 3: Country: unknown country 'Atlantis'",
        "line 4: Confirmed: 'x' is not a number",
    ]
    assert not Series.objects.exists()


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
    alerts = json.loads(capsys.readouterr().out)
    assert alerts and all({"date", "level", "observed", "expected", "method"} <= set(item) for item in alerts)
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
    created = raise_alerts(series, datetime.date(2021, 7, 1), datetime.date(2021, 7, 31), actor=system)
    assert (
        created
        and raise_alerts(series, datetime.date(2021, 7, 1), datetime.date(2021, 7, 31), actor=system) == []
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
    raise_alerts(series, datetime.date(2021, 7, 1), datetime.date(2021, 7, 31), actor=system)
    alert = Alert.objects.get(series=series, date="2021-07-23")
    assert client.get(f"/crisis/alerts/{alert.pk}/").status_code == 404, "alerts are not public"
    officer = make_user("duty", Role.CRC_DUTY_OFFICER)
    login_verified(client, officer)
    page = client.get(f"/crisis/alerts/{alert.pk}/").content.decode()
    assert "66121" in page and "ears-c2" in page and 'value="acknowledge"' in page
    client.post(f"/crisis/alerts/{alert.pk}/", {"action": "acknowledge"})
    client.post(f"/crisis/alerts/{alert.pk}/", {"action": "comment", "text": "Backlog"})
    refused = client.post(f"/crisis/alerts/{alert.pk}/", {"action": "close", "text": ""})
    assert "say why" in refused.content.decode()
    token = create_token(officer, "duty", ["crisis:alert:change"], datetime.timedelta(days=1), actor=system)
    closed = client.post(
        f"/api/v1/crisis/alerts/{alert.pk}",
        {"action": "close", "text": "Explained"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token.secret}",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert [comment["text"] for comment in closed.json()["comments"]] == ["Backlog"]
    history = client.get(f"/history/crisis.alert/{alert.pk}/").content.decode()
    assert "acknowledged" in history and "Explained" in history


def test_event_counts_are_series_too(capsys, actor):
    from accord.crisis.importers import import_ged
    from tests.crisis.test_importers import SHIPPED_GED

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
    signals = json.loads(capsys.readouterr().out)
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


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("2020-03-01,Kazakhstan,NaN,0,0", "line 2: Confirmed: 'NaN' is not a finite number"),
        ("2020-03-01,Kazakhstan,1e400,0,0", "line 2: Confirmed: 1e400 is too large (at most 1000000000000)"),
        ("2020-03-01,Kazakhstan,5,0,inf", "line 2: Deaths: 'inf' is not a finite number"),
        ("2020-03-01,Kazakhstan,3.5,0,0", "line 2: Confirmed: 3.5 is not a whole number"),
        (
            "2020-03-01 garbage,Kazakhstan,1,0,0",
            "line 2: Date: '2020-03-01 garbage' is not a date (YYYY-MM-DD)",
        ),
        ("2020-03-01,Kazakhstan,1", "line 2: row: 3 fields where the header has 5"),
    ],
)
def test_bad_figures_are_refused_with_line_and_column(actor, tmp_path, row, problem):
    path = tmp_path / "covid.csv"
    path.write_text(f"Date,Country,Confirmed,Recovered,Deaths\n{row}\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        import_jhu_covid(path, actor=actor)
    assert [str(found) for found in caught.value.problems] == [problem]
    assert not Series.objects.exists()


def test_a_latin1_or_binary_file_or_a_folder_exits_2_with_file_and_line(tmp_path):
    latin1 = tmp_path / "covid.csv"
    latin1.write_bytes(
        "Date,Country,Confirmed,Recovered,Deaths\n2020-03-01,Curaçao,1,0,0\n".encode("latin-1")
    )
    binary = tmp_path / "covid.bin"
    binary.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)))
    for path, problem in (
        (latin1, f"{latin1}:2: byte 0xe7 is not UTF-8 text (a Latin-1 or Windows file?): save it as UTF-8"),
        (binary, f"{binary}:1: holds a NUL byte: a binary file, not text"),
        (tmp_path, f"{tmp_path}: is a folder, not a CSV file"),
    ):
        with pytest.raises(CommandError) as caught:
            call_command("series", "import", "jhu-covid", str(path))
        assert caught.value.returncode == 2
        assert str(caught.value) == f"nothing was imported:\n{problem}"
