"""The demo source ``accord setup`` registers: the CSTO texts shipped with Accord, as a watched folder.

The shipped texts are copied (once, keeping their times) into a folder inside the monitoring folders,
and a PUBLIC English source of kind folder watches it; each text is taken in through
:func:`accord.monitoring.fetching.take_in_some` like any fetched file. Running it again creates and changes
nothing: the source, the copies and the items are recognised as they are.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.monitoring import fetching, sources_services, watched
from accord.monitoring.models import Source

DEMO_KEY = "csto-texts"
SHIPPED_TEXTS = Path(__file__).resolve().parents[1] / "data" / "csto" / "sources"


@dataclass(frozen=True)
class DemoLoaded:
    source: Source
    created: bool
    added: int
    unchanged: int
    failed: int


def demo_folder() -> Path:
    """The demo's folder: inside the first monitoring folder."""
    return watched.roots()[0] / DEMO_KEY


def copy_texts(folder: Path) -> None:
    """The shipped texts into the demo folder, each only when it is not there yet (times kept)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for text in sorted(SHIPPED_TEXTS.glob("*.txt")):
        target = folder / text.name
        if not target.exists():
            shutil.copy2(text, target)


def demo_source(folder: Path, actor: Actor) -> tuple[Source, bool]:
    """The demo source, created once (never changed afterwards: its keeper may have edited it)."""
    found = Source.objects.restrict(SYSTEM_USER).filter(key=DEMO_KEY).first()
    if found is not None:
        return found, False
    values = {
        "key": DEMO_KEY,
        "name": "CSTO texts (demo)",
        "kind": Source.Kind.FOLDER,
        "address": str(folder),
        "language": "en",
        "reliability": Source.Reliability.B,
        "classification": Classification.PUBLIC,
        "releasability": Releasability.EVERYONE,
        "note": "The texts shipped with Accord, for the demonstration.",
    }
    return sources_services.create_source(values, actor=actor, reason="demo data"), True


def load_monitoring_demo(actor: Actor) -> DemoLoaded:
    """Register the demo source and take its texts in (idempotent)."""
    folder = demo_folder()
    copy_texts(folder)
    source, created = demo_source(folder, actor)
    added = unchanged = failed = 0
    deliveries, _count = fetching.folder_deliveries(source)
    for item, new in fetching.take_in_some(source, list(deliveries), actor=actor, run=None):
        if not new:
            unchanged += 1
        elif item.status == item.Status.FAILED:
            failed += 1
        else:
            added += 1
    return DemoLoaded(source, created, added, unchanged, failed)
