"""Every change to a joint training goes through here: planned, postponed, relocated, cancelled,
held, joined, withdrawn, its lessons. Each checks the rules, writes through ``save_with_record``
(who, when, why in the audit trail) and appends a :class:`TrainingChange` with the plan as it stood
after it, so that the plan on any past date can be read back."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER, may_add, require
from accord.core.answers import Reason, reason_from_data, reason_to_data
from accord.core.audit import Actor, delete_with_record, json_safe, save_with_record
from accord.core.classification import Classification, Releasability, release_codes
from accord.core.errors import ServiceError
from accord.core.label_choices import labels_for
from accord.core.validation import check_fields
from accord.decisions.models import Document, Measure
from accord.decisions.services import add_measure
from accord.forces.capacity import Activity, Capacity, admits, capacity
from accord.forces.models import (
    ChangeKind,
    Formation,
    Training,
    TrainingChange,
    TrainingFinding,
    TrainingParticipant,
    TrainingPhase,
    TrainingSeries,
    TrainingStatus,
)
from accord.forces.no_names import names_in

PLAN_FIELDS = (
    "status",
    "relocated",
    "host",
    "place_en",
    "place_ru",
    "planned_start",
    "planned_end",
    "planned_precision",
    "held_start",
    "held_end",
    "held_precision",
    "personnel",
)
CLOSED = (TrainingStatus.HELD, TrainingStatus.CANCELLED)


class TrainingError(ServiceError):
    """A change to a training that the rules refuse (422 with the field)."""


def plan_of(training: Training) -> dict[str, Any]:
    """The plan fields of a training as a JSON snapshot (the host by its code)."""
    values = {name: getattr(training, name) for name in PLAN_FIELDS if name != "host"}
    values["host"] = training.host.code if training.host_id else None
    return {name: json_safe(value) for name, value in values.items()}


def today() -> datetime.date:
    return timezone.localdate()


def need_reason(reason: str) -> str:
    """A change of plan says why; an empty reason is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise TrainingError(_("say why the plan changes"), field="reason")
    if len(reason) > 2000:
        raise TrainingError(_("the reason is longer than 2000 characters"), field="reason")
    return without_names(reason, "reason")


def without_names(text: str, field: str) -> str:
    """Free text as written, refused when it reads like names of people (findings and reasons are
    about units, dates and places, never persons)."""
    found = names_in(text)
    if found:
        raise TrainingError(
            _("name no one here: a training's records are about units and figures (%(found)s)")
            % {"found": found},
            field=field,
        )
    return text


def still_open(training: Training) -> None:
    """A held or cancelled training is closed: it cannot be postponed, relocated or cancelled."""
    if training.status in CLOSED:
        raise TrainingError(
            _("the training is already %(status)s") % {"status": training.get_status_display()},
            field="status",
        )


def check_dates(start: datetime.date | None, end: datetime.date | None, field: str = "start") -> None:
    if start and end and end < start:
        raise TrainingError(_("the end comes before the start"), field="end")
    if start is None and end is not None:
        raise TrainingError(_("give the start as well as the end"), field=field)


def append_change(
    training: Training,
    kind: str,
    *,
    actor: Actor,
    before: dict[str, Any],
    reason: str = "",
    reason_ru: str = "",
    decision: Document | None = None,
    sources: list[str] | None = None,
    effective: datetime.date | None = None,
) -> TrainingChange:
    """Add one entry to the training's life, holding the plan as it is now."""
    change = TrainingChange(
        training=training,
        kind=kind,
        effective=effective or today(),
        before=before,
        plan=plan_of(training),
        reason_en=reason,
        reason_ru=reason_ru,
        decision=decision,
        source_keys=sources or [],
        recorded_by=actor.name[:150],
    )
    save_with_record(change, actor=actor, reason=f"training {kind}")
    return change


