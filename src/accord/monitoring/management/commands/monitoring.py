"""``accord monitoring VERB …``: media sources, items, stories, signals, the category rules and the
evaluation against a gold file (the verbs: :mod:`accord.monitoring.cli`). A refused write ends with
status 2 and the reason."""

from __future__ import annotations

from accord.core.cli_verbs import Verb, VerbCommand
from accord.monitoring.cli import every_verb


class Command(VerbCommand):
    help = "Media monitoring: sources, items, stories, signals, rules, evaluation against a gold file."

    def verbs(self) -> list[Verb]:
        return every_verb()
