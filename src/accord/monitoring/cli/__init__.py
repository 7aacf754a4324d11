"""The verbs of ``accord monitoring``: each subject has its module with a ``VERBS`` list
(:mod:`accord.core.cli_verbs` says what a verb is), so subjects never edit one shared file.

The rules' verbs live in ``category_rules``: a module named ``rules`` would be held to the pure-rules
layer of ``tests/test_layers.py``.
"""

from __future__ import annotations

from accord.core.audit import Actor
from accord.core.cli_verbs import Answer, Verb, collect_verbs

SUBJECT_MODULES = ("sources", "items", "stories", "signals", "category_rules", "evaluate")
CLI_ACTOR = Actor.system("monitoring-cli")

__all__ = ["CLI_ACTOR", "Answer", "Verb", "every_verb"]


def every_verb() -> list[Verb]:
    """The verbs of every subject present, in the order of :data:`SUBJECT_MODULES`."""
    return collect_verbs("accord.monitoring.cli", SUBJECT_MODULES)
