"""``accord response VERB …``: requests for assistance, consultations, decisions, offers, deployments,
deliveries and timelines (the verbs: :mod:`accord.response.cli`). A refused write ends with status 2
and the reason."""

from __future__ import annotations

from accord.core.cli_verbs import Verb, VerbCommand
from accord.response.cli import every_verb


class Command(VerbCommand):
    help = "Crisis response: requests, consultations, decisions, offers, deployments, deliveries, timelines."

    def verbs(self) -> list[Verb]:
        return every_verb()
