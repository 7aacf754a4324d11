"""The deliveries data file: the 2019 military-technical assistance ships with its sources in both
languages; a bad file is refused whole with file, line and field (exit 2); a reload changes nothing
and keeps the deliveries users recorded."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.charter.loader import CharterFileError
from accord.charter.models import State
from accord.response.deliveries_file import deliveries_path, load_deliveries
from accord.response.models import Delivery
from accord.response.offer_services import deliver_without_offer
from tests.response.factory import ACTOR

pytestmark = pytest.mark.django_db

GOOD = """\
deliveries:
  - key: test-delivery
    recipient: KGZ
    kind: equipment
    what: {en: Tents, ru: Палатки}
    quantity: 5
    unit: units
    date: 2021-05
    sources: [seed-002]
"""


def test_the_2019_deliveries_ship_with_sources_in_both_languages():
    shipped = {item.key: item for item in Delivery.objects.filter(key__isnull=False)}
    tajik = shipped["tjk-2019-equipment-after-indestructible-brotherhood"]
    assert (tajik.recipient.code, tajik.donor_state, tajik.value, tajik.currency) == (
        "TJK",
        None,
        Decimal("320000000"),
        "RUB",
    )
    assert "BRDM-2M" in tajik.what_en and "БРДМ-2М" in tajik.what_ru
    assert tajik.quantity is None  # the source gives no number
    assert (tajik.delivered_on, tajik.delivered_precision) == (datetime.date(2019, 11, 28), "by")
    assert {item.recipient.code for item in shipped.values() if item.delivered_on.year == 2019} == {
        "TJK",
        "KGZ",
    }
    assert all(
        item.source_keys == ["seed-003"] and item.what_ru and item.note_ru for item in shipped.values()
    )
    assert all(item.basis.key == "military-technical" for item in shipped.values())


def test_a_reload_changes_nothing_and_keeps_what_users_recorded():
    mine = deliver_without_offer(
        donor=State.objects.get(code="RUS"),
        recipient=State.objects.get(code="KGZ"),
        kind="supplies",
        what_en="Fuel",
        on=datetime.date(2022, 1, 5),
        source="Note",
        actor=ACTOR,
    )
    report = load_deliveries(deliveries_path("csto"), actor=ACTOR)
    assert report.changes == 0
    assert Delivery.objects.filter(pk=mine.pk).exists()


def test_another_file_loads_beside_the_shipped_one(tmp_path):
    path = tmp_path / "deliveries-extra.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_deliveries(path, actor=ACTOR).changes == 1
    assert Delivery.objects.filter(key="kgz-2019-radar-stations").exists()
    made = Delivery.objects.get(key="test-delivery")
    assert (made.delivered_on, made.delivered_precision, made.quantity) == (
        datetime.date(2021, 5, 1),
        "month",
        Decimal(5),
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("recipient: KGZ", "recipient: XXX", 3, "deliveries[0].recipient"),
        ("kind: equipment", "kind: jewels", 4, "deliveries[0].kind"),
        ("sources: [seed-002]", "sources: [nowhere]", 9, "deliveries[0].sources[0]"),
        ("    unit: units\n", "", 2, "deliveries[0].unit"),
        ("quantity: 5", "quantity: -5", 6, "deliveries[0].quantity"),
        ("date: 2021-05", "date: soon", 8, "deliveries[0].date"),
    ],
)
def test_a_bad_file_is_refused_whole_with_line_and_field(tmp_path, old, new, line, field):
    path = tmp_path / "deliveries.yaml"
    path.write_text(
        GOOD.replace(old, new) + GOOD.replace("test-delivery", "second").removeprefix("deliveries:\n"),
        encoding="utf-8",
    )
    before = Delivery.objects.count()
    with pytest.raises(CharterFileError) as refused:
        load_deliveries(path, actor=ACTOR)
    problem = refused.value.problems[0]
    assert (problem.file, problem.field) == (str(path), field), str(refused.value)
    assert problem.line == line, str(refused.value)
    assert Delivery.objects.count() == before


def test_the_command_refuses_a_bad_file_with_exit_2(tmp_path):
    path = tmp_path / "deliveries.yaml"
    path.write_text(GOOD.replace("KGZ", "XXX"), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("load_response", str(path))
    assert refused.value.returncode == 2 and "deliveries.yaml:3" in str(refused.value)


def test_the_command_loads_the_shipped_file():
    call_command("load_response", "csto")
    assert Delivery.objects.filter(key="kgz-2019-mi-8-helicopters").exists()


def test_an_organization_without_a_response_file_loads_nothing():
    out = StringIO()
    call_command("load_response", "nowhere", stdout=out)
    assert "No response data file for nowhere." in out.getvalue()


def test_a_missing_file_is_refused_with_exit_2(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("load_response", str(tmp_path / "deliveries.yaml"))
    assert refused.value.returncode == 2
