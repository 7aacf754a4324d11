"""Nothing recorded is ever lost: facts recorded through the CLI and the API outlive ``accord setup``
run twice and the load of another version of the charter file; the loads report where the file and
the records disagree, and the change record stays intact.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.charter import models as charter
from accord.charter.loader import resolve_charter_path
from accord.core.audit import Actor
from accord.decisions.models import AgendaItem, Measure, Minutes, ProgressReport, Session
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
TASMAGAMBETOV = "Imangali Tasmagambetov"


def accord(*arguments: str) -> tuple[str, str]:
    """Run an ``accord`` command in this process; what it printed and warned."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def bearer(user, *scopes: str) -> dict:
    issued = create_token(user, "test", list(scopes), datetime.timedelta(days=1), actor=SYSTEM)
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def post(client, path: str, data: dict, headers: dict):
    response = client.post(path, data, content_type="application/json", **headers)
    assert response.status_code in (200, 201), response.content
    return response.json()


def record_through_the_cli() -> None:
    """An appointment (ending the file's open one), a ratification of a file's participant, a relation."""
    accord(
        "appoint", "secretary-general", TASMAGAMBETOV, "--state", "KAZ", "--from", "2023-01-01",
        "--source", "CSC decision of 2022-11-23",
    )  # fmt: skip
    accord("ratify", "partners-observers", "TJK", "--on", "2021-06-01", "--source", "TJK ratification law")
    accord("relation", "ARM", "AZE", "--since", "1992-01-01", "--source", "MFA of Armenia")
    accord(
        "set_status", "ARM", "frozen", "--from", "2024-02-22", "--source", "France 24",
        "--reason", "Armenia froze its participation",
    )  # fmt: skip


def record_through_the_api(client) -> dict:
    """A ratification, a session of one's own, an agenda item and minutes on the file's session,
    a progress report on the file's measure; returns the ids to look for afterwards.
    """
    kaz = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    post(
        client,
        "/api/v1/charter/ratifications",
        {
            "instrument": "collective-security-treaty",
            "state": "KAZ",
            "on": "1992-07-01",
            "source": "Law of KAZ",
        },
        bearer(kaz, "charter:instrumentparticipant:change"),
    )
    officer = make_user("sec-officer", Role.SECRETARIAT_OFFICER)
    post(
        client,
        "/api/v1/charter/statuses",
        {
            "state": "SRB",
            "status": "observer",
            "start": "2025-01-01",
            "source": "CSC decision on Serbia",
            "reason": "granted by the Council",
            "override": "the criteria are not all recorded yet",
        },
        bearer(officer, "charter:statestatus:change"),
    )
    headers = bearer(officer, "decisions:session:add", "decisions:session:change")
    own = post(
        client,
        "/api/v1/decisions/sessions",
        {
            "body": "cmfa",
            "title_en": "Recorded session",
            "date": "2023-06-01",
            "participants": ["ARM", "KAZ"],
        },
        headers,
    )
    filed = Session.objects.get(key="csc-2019-bishkek")
    item = post(
        client, f"/api/v1/decisions/sessions/{filed.pk}/agenda", {"title_en": "Recorded item"}, headers
    )
    login_verified(client, officer)
    minutes = post(client, f"/api/v1/decisions/sessions/{filed.pk}/minutes", {"text": "They met."}, {})
    client.logout()
    measure = Measure.objects.get(program__key="list-tajik-afghan-border", number="2")
    tjk = make_user("tjk-centre", Role.LIAISON_OFFICER, state="TJK")
    post(
        client,
        f"/api/v1/decisions/measures/{measure.pk}/progress",
        {"date": "2020-03-01", "state": "TJK", "text": "Two posts rebuilt."},
        bearer(tjk, "decisions:progressreport:add"),
    )
    return {"session": own["id"], "item": item["id"], "minutes": minutes["id"], "measure": measure.pk}


