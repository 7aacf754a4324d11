"""How the visibility harness describes a model: the kinds of access, and :class:`Declaration` (one
model, how its records are made, who must see them and every channel that shows them). Each app's
declarations module builds on this one; :mod:`tests.visibility.declarations` lists them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tests.visibility import channels as ch
from tests.visibility import factories as make
from tests.visibility.matrix import EVERY_COMBO, Combo, UserClass, classes, grid_key
from tests.visibility.world import Record, World

ADMINISTRATOR, AUDITOR = "administrator", "auditor"
OWNER_NAMES = frozenset(combo.username for combo in make.OWNERS)


def sees_by_labels(combo: Combo, record: Record) -> bool:
    return combo.permits(record.labels)


def sees_own(combo: Combo, record: Record) -> bool:
    return combo.role == ADMINISTRATOR or (record.owner is not None and record.owner == combo.username)


KINDS: dict[str, tuple[Callable[[Combo, Record], bool], Callable[[Combo], object]]] = {
    # kind: (who must see a record, what makes two users see the same records of the model)
    "classified": (sees_by_labels, grid_key),
    "through": (sees_by_labels, grid_key),
    "public": (lambda combo, record: True, lambda combo: "all"),
    "own": (sees_own, lambda combo: (combo.role == ADMINISTRATOR, combo.username in OWNER_NAMES and combo)),
    "administrators": (lambda combo, record: combo.role == ADMINISTRATOR, lambda c: c.role == ADMINISTRATOR),
    "auditors": (lambda combo, record: combo.role == AUDITOR, lambda combo: combo.role == AUDITOR),
    "no one": (lambda combo, record: False, lambda combo: "none"),
}


@dataclass(frozen=True)
class Declaration:
    """One model (or one grid of its records): how its records are made, seen, and shown."""

    key: str  # the model's label, with "/grid" when a model has a second grid
    kind: str
    make: Callable[[World], Iterator[Record]]
    channels: tuple[ch.Channel, ...] = ()
    gaps: dict[str, str] = field(default_factory=dict)  # channel -> known defect (strict xfail)
    # restrict() is checked for every role, status and clearance, or (where one call is costly, as for
    # change records) for one user per class.
    full_matrix: bool = True
    whole_table: bool = False  # the records are every row of a public table (counted, not listed)

    @property
    def label(self) -> str:
        return self.key.split("/")[0]

    def sees(self, combo: Combo, record: Record) -> bool:
        return KINDS[self.kind][0](combo, record)

    def expected(self, combo: Combo, records: list[Record]) -> set[str]:
        return {record.marker for record in records if self.sees(combo, record)}

    def classes(self) -> list[UserClass]:
        return classes(KINDS[self.kind][1])

    def combos(self) -> list[Combo]:
        """The users whose ``restrict()`` is checked."""
        if self.full_matrix:
            return list(EVERY_COMBO)
        return [user_class.representative for user_class in self.classes()]
