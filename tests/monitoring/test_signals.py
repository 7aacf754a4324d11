"""Media signals: distinct stories a day per category and state, labelled as their stories; the early
warning on them, and the stories behind an alert on its page."""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest

from accord.accounts.models import Role
from accord.core.access import SYSTEM_USER
from accord.core.classification import Classification, Releasability
from accord.core.derived import Labels
from accord.core.models import ChangeRecord
from accord.crisis.models import Alert, Series
from accord.monitoring import signals
from tests.accounts.helpers import login_verified, make_user
from tests.monitoring.factory import ACTOR, make_source
from tests.monitoring.helpers import add_copies, make_story

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 10)
CLOSED = Labels(Classification.RESTRICTED, Releasability.MEMBERS_ONLY)


def days(offset: int) -> datetime.date:
    return DAY + datetime.timedelta(days=offset)


def points(key: str, country: str) -> dict[datetime.date, float]:
    series = Series.objects.get(key=key, country=country)
    return dict(series.points.values_list("date", "value"))


def test_distinct_stories_are_counted_per_category_state_and_day():
    wire, sites = make_source("wire"), [make_source(f"site-{n}") for n in range(5)]
    big = make_story(wire, DAY, category="terrorism", states=("KAZ",), items=2)
    make_story(wire, DAY, category="terrorism", states=("KAZ",))
    make_story(wire, DAY, category="drug-trafficking", states=("KAZ", "KGZ"))
    add_copies(big, sites, days(1))
    run = signals.refresh_signals(days(-1), days(2), actor=ACTOR)
    assert points("media.terrorism", "KAZ") == {days(-1): 0, DAY: 2, days(1): 1, days(2): 0}
    assert points("media.drug-trafficking", "KAZ")[DAY] == 1
    assert points("media.drug-trafficking", "KGZ")[DAY] == 1
    assert run.series == 3 and run.stories == 3
    # Each series' recount is one change record naming each day written (three series, four days).
    recounts = ChangeRecord.objects.filter(object_type="crisis.series", action="update")
    assert recounts.count() == 3
    assert sorted(len(record.after["points"]) for record in recounts) == [4, 4, 4]
    again = signals.refresh_signals(days(-1), days(2), actor=ACTOR)
    assert again.points_changed == 0


def test_a_series_follows_the_labels_of_its_stories():
    public, closed = make_source("public-wire"), make_source("closed-wire", labels=CLOSED)
    make_story(public, DAY, category="terrorism", states=("TJK",))
    make_story(closed, DAY, category="terrorism", states=("TJK",))
    make_story(closed, DAY, category="terrorism", states=("TJK",))
    signals.refresh_signals(DAY, DAY, actor=ACTOR)
    assert points("media.terrorism", "TJK") == {DAY: 1}
    restricted = Series.objects.get(key="media.terrorism@1-members-only", country="TJK")
    assert points(restricted.key, "TJK") == {DAY: 2}
    assert (restricted.classification, restricted.releasability) == (1, "members-only")
    reader = make_user("reader", Role.READER, state="KAZ", clearance=Classification.PUBLIC)
    visible = set(Series.objects.restrict(reader, "view").values_list("key", flat=True))
    assert "media.terrorism" in visible and restricted.key not in visible


def test_named_states_make_a_short_key():
    labels = Labels(Classification.SECRET, Releasability.NAMED_STATES, ",KAZ,RUS,")
    key = signals.series_key("armed-conflict-state-based" * 3, labels)
    digest = hashlib.sha256(b",KAZ,RUS,").hexdigest()[:8]
    assert len(key) == 64 and key.startswith("media.armed-conflict") and key.endswith(f"@3-named-{digest}")


def burst(source):
    """Thirty quiet days (a story every fifth day), then six stories in one day."""
    for offset in range(0, 30, 5):
        make_story(source, days(offset - 30), category="terrorism", states=("KAZ",))
    return [make_story(source, DAY, category="terrorism", states=("KAZ",)) for _ in range(6)]


def test_a_burst_of_stories_raises_an_alert_that_names_them():
    wire = make_source("wire")
    burst_stories = burst(wire)
    run = signals.refresh_signals(days(-30), DAY, actor=ACTOR)
    alert = Alert.objects.get(series__key="media.terrorism", series__country="KAZ", date=DAY)
    assert [item.date for item in run.alerts] == [DAY]
    assert (alert.method, alert.observed, alert.level) == ("poisson", 6.0, "red")
    assert alert.episode_id is not None
    behind = signals.stories_behind(alert, SYSTEM_USER)
    assert {story.pk for story in behind} == {story.pk for story in burst_stories}


def test_the_alert_page_shows_the_stories_to_who_may_see_them(client):
    wire = make_source("wire")
    closed = make_source("closed-wire", labels=CLOSED)
    burst_stories = burst(wire)
    hidden = make_story(closed, DAY, category="terrorism", states=("KAZ",))
    hidden.title_en = "The closed report"
    hidden.save()
    signals.refresh_signals(days(-30), DAY, actor=ACTOR)
    alert = Alert.objects.get(series__key="media.terrorism", series__country="KAZ", date=DAY)
    login_verified(client, make_user("duty", Role.CRC_DUTY_OFFICER))
    page = client.get(f"/crisis/alerts/{alert.pk}/", follow=True).content.decode()
    assert "Stories behind the alert" in page
    for story in burst_stories:
        assert f'href="/monitoring/stories/{story.pk}/"' in page
    assert f"/monitoring/stories/{hidden.pk}/" not in page  # another labelling: another series
    client.logout()
    outsider = make_user("outsider", Role.READER, state="KAZ", clearance=Classification.PUBLIC)
    login_verified(client, outsider)
    response = client.get(f"/crisis/alerts/{alert.pk}/", follow=True)
    assert response.status_code == 404 and "/monitoring/stories/" not in response.content.decode()
    assert hidden.pk not in set(signals.stories_behind(alert, SYSTEM_USER).values_list("pk", flat=True))


def test_the_backtest_command_replays_a_media_series():
    from io import StringIO

    from django.core.management import call_command

    burst(make_source("wire"))
    signals.refresh_signals(days(-30), DAY, actor=ACTOR)
    out = StringIO()
    call_command(
        "alerts",
        "backtest",
        "--series",
        "media.terrorism",
        "--state",
        "KAZ",
        "--from",
        str(days(-5)),
        "--to",
        str(DAY),
        "--json",
        stdout=out,
    )
    replayed = json.loads(out.getvalue())
    assert [(item["date"], item["method"]) for item in replayed["alerts"]] == [(DAY.isoformat(), "poisson")]


def test_a_series_left_behind_is_filled_up_to_the_range_without_a_gap():
    wire = make_source("wire")
    make_story(wire, days(-20), category="terrorism", states=("KAZ",))
    signals.refresh_signals(days(-21), days(-19), actor=ACTOR)
    make_story(wire, days(-10), category="terrorism", states=("KAZ",))
    signals.refresh_signals(DAY, DAY, actor=ACTOR)
    counted = points("media.terrorism", "KAZ")
    assert sorted(counted) == [days(offset) for offset in range(-21, 1)]
    assert counted[days(-10)] == 1 and counted[days(-20)] == 1 and counted[DAY] == 0
