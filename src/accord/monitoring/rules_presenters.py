"""The rules and an analysis as data for people and machines: the rules as a table, a tried text
with every tag's rule and words and the text cut into plain and highlighted pieces."""

from __future__ import annotations

from typing import Any

from accord.monitoring.understanding.analysis import Analysis
from accord.monitoring.understanding.rulebook import Rule, Rules


def written_terms(rule: Rule, language: str) -> str:
    """A rule's terms in one language as a reader sees them (``any … ; all: … ; not: …``)."""
    terms = rule.terms.get(language)
    parts = []
    if terms is not None:
        parts.append(", ".join(terms.written.get("any", ())))
        if terms.written.get("all"):
            parts.append("+ " + ", ".join(terms.written["all"]))
        if terms.written.get("none"):
            parts.append("− " + ", ".join(terms.written["none"]))
    if rule.tags:
        parts.append("⇐ " + ", ".join(rule.tags))
    return "; ".join(part for part in parts if part)


def rules_table(rules: Rules, language: str) -> list[dict[str, Any]]:
    """One row per rule: its category (named in ``language``), id, weight and terms in both languages."""
    rows = []
    for category in rules.categories:
        for rule in rules.rules_of(category.key):
            rows.append(
                {
                    "category": category.key,
                    "category_name": category.name.get(language) or category.key,
                    "threshold": category.threshold,
                    "rule": rule.name,
                    "weight": rule.weight,
                    "en": written_terms(rule, "en"),
                    "ru": written_terms(rule, "ru"),
                    "tags": list(rule.tags),
                }
            )
    return rows


def categories_json(rules: Rules) -> list[dict[str, Any]]:
    """The categories with their names, descriptions, threshold and rule names."""
    return [
        {
            "key": category.key,
            "name": dict(category.name),
            "description": dict(category.description),
            "threshold": category.threshold,
            "rules": [rule.name for rule in rules.rules_of(category.key)],
        }
        for category in rules.categories
    ]


def highlighted(text: str, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """``text`` cut into pieces, each marked whether it is one of the ``spans`` (overlaps merged)."""
    merged: list[list[int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    pieces, position = [], 0
    for start, stop in merged:
        if start > position:
            pieces.append({"text": text[position:start], "mark": False})
        pieces.append({"text": text[start:stop], "mark": True})
        position = stop
    if position < len(text):
        pieces.append({"text": text[position:], "mark": False})
    return pieces


def reasons_of(analysis: Analysis) -> list[str]:
    """One sentence per tag and figure: what was found, by which rule, from which words."""
    lines = [f"{tag.kind} {tag.key}: {tag.rule} ← {', '.join(tag.words)}" for tag in analysis.tags]
    lines += [
        f"figure {figure.value:g} {figure.unit}"
        + (f" ({figure.qualifier})" if figure.qualifier else "")
        + (f" about {figure.about}" if figure.about else "")
        + f" ← {figure.words}"
        for figure in analysis.figures
    ]
    return lines


def analysis_json(text: str, analysis: Analysis, rules_version: int) -> dict[str, Any]:
    """A tried text's analysis with its reasons and the rules version that made it."""
    data = analysis.as_dict()
    data["rules_version"] = rules_version
    data["reasons"] = reasons_of(analysis)
    spans = [tuple(span) for tag in analysis.tags for span in tag.spans]
    spans += [figure.span for figure in analysis.figures]
    data["pieces"] = highlighted(text, spans)
    return data
