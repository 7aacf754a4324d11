"""Operations as the CLI, the API and the pages show them: phases, participants with their capacity
and why, results per state and indicator, and totals with their sources — only what the reader sees."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from accord.charter.facts import load_facts
from accord.core.fields import DatePrecision, in_active_language
from accord.forces.capacity import Activity, capacity_over, load_rights
from accord.forces.models import Operation, OperationParticipant, OperationPhase, OperationResult
from accord.forces.operations.totals import (
    number,
    totals_by,
    totals_by_indicator,
    unit_name,
    visible_results,
)


def fuzzy(day, precision: str) -> str:
    """A date as precisely as it is known."""
    if precision == DatePrecision.YEAR:
        return f"{day:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{day:%Y-%m}"
    return day.isoformat()


def phase_json(phase: OperationPhase) -> dict[str, Any]:
    return {
        "key": phase.key,
        "name": phase.name,
        "start": fuzzy(phase.start, phase.start_precision),
        "end": fuzzy(phase.end, phase.end_precision),
        "sources": phase.source_keys,
    }


def participants_json(user: Any, operation: Operation) -> list[dict[str, Any]]:
    """The participants with the charter's reason for their capacity, said in the reader's language
    (the stored reason is the record as written when the state joined, in English)."""
    participants = list(operation.participants.restrict(user).select_related("state"))
    phases = list(operation.phases.all())
    if not participants or not phases:
        return [participant_json(item, item.reason) for item in participants]
    facts, rights, language = load_facts(), load_rights(), translation.get_language() or "en"
    start, end = min(phase.start for phase in phases), max(phase.end for phase in phases)
    said = {}
    for item in participants:
        answer = capacity_over(facts, rights, item.state.code, start, end, Activity.OPERATIONS)
        said[item.pk] = " ".join(reason.render(gettext, language) for reason in answer.reasons)
    return [participant_json(item, said[item.pk] or item.reason) for item in participants]


def participant_json(item: OperationParticipant, reason: str) -> dict[str, Any]:
    return {
        "state": item.state.code,
        "capacity": item.capacity,
        "reason": reason,
        "sources": item.source_keys,
    }


def result_json(item: OperationResult) -> dict[str, Any]:
    return {
        "id": item.pk,
        "phase": item.phase.key,
        "phase_name": item.phase.name,
        "state": item.state.code if item.state_id else None,
        "indicator": item.indicator.key,
        "indicator_name": item.indicator.name,
        "value": number(item.value),
        "qualifier": item.qualifier,
        "unit": item.unit,
        "unit_name": unit_name(item.unit),
        "source": item.source,
        "note": in_active_language(item.note, item.note_ru),
        "withdrawn": item.withdrawn,
        "classification": int(item.classification),
        "releasability": item.releasability,
    }


def summary_json(item: Operation) -> dict[str, Any]:
    return {
        "key": item.key,
        "type": item.operation_type.key,
        "name": item.name,
        "year": item.year,
        "threat": item.operation_type.threat,
        "sources": item.source_keys,
    }


def operations_json(found: list[Operation]) -> dict[str, Any]:
    return {"operations": [summary_json(item) for item in found]}


def operation_json(user: Any, operation: Operation) -> dict[str, Any]:
    """The whole operation as the user may see it."""
    results = list(visible_results(user, [operation]))
    totals = totals_by_indicator(results)
    by_state = totals_by(results, "state")
    states = {item.state_id: item.state.code for item in results if item.state_id}
    names = {item.indicator.key: item.indicator.name for item in results}
    return {
        **summary_json(operation),
        "note": in_active_language(operation.note, operation.note_ru),
        "phases": [phase_json(phase) for phase in operation.phases.restrict(user)],
        "participants": participants_json(user, operation),
        "indicators": [
            {
                "key": item.key,
                "name": item.name,
                "unit": item.unit,
                "unit_name": unit_name(item.unit),
                "aggregation": item.aggregation,
            }
            for item in operation.operation_type.indicators.all()
        ],
        "results": [result_json(item) for item in results],
        "totals": [
            {"indicator": indicator, "indicator_name": names.get(indicator, indicator), **total.as_json()}
            for (_op, indicator), total in sorted(totals.items())
        ],
        "totals_by_state": [
            {"indicator": indicator, "state": states.get(state), **total.as_json()}
            for (_op, indicator, state), total in by_state.items()
        ],
    }


def operation_lines(user: Any, operation: Operation) -> list[str]:
    data = operation_json(user, operation)
    lines = [
        f"{data['name']} ({data['year']}): {data['threat']}",
        f"  {in_active_language(operation.note, operation.note_ru)}".rstrip(),
    ]
    lines += [f"  phase {item['key']}: {item['start']} – {item['end']}" for item in data["phases"]]
    lines += [f"  {item['state']}: {item['capacity']} — {item['reason']}" for item in data["participants"]]
    for item in data["results"]:
        state = item["state"] or "*"
        mark = " (withdrawn)" if item["withdrawn"] else ""
        lines.append(
            f"  {item['phase']} {state} {item['indicator']}: {item['qualifier']} {item['value']}"
            f" {item['unit']} [{item['source']}]{mark}"
        )
    lines += [
        f"  total {item['indicator']}: {item['value']} {item['unit']} [{', '.join(item['sources'])}]"
        for item in data["totals"]
    ]
    return lines