def another_charter_file(tmp_path: Path) -> Path:
    """The shipped charter, edited as a next version might be: it lists the appointment, the
    ratification and the relation people recorded, each with other values, and ends Zas's term
    on another day than the one recorded.
    """
    text = resolve_charter_path("csto").read_text(encoding="utf-8")
    zas = "    note: Appointed by the Collective Security Council at the Bishkek session"
    assert zas in text
    text = text.replace(zas, "    until: 2022-12-15\n" + zas)
    text = text.replace(
        "\ncriteria:\n",
        "  - post: secretary-general\n"
        f"    person: {{en: {TASMAGAMBETOV}, ru: Имангали Тасмагамбетов}}\n"
        "    state: KAZ\n    from: 2023-01-01\n    note: From the file.\n    sources: [seed-000]\n"
        "\ncriteria:\n",
    )
    tjk = "      - state: TJK\n        ratified: between 2020-05-16 and 2021-12-31"
    assert tjk in text
    text = text.replace(tjk, "      - state: TJK\n        ratified: 2021-09-01")
    text = text.replace(
        "relations: []", "relations:\n  - {states: [ARM, AZE], established: 1992-01-21, sources: [seed-000]}"
    )
    path = tmp_path / "charter-next.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_number(text: str, start: str) -> int:
    """The line of the row whose first or second line begins with ``start`` (a row's line is its
    first: ``- post:`` for an appointment, one line above its person)."""
    line = text[: text.index(start)].count("\n") + 1
    return line - 1 if start.startswith("    person:") else line


def assert_everything_recorded_is_there(ids: dict) -> None:
    appointment = charter.Appointment.objects.get(post__key="secretary-general", person_en=TASMAGAMBETOV)
    assert (appointment.state.code, appointment.valid_from, appointment.note) == (
        "KAZ",
        datetime.date(2023, 1, 1),
        "",
    )
    zas = charter.Appointment.objects.get(person_en="Stanislav Zas")
    assert zas.valid_to == datetime.date(2023, 1, 1)
    tjk = charter.InstrumentParticipant.objects.get(instrument__key="partners-observers", state__code="TJK")
    assert (tjk.ratified_on, tjk.ratified_precision) == (datetime.date(2021, 6, 1), "day")
    kaz = charter.InstrumentParticipant.objects.get(
        instrument__key="collective-security-treaty", state__code="KAZ"
    )
    assert kaz.ratified_on == datetime.date(1992, 7, 1)
    relation = charter.DiplomaticRelation.objects.get(state_a__code="ARM", state_b__code="AZE")
    assert relation.established_on == datetime.date(1992, 1, 1)
    armenia = {span.status: span for span in charter.StateStatus.objects.filter(state__code="ARM")}
    assert armenia["member"].valid_to == datetime.date(2024, 2, 22)
    assert armenia["frozen"].note == "Armenia froze its participation"
    serbia = charter.StateStatus.objects.get(state__code="SRB")
    assert (serbia.status, serbia.override_reason) == ("observer", "the criteria are not all recorded yet")
    session = Session.objects.get(pk=ids["session"])
    assert session.title_en == "Recorded session"
    assert sorted(session.participants.values_list("state__code", flat=True)) == ["ARM", "KAZ"]
    assert AgendaItem.objects.get(pk=ids["item"]).title_en == "Recorded item"
    assert Minutes.objects.get(pk=ids["minutes"]).text == "They met."
    assert (
        ProgressReport.objects.get(measure_id=ids["measure"], state__code="TJK").text == "Two posts rebuilt."
    )


def test_recorded_facts_outlive_setup_twice_and_another_charter_file(client, tmp_path):
    record_through_the_cli()
    ids = record_through_the_api(client)
    assert_everything_recorded_is_there(ids)

    for _run in range(2):
        accord("setup", "--no-demo-admin", "--no-demo-data")
        assert_everything_recorded_is_there(ids)

    next_file = another_charter_file(tmp_path)
    _out, warnings = accord("load_charter", str(next_file))
    assert_everything_recorded_is_there(ids)
    text = next_file.read_text(encoding="utf-8")
    for kind, key, start, actor in (
        (
            "appointment",
            f"secretary-general/{TASMAGAMBETOV}/2023-01-01",
            f"    person: {{en: {TASMAGAMBETOV}",
            "cli",
        ),
        (
            "appointment",
            "secretary-general/Stanislav Zas/2020-01-01",
            "    person: {en: Stanislav Zas",
            "cli",
        ),
        ("participant in an instrument", "partners-observers/TJK", "      - state: TJK", "cli"),
        ("diplomatic relation", "ARM/AZE", "  - {states: [ARM, AZE]", "cli"),
    ):
        shown = f"charter-next.yaml:{line_number(text, start)}: {kind} {key}: "
        assert shown in warnings, (shown, warnings)
        assert f"{key}: " in warnings and f"last recorded by system:{actor} on " in warnings
    accord("setup", "--no-demo-admin", "--no-demo-data")
    assert_everything_recorded_is_there(ids)

    verified, _err = accord("audit", "verify")
    assert verified.startswith("intact"), verified
