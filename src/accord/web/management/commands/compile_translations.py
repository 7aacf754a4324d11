"""``accord compile-translations``: build the .mo catalogues from the shipped .po files.

Done with polib at set-up time so that a fresh machine needs no GNU gettext tools, and only
when a catalogue is missing or older than its source.
"""

from pathlib import Path
from typing import Any

import polib
from django.conf import settings

from accord.core.cli import AccordCommand


def compile_catalogue(po_path: Path) -> bool:
    """Write ``messages.mo`` beside ``po_path`` if it is missing or stale; say whether it did."""
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return True


class Command(AccordCommand):
    help = "Compile the translation catalogues (.po to .mo) where needed."
    json_option = False

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = [
            po_path
            for locale_dir in settings.LOCALE_PATHS
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po"))
            if compile_catalogue(po_path)
        ]
        for po_path in compiled:
            self.stdout.write(f"compiled {po_path.parent.parent.name}/{po_path.name}")
