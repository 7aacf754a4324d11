"""The deliveries data file (``data/<org>/response/deliveries.yaml``): help the sources record as given,
such as the military-technical assistance of 2019.

The file is checked whole (problems as ``FILE:LINE: field.path: what is wrong``, nothing written), then
loaded through the shared sync (:mod:`accord.core.sync`): the rows the file ships carry its keys, the
deliveries users recorded have none and are never touched by a reload.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from pydantic import Field

from accord.charter.loader import SHIPPED_CHARTERS_DIR
from accord.charter.models import AssistanceBasis, State
from accord.charter.schema import Code, FuzzyDateField, Key, Strict
from accord.core.audit import Actor
from accord.core.sync import DataFile, FileSync, FileWins, SyncReport
from accord.forces.formations_file import BothProse, pair
from accord.forces.registry.files import BothLine, LabelsSpec, Need, check_common, labels_row, read_checked
from accord.response.models import Delivery, LineKind
from accord.response.models.common import MAX_AMOUNT

Amount = Annotated[Decimal, Field(gt=0, le=MAX_AMOUNT, max_digits=20, decimal_places=3)]


class DeliverySpec(Strict):
    """One delivery: from whom (empty: the Organization) to whom, what, how much, worth what, when."""

    key: Key
    donor: Code | None = None
    recipient: Code
    basis: Key | None = None
    kind: Literal[tuple(LineKind.values)]  # type: ignore[valid-type]
    what: BothLine
    quantity: Amount | None = None
    unit: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    value: Amount | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    date: FuzzyDateField
    note: BothProse | None = None
    labels: LabelsSpec | None = None
    sources: Annotated[list[Key], Field(min_length=1)]


class DeliveriesFile(Strict):
    deliveries: list[DeliverySpec] = []


def check_deliveries(spec: DeliveriesFile, need: Need) -> None:
    """Known states and bases, unique keys and sources, amounts with their unit or currency."""
    states = set(State.objects.values_list("code", flat=True))
    bases = set(AssistanceBasis.objects.values_list("key", flat=True))
    check_common(spec.deliveries, "deliveries", need, ("note", "what"))
    for index, item in enumerate(spec.deliveries):
        at = ("deliveries", index)
        need(item.recipient in states, (*at, "recipient"), f"unknown state {item.recipient!r}")
        need(item.donor is None or item.donor in states, (*at, "donor"), f"unknown state {item.donor!r}")
        need(item.donor != item.recipient, (*at, "donor"), "a state does not deliver help to itself")
        need(item.basis is None or item.basis in bases, (*at, "basis"), f"unknown basis {item.basis!r}")
        need(
            (item.value is None) == (item.currency is None),
            (*at, "currency"),
            "give a value with its currency",
        )
        need(item.quantity is None or item.unit is not None, (*at, "unit"), "a quantity needs its unit")


def deliveries_path(name_or_path: str) -> Path:
    """A shipped organization's deliveries file (``csto``), or a file named by its path."""
    shipped = SHIPPED_CHARTERS_DIR / name_or_path / "response" / "deliveries.yaml"
    if "/" not in name_or_path and not name_or_path.endswith((".yaml", ".yml")) and shipped.exists():
        return shipped
    return Path(name_or_path)


def load_deliveries(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check a deliveries file, then load it (the deliveries users recorded stay as they are)."""
    spec, marked = read_checked(path, DeliveriesFile, check_deliveries)
    states = {state.code: state for state in State.objects.all()}
    bases = {basis.key: basis for basis in AssistanceBasis.objects.all()}
    rows = [
        {
            "key": item.key,
            "offer": None,
            "donor_state": states[item.donor] if item.donor else None,
            "recipient": states[item.recipient],
            "basis": bases[item.basis] if item.basis else None,
            "crisis": None,
            "kind": item.kind,
            **pair(item.what, "what"),
            "quantity": item.quantity,
            "unit": item.unit or "",
            "value": item.value,
            "currency": item.currency or "",
            "delivered_on": item.date.value,
            "delivered_precision": item.date.precision,
            **pair(item.note, "note"),
            **labels_row(item.labels, 1),
            "source_text": "",
            "source_keys": item.sources,
        }
        for item in spec.deliveries
    ]
    paths = [("deliveries", index) for index in range(len(rows))]
    reason = f"response data file {path.name}"
    file = DataFile.read(f"response:{path.name}", path, reason=reason, legacy_reason=reason)
    with transaction.atomic():
        sync = FileSync(file, actor=actor, line_of=marked.line_of, file_wins=file_wins)
        sync.table(Delivery, ["key"], rows, paths=paths)
        return sync.finish()
