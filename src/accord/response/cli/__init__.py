"""The verbs of ``accord response``: each subject has its module with a ``VERBS`` list.

A verb is a :class:`Verb`: its name, a help line, a function that adds its arguments to its parser,
and a function that does it and returns what to print (a JSON-able object and the lines for people).
The command (:mod:`accord.response.management.commands.response`) only puts them together, so
subjects never edit one shared file.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.cli import InputError

SUBJECT_MODULES = ("requests", "offers", "deployments", "consultations", "timeline")
CLI_ACTOR = Actor.system("response-cli")

Answer = tuple[Any, list[str]]


@dataclass(frozen=True)
class Verb:
    """One verb of ``accord response``."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[dict[str, Any]], Answer]


def every_verb() -> list[Verb]:
    """The verbs of every subject present, in the order of :data:`SUBJECT_MODULES`."""
    verbs: list[Verb] = []
    for name in SUBJECT_MODULES:
        try:
            module = importlib.import_module(f"accord.response.cli.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"accord.response.cli.{name}":
                raise
            continue
        verbs.extend(module.VERBS)
    return verbs


def state_named(code: str) -> State:
    """The state with ``code`` (any case), or a one-line refusal."""
    found = State.objects.restrict(SYSTEM_USER).filter(code=code.upper()).first()
    if found is None:
        raise InputError(_("no state %(code)s") % {"code": code})
    return found