def change_training(
    training: Training,
    kind: str,
    fields: dict[str, Any],
    *,
    actor: Actor,
    reason: str = "",
    decision: Document | None = None,
    sources: list[str] | None = None,
) -> TrainingChange:
    """Apply new plan values and record the change (the caller checked the rules)."""
    require(actor.access_user, training, "change")
    if decision is not None:
        require(actor.access_user, decision, "view")
    before = plan_of(training)
    with transaction.atomic():
        save_with_record(
            training, actor=actor, reason=reason, fields=check_fields(training, fields, TrainingError)
        )
        return append_change(
            training, kind, actor=actor, before=before, reason=reason, decision=decision, sources=sources
        )


def plan_training(
    *,
    name: str,
    series: TrainingSeries,
    host: State | None,
    start: datetime.date,
    end: datetime.date,
    actor: Actor,
    source: str,
    formations: list[Formation] | None = None,
    name_ru: str = "",
    place_en: str = "",
    place_ru: str = "",
    classification: int = Classification.PUBLIC,
    releasability: str = Releasability.EVERYONE,
    release_to: str = "",
) -> Training:
    """Put a training on the plan; the host must be able to host it (take part on its dates)."""
    if not may_add(actor.access_user, Training):
        raise PermissionDenied(_("only the Secretariat's planners put trainings on the plan"))
    check_dates(start, end)
    if not (name or "").strip():
        raise TrainingError(_("give the training a name"), field="name")
    if not (source or "").strip():
        raise TrainingError(_("say where the plan comes from"), field="source")
    for field, problem in labels_for(actor.access_user).problems(
        classification, releasability, release_codes(release_to)
    ):
        raise TrainingError(problem, field=field)
    if host is not None:
        check_host(host, start, end)
    training = Training(series=series, year=start.year, status=TrainingStatus.PLANNED)
    fields = {
        "name_en": name.strip(),
        "name_ru": name_ru.strip(),
        "host": host,
        "place_en": place_en,
        "place_ru": place_ru,
        "planned_start": start,
        "planned_end": end,
        "planned_precision": "day",
        "classification": classification,
        "releasability": releasability,
        "release_to": release_to,
    }
    with transaction.atomic():
        save_with_record(
            training, actor=actor, reason=source, fields=check_fields(training, fields, TrainingError)
        )
        training.formations.set(formations or [])
        append_change(training, ChangeKind.PLANNED, actor=actor, before={}, reason=source)
    return training


def check_host(host: State, start: datetime.date | None, end: datetime.date | None) -> None:
    """A host is a state that takes part as a participant on the training's dates (the charter's rule)."""
    if start is None:
        return
    answer = capacity(host.code, start, end, Activity.TRAININGS)
    if answer.value != Capacity.PARTICIPANT:
        raise TrainingError(
            _("%(state)s cannot host it: %(why)s") % {"state": host.name, "why": reasons_text(answer)},
            field="host",
        )


def rendered(reasons: Any) -> list[str]:
    """Reasons (objects or stored data) as sentences in the active language."""
    language = translation.get_language() or "en"
    found = [reason if isinstance(reason, Reason) else reason_from_data(reason) for reason in reasons]
    return [reason.render(_, language) for reason in found]


def reasons_text(answer: Any) -> str:
    return " ".join(rendered(answer.reasons)) or _("no status in the Organization")


def postpone(
    training: Training,
    *,
    actor: Actor,
    reason: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    decision: Document | None = None,
    sources: list[str] | None = None,
) -> TrainingChange:
    """Postpone, to new dates or to none yet; a held or cancelled training cannot be postponed."""
    reason = need_reason(reason)
    still_open(training)
    check_dates(start, end)
    fields: dict[str, Any] = {"status": TrainingStatus.POSTPONED}
    if start is not None:
        if training.planned_start and start <= training.planned_start:
            raise TrainingError(_("a postponement moves the start later"), field="start")
        fields |= {"planned_start": start, "planned_end": end or start, "planned_precision": "day"}
    return change_training(
        training, ChangeKind.POSTPONED, fields, actor=actor, reason=reason, decision=decision, sources=sources
    )


