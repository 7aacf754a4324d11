"""Sources and items as the API and the command line give them (plain JSON values)."""

from __future__ import annotations

from typing import Any

from accord.core.access import Action
from accord.core.classification import Classification
from accord.core.models import Run
from accord.core.references import api_value, reference_to
from accord.monitoring.models import Item, Source


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def labels_json(record: Source | Item) -> dict[str, Any]:
    return {
        "classification": Classification(record.classification).name,
        "releasability": record.releasability,
        "release_to": record.release_to_codes,
    }


def last_run_json(run: Run | None) -> dict[str, Any] | None:
    """A source's last fetch: its status and counts (bookkeeping, shown with the source)."""
    if run is None:
        return None
    return {
        "id": run.pk,
        "status": run.status,
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "added": run.added,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "rejected": run.rejected,
        "messages": [message.get("text", "") for message in run.messages if message.get("code") != "problem"],
    }


def visible_run(user: Any, pk: int | None) -> Run | None:
    """The run ``pk`` if ``user`` may see it (runs are their starters' and the administrators')."""
    return Run.objects.restrict(user).filter(pk=pk).first() if pk else None


def source_json(user: Any, source: Source) -> dict[str, Any]:
    """A source; its last fetch's outcome to those who may see that run (its starter, administrators)."""
    return {
        "key": source.key,
        "name": source.name,
        "kind": source.kind,
        "address": source.address,
        "language": source.language,
        "reliability": source.reliability,
        "every_minutes": source.every_minutes,
        "active": source.active,
        "note": source.note,
        "last_fetched_at": iso(source.last_fetched_at),
        "last_run": last_run_json(visible_run(user, source.last_run_id)),
        **labels_json(source),
    }


def item_summary_json(user: Any, item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "source": api_value(reference_to(user, item.source)),
        "external_id": item.external_id,
        "title": item.title,
        "language": item.language,
        "published": iso(item.published),
        "received_at": iso(item.received_at),
        "status": item.status,
        "error_code": item.error_code,
        "error": item.error,
        **labels_json(item),
    }


def item_json(user: Any, item: Item) -> dict[str, Any]:
    """One item with its text, tags (with the rule and words that made each), figures and links."""
    return {
        **item_summary_json(user, item),
        "address": item.address,
        "text": item.text,
        "size": item.size,
        "names_removed": item.names_removed,
        "rules_version": item.rules_version,
        "similarity": item.similarity,
        "duplicate_of": api_value(reference_to(user, item.duplicate_of)),
        "story": api_value(reference_to(user, item.story)),
        "tags": [
            {"kind": tag.kind, "key": tag.key, "rule": tag.rule, "words": tag.words, "score": tag.score}
            for tag in item.tags.restrict(user, Action.VIEW).order_by("kind", "key")
        ],
        "figures": [
            {
                "value": figure.value,
                "unit": figure.unit,
                "about": figure.about,
                "qualifier": figure.qualifier,
                "words": figure.words,
            }
            for figure in item.figures.restrict(user, Action.VIEW).order_by("id")
        ],
    }
