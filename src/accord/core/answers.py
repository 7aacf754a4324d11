"""Answers with reasons: the shape every rule returns.

Rules are pure and do not import Django, yet their reasons are shown to people in English or
Russian. So a reason keeps an untranslated message template (marked with ``gettext_noop`` so that
``makemessages`` extracts it) and its parameters; the presentation layer renders it in the active
language. Parameters may be :class:`Bilingual` names, rendered in the same language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a message for translation without translating it here (xgettext knows this name)."""
    return message


@dataclass(frozen=True)
class Bilingual:
    """A name known in English and Russian."""

    en: str
    ru: str = ""

    def in_language(self, language: str) -> str:
        """The name in ``language``, falling back to English when no Russian name is recorded."""
        if language.startswith("ru") and self.ru:
            return self.ru
        return self.en

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class Phrase:
    """A message nested inside a reason's parameters, translated along with it."""

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)


def render_value(value: Any, translate: Callable[[str], str], language: str) -> Any:
    """A parameter as text in ``language``: names pick their language, phrases are translated."""
    if isinstance(value, Bilingual):
        return value.in_language(language)
    if isinstance(value, Phrase | Reason):
        return render_message(value.message, value.params, translate, language)
    return value


def render_message(
    message: str, params: Mapping[str, Any], translate: Callable[[str], str], language: str
) -> str:
    """Translate a template and fill in its parameters."""
    values = {key: render_value(value, translate, language) for key, value in params.items()}
    return translate(message) % values


@dataclass(frozen=True)
class Reason:
    """One step of an answer's justification, with the sources of the facts it uses."""

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def render(self, translate: Callable[[str], str] = lambda text: text, language: str = "en") -> str:
        """The reason as a sentence in ``language``, using ``translate`` for the template."""
        return render_message(self.message, self.params, translate, language)


@dataclass(frozen=True)
class Answer:
    """A rule's answer: a value, whether it is recorded or projected, and the reasons why."""

    value: Any
    reasons: tuple[Reason, ...] = ()
    projected: bool = False

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source cited by any reason, in order of first mention."""
        seen: dict[str, None] = {}
        for reason in self.reasons:
            for source in reason.sources:
                seen.setdefault(source, None)
        return tuple(seen)


def reason_to_data(reason: Reason) -> dict[str, Any]:
    """A reason as JSON, to be stored and rendered later in either language."""

    def value_to_data(value: Any) -> Any:
        if isinstance(value, Bilingual):
            return {"en": value.en, "ru": value.ru}
        if isinstance(value, Phrase | Reason):
            return {
                "message": value.message,
                "params": {key: value_to_data(item) for key, item in value.params.items()},
            }
        return value

    return {
        "message": reason.message,
        "params": {key: value_to_data(item) for key, item in reason.params.items()},
        "sources": list(reason.sources),
    }


def reason_from_data(data: Mapping[str, Any]) -> Reason:
    """The inverse of :func:`reason_to_data`."""

    def value_from_data(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"en", "ru"}:
            return Bilingual(value["en"], value["ru"])
        if isinstance(value, dict) and "message" in value:
            return Phrase(
                value["message"], {key: value_from_data(item) for key, item in value["params"].items()}
            )
        return value

    return Reason(
        data["message"],
        {key: value_from_data(item) for key, item in data.get("params", {}).items()},
        tuple(data.get("sources", ())),
    )