def relocate(
    training: Training,
    host: State,
    *,
    actor: Actor,
    reason: str,
    place_en: str = "",
    place_ru: str = "",
    decision: Document | None = None,
    sources: list[str] | None = None,
) -> TrainingChange:
    """Move a training to another host, which must be able to host it on its dates."""
    reason = need_reason(reason)
    still_open(training)
    if training.host_id == host.pk:
        raise TrainingError(
            _("the training is already hosted by %(state)s") % {"state": host.name}, field="host"
        )
    check_host(host, *training.span)
    fields = {"host": host, "relocated": True, "place_en": place_en, "place_ru": place_ru}
    return change_training(
        training, ChangeKind.RELOCATED, fields, actor=actor, reason=reason, decision=decision, sources=sources
    )


def cancel(
    training: Training,
    *,
    actor: Actor,
    reason: str,
    decision: Document | None = None,
    sources: list[str] | None = None,
) -> TrainingChange:
    """Cancel a training that is not yet held."""
    reason = need_reason(reason)
    still_open(training)
    return change_training(
        training,
        ChangeKind.CANCELLED,
        {"status": TrainingStatus.CANCELLED},
        actor=actor,
        reason=reason,
        decision=decision,
        sources=sources,
    )


def hold(
    training: Training,
    *,
    actor: Actor,
    start: datetime.date,
    end: datetime.date,
    personnel: int | None = None,
    sources: list[str] | None = None,
) -> TrainingChange:
    """Record that a training was held: its dates (past, not in the future) and who took part."""
    if training.status == TrainingStatus.CANCELLED:
        raise TrainingError(_("a cancelled training cannot be held; plan it again"), field="status")
    if training.status == TrainingStatus.HELD:
        raise TrainingError(_("the training is already recorded as held"), field="status")
    check_dates(start, end)
    if start > today():
        raise TrainingError(_("a training is recorded as held once it has started"), field="start")
    if personnel is not None and not 0 < personnel <= 1_000_000:
        raise TrainingError(_("personnel is a number of people between 1 and 1,000,000"), field="personnel")
    fields = {
        "status": TrainingStatus.HELD,
        "held_start": start,
        "held_end": end,
        "held_precision": "day",
        "personnel": personnel,
    }
    return change_training(training, ChangeKind.HELD, fields, actor=actor, sources=sources)


def may_join_for(user: Any, state: State) -> bool:
    """Planners record any state; a liaison officer their own state (the policy's writer rule)."""
    return may_add(user, TrainingParticipant, state.code)


def join(
    training: Training,
    state: State,
    *,
    actor: Actor,
    wanted: str = Capacity.PARTICIPANT,
    personnel: int | None = None,
) -> TrainingParticipant:
    """Add a state to a training in the capacity the charter gives its status on the dates."""
    user = actor.access_user
    if not Training.objects.filter(pk=training.pk).restrict(user).exists():
        raise PermissionDenied(_("you cannot see this training"))
    if not may_join_for(user, state):
        raise PermissionDenied(_("you may record only your own state's participation"))
    if training.status == TrainingStatus.CANCELLED:
        raise TrainingError(_("the training is cancelled"), field="status")
    start, end = training.span
    if start is None:
        raise TrainingError(_("the training has no dates yet to judge the state's status on"), field="state")
    answer = capacity(state.code, start, end, Activity.TRAININGS)
    if wanted not in (Capacity.PARTICIPANT, Capacity.OBSERVER):
        raise TrainingError(_("take part as participant or observer"), field="capacity")
    if not admits(answer, Capacity(wanted)):
        raise TrainingError(
            _("%(state)s cannot take part as %(capacity)s: %(why)s")
            % {"state": state.name, "capacity": _(wanted), "why": reasons_text(answer)},
            field="state",
        )
    if personnel is not None and not 0 < personnel <= 1_000_000:
        raise TrainingError(_("personnel is a number of people between 1 and 1,000,000"), field="personnel")
    record = TrainingParticipant.objects.filter(
        training=training, state=state
    ).first() or TrainingParticipant(training=training, state=state)
    fields = {
        "capacity": wanted,
        "personnel": personnel,
        "reasons": [reason_to_data(reason) for reason in answer.reasons],
    }
    save_with_record(record, actor=actor, reason=f"joins {training.name_en}", fields=fields)
    return record


