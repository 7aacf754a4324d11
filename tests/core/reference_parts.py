"""What the reference harness (``test_references.py``) and its subjects' worlds share: the actor,
the labels, the records made at a label, and what a scenario is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from accord.charter.models import Body
from accord.core.audit import Actor, save_with_record
from accord.decisions.models import AgendaItem, Document, Session

SYSTEM = Actor.system("tests")
P, R, C, S = 0, 1, 2, 3


def document(title: str, level: int = P, releasability: str = "everyone", **extra) -> Document:
    made = Document(**extra)
    fields = {"kind": "decision", "title_en": title, "date": timezone.localdate()}
    save_with_record(
        made, actor=SYSTEM, fields={**fields, "classification": level, "releasability": releasability}
    )
    return made


def session(title: str, level: int = P, releasability: str = "everyone", **extra) -> Session:
    made = Session(**extra)
    fields = {"body": Body.objects.get(key="cmfa"), "title_en": title, "date": timezone.localdate()}
    save_with_record(
        made, actor=SYSTEM, fields={**fields, "classification": level, "releasability": releasability}
    )
    return made


def agenda_item(parent: Session, number: int, decision: Document | None) -> AgendaItem:
    item = AgendaItem(session=parent, number=number)
    save_with_record(item, actor=SYSTEM, fields={"title_en": f"Item {number}", "decision": decision})
    return item


@dataclass
class Scenario:
    """A visible record linking to a hidden one: what must never show, and where the link is shown."""

    markers: tuple[str, ...]
    # (address, what a reader who may see the target finds there) — proves the link is really shown.
    shown_on: tuple[tuple[str, str], ...]
    # (API address, how to pick the link out of the answer)
    api: tuple[tuple[str, Callable[[dict], object]], ...] = ()
