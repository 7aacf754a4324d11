"""Turning rule answers into JSON objects and readable lines, shared by the CLI, API and pages."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from accord.charter import rules
from accord.charter.rules import CharterFacts
from accord.charter.rules.statuses import POWER_LABELS
from accord.core.answers import Answer, Reason
from accord.core.labels import StatusPower


def reasons_text(answer: Answer) -> list[str]:
    """The answer's reasons as sentences in the active language."""
    language = translation.get_language() or "en"
    return [reason.render(_, language) for reason in answer.reasons]


def rendered(value: Any) -> Any:
    """``value`` with every :class:`Reason` inside it rendered as a sentence in the active language."""
    if isinstance(value, Reason):
        return value.render(_, translation.get_language() or "en")
    if isinstance(value, dict):
        return {key: rendered(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rendered(item) for item in value]
    return value


def answer_payload(answer: Answer, /, **value: Any) -> dict[str, Any]:
    """The JSON shape of every answer: the answer, whether projected, reasons and sources."""
    return {
        **rendered(value),
        "projected": answer.projected,
        "reasons": reasons_text(answer),
        "sources": list(answer.sources),
    }


def state_label(facts: CharterFacts, code: str | None) -> str:
    """``Kazakhstan (KAZ)`` in the active language."""
    if code is None:
        return "—"
    return f"{facts.name(code).in_language(translation.get_language() or 'en')} ({code})"


def status_powers(facts: rules.CharterFacts, status: str | None) -> list[dict[str, Any]]:
    """What a status lets a state do, power by power, as the charter file says (for a page)."""
    kind = facts.kind(status)
    return [
        {"power": power, "label": _(POWER_LABELS[power]), "allowed": kind.may(power)} for power in StatusPower
    ]
