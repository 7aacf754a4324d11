"""A panel another app registers appears on an alert's page with the context its function built for
the reader and the alert; a function answering None leaves its panel out."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.crisis import alert_panels
from accord.crisis.models import Alert, Series
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe(settings, tmp_path):
    (tmp_path / "alert_probe.html").write_text("<p>PROBE {{ data.shown }}</p>")
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine.get("DIRS", []), str(tmp_path)]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    shown = alert_panels.AlertPanel(
        999, "alert_probe.html", lambda user, alerts: {"shown": f"{user.username}:{alerts[0].series.key}"}
    )
    silent = alert_panels.AlertPanel(998, "alert_probe.html", lambda user, alerts: None)
    alert_panels.register_panel(shown)
    alert_panels.register_panel(silent)
    yield
    alert_panels.unregister_panel(shown)
    alert_panels.unregister_panel(silent)


def test_a_registered_panel_is_rendered_on_the_alert_page(client, probe):
    series = Series.objects.create(key="probe.series", country="KAZ")
    alert = Alert.objects.create(
        series=series,
        date=datetime.date(2026, 3, 1),
        level="amber",
        method="ears-c2",
        observed=5,
        expected=1,
        threshold=3,
        statistic=4,
        classification=1,
        releasability="members-and-partners",
    )
    login_verified(client, make_user("duty", Role.CRC_DUTY_OFFICER))
    page = client.get(f"/crisis/alerts/{alert.pk}/").content.decode()
    assert page.count("PROBE") == 1 and "PROBE duty:probe.series" in page
