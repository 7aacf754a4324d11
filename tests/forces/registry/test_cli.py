"""The registry's commands: --json everywhere, records through the services, refusals exit 2."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accord.forces.models import Contribution, ReadinessReport

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_formations_contributions_and_the_matrix():
    kinds = {row["key"]: row for row in run("forces", "formations")["formations"]}
    assert kinds["crdf-car"]["contributions_per_state"] == {"RUS": 1}
    made = run(
        "forces",
        "contribute",
        "crdf-car",
        "KAZ",
        "--unit-type",
        "motor-rifle",
        "--personnel",
        "500",
        "--from",
        "2021-01-01",
        "--source",
        "national report",
    )
    assert Contribution.objects.get(pk=made["id"]).personnel == 500
    rated = run(
        "forces",
        "readiness",
        str(made["id"]),
        "--date",
        "2022-01-01",
        "--people",
        "ready",
        "--equipment",
        "partial",
        "--support",
        "ready",
        "--source",
        "inspection",
    )
    assert rated["overall"] == "partial" and ReadinessReport.objects.filter(pk=rated["id"]).exists()
    listed = run("forces", "contributions", "--state", "kaz")["contributions"]
    assert [row["readiness"]["overall"] for row in listed] == ["partial"]
    cells = run("forces", "readiness-matrix", "--date", "2022-02-01")["cells"]
    assert {"formation": "crdf-car", "state": "KAZ", "overall": "partial"}.items() <= cells[0].items()


@pytest.mark.parametrize(
    "args",
    [
        ("forces", "contribute", "crdf-car", "KAZ", "--unit-type", "motor-rifle", "--personnel", "many"),
        (
            "forces",
            "contribute",
            "crdf-car",
            "KAZ",
            "--unit-type",
            "motor-rifle",
            "--note",
            "Ivan Petrov, Sergei Ivanov",
        ),
        (
            "forces",
            "readiness",
            "999999",
            "--date",
            "2022-01-01",
            "--people",
            "ready",
            "--equipment",
            "ready",
            "--support",
            "ready",
        ),
        (
            "forces",
            "readiness",
            "1",
            "--date",
            "2022-01-01",
            "--people",
            "ready",
            "--equipment",
            "7",
            "--support",
            "ready",
        ),
        ("personnel", "list", "--year", "20"),
        ("cooperation", "show", "nobody"),
    ],
)
def test_bad_input_exits_2(args):
    with pytest.raises(CommandError) as refused:
        call_command(*args)
    assert refused.value.returncode == 2


def test_cooperation_and_personnel():
    organizations = {row["key"] for row in run("cooperation", "list")["organizations"]}
    assert {"un", "osce", "cis-atc", "sco-rats", "icrc"} <= organizations
    shown = run("cooperation", "show", "osce", "--date", "2021-01-01")
    assert shown["agreements_in_force"] == [] and len(shown["events"]) == 2
    event = run(
        "cooperation",
        "event",
        "icrc",
        "--title",
        "Consultations",
        "--kind",
        "consultation",
        "--date",
        "2022-05-05",
    )
    assert event["organizations"] == ["icrc"]
    contact = run(
        "cooperation",
        "contact",
        "icrc",
        "--their-unit",
        "Regional delegation in Moscow",
        "--our-body",
        "secretariat",
        "--channel",
        "meetings",
    )
    assert contact["classification"] == 1
    run(
        "personnel",
        "record",
        "--year",
        "2022",
        "--state",
        "KAZ",
        "--field",
        "defence",
        "--institution",
        "Russian defence universities",
        "--offered",
        "100",
        "--used",
        "90",
    )
    year = run("personnel", "list", "--year", "2022")
    assert year["total"] == {"places_offered": 100, "places_used": 90, "approximate": False}
