"""The verbs of ``accord response``: each subject has its module with a ``VERBS`` list
(:mod:`accord.core.cli_verbs` says what a verb is), so subjects never edit one shared file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.cli import InputError
from accord.core.cli_verbs import Answer, Verb, collect_verbs

SUBJECT_MODULES = ("requests", "offers", "deployments", "consultations", "timeline")
CLI_ACTOR = Actor.system("response-cli")

__all__ = ["CLI_ACTOR", "Answer", "Verb", "every_verb", "state_named"]


def every_verb() -> list[Verb]:
    """The verbs of every subject present, in the order of :data:`SUBJECT_MODULES`."""
    return collect_verbs("accord.response.cli", SUBJECT_MODULES)


def state_named(code: str) -> State:
    """The state with ``code`` (any case), or a one-line refusal."""
    found = State.objects.restrict(SYSTEM_USER).filter(code=code.upper()).first()
    if found is None:
        raise InputError(_("no state %(code)s") % {"code": code})
    return found