def withdraw(participant: TrainingParticipant, *, actor: Actor, reason: str = "") -> None:
    """Take a state off a training's participants (its own liaison officer, or a planner)."""
    if not may_join_for(actor.access_user, participant.state):
        raise PermissionDenied(_("you may withdraw only your own state's participation"))
    reason = without_names((reason or "").strip(), "reason")
    if len(reason) > 2000:
        raise TrainingError(_("the reason is longer than 2000 characters"), field="reason")
    delete_with_record(participant, actor=actor, reason=reason or "withdrawn")


def add_phase(
    training: Training,
    name_en: str,
    *,
    actor: Actor,
    name_ru: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> TrainingPhase:
    """Add a phase (preparation, the active phase, …) with its dates, within the training's."""
    require(actor.access_user, training, "change")
    if not (name_en or "").strip():
        raise TrainingError(_("name the phase"), field="name_en")
    without_names(name_en, "name_en")
    without_names(name_ru or "", "name_ru")
    check_dates(start, end)
    within_training(training, start, "start")
    within_training(training, end, "end")
    phase = TrainingPhase(training=training)
    fields = {"name_en": name_en.strip(), "name_ru": name_ru.strip(), "start": start, "end": end}
    save_with_record(phase, actor=actor, fields=check_fields(phase, fields, TrainingError))
    return phase


def within_training(training: Training, day: datetime.date | None, field: str) -> None:
    """A phase falls within the training's days (held ones once held, else the planned ones)."""
    first, last = training.span
    if day is None or first is None:
        return
    if not first <= day <= (last or first):
        raise TrainingError(
            _("a phase falls within the training's dates (%(first)s – %(last)s)")
            % {"first": first.isoformat(), "last": (last or first).isoformat()},
            field=field,
        )


def add_finding(training: Training, text_en: str, *, actor: Actor, text_ru: str = "") -> TrainingFinding:
    """Record a lesson learned (what was found, never who)."""
    require(actor.access_user, training, "change")
    if not (text_en or "").strip():
        raise TrainingError(_("say what was found"), field="text_en")
    without_names(text_en, "text_en")
    without_names(text_ru or "", "text_ru")
    number = (training.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    finding = TrainingFinding(training=training, number=number)
    save_with_record(finding, actor=actor, fields={"text_en": text_en.strip(), "text_ru": text_ru.strip()})
    return finding


def lessons_document(training: Training, *, actor: Actor) -> Document:
    """The list of follow-up measures of a training, a decisions document with the training's labels
    (so the measures, owners and deadlines work as every other program's measures do)."""
    if training.lessons_id:
        return training.lessons
    document = Document(
        kind=Document.Kind.LIST_OF_MEASURES,
        title_en=f"Follow-up measures: {training.name_en}",
        title_ru=f"Меры по итогам: {training.name_ru or training.name_en}",
        date=training.held_end or training.planned_end or today(),
        date_precision="day" if training.held_end else training.planned_precision,
        classification=training.classification,
        releasability=training.releasability,
        release_to=training.release_to,
    )
    with transaction.atomic():
        save_with_record(document, actor=actor, reason=f"lessons of {training.name_en}")
        save_with_record(training, actor=actor, fields={"lessons": document})
    return document


def add_follow_up(
    training: Training,
    text_en: str,
    *,
    actor: Actor,
    text_ru: str = "",
    deadline: datetime.date | None = None,
    states: list[State] | None = None,
    bodies: list[Any] | None = None,
) -> Measure:
    """A follow-up measure, with its owners and deadline, in the training's lessons document."""
    require(actor.access_user, training, "change")
    if not (text_en or "").strip():
        raise TrainingError(_("say what is to be done"), field="text_en")
    with transaction.atomic():
        document = lessons_document(training, actor=actor)
        number = str(document.measures.count() + 1)
        return add_measure(
            document,
            number,
            text_en.strip(),
            actor=actor,
            text_ru=text_ru,
            deadline=deadline,
            states=states,
            bodies=bodies,
        )


def system_actor() -> Actor:
    return Actor.system("trainings")


__all__ = ["SYSTEM_USER", "TrainingError", "cancel", "hold", "join", "plan_training", "postpone", "relocate"]
