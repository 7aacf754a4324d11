"""A panel another subject registers appears on a request's page with the context its function built
for the reader, the request and the date asked for."""

from __future__ import annotations

import pytest

from accord.response import panels
from tests.response.requests.helpers import make_request


@pytest.fixture
def panel_template(settings, tmp_path):
    (tmp_path / "panel_probe.html").write_text("<p>PROBE {{ shown }} / {{ panel.shown }}</p>")
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine.get("DIRS", []), str(tmp_path)]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]
    probe = panels.Panel(
        999, "panel_probe.html", lambda user, request, day: {"shown": f"{request.key}@{day}"}
    )
    panels.register(probe)
    yield
    panels._panels.remove(probe)


@pytest.mark.django_db
def test_a_registered_panel_is_rendered_with_its_context(client, actor, panel_template):
    request = make_request(actor, classification=0, releasability="everyone")
    page = client.get(f"/response/requests/{request.key}/?on=2026-03-05").content.decode()
    assert f"PROBE {request.key}@2026-03-05 / {request.key}@2026-03-05" in page
