"""Reading the charter from the database into the plain data the rules work on."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max, Min

from accord.charter import models as charter
from accord.charter import rules
from accord.core.access import SYSTEM_USER
from accord.core.answers import Bilingual


def fuzzy_or_none(
    day: datetime.date | None, precision: str, not_before: datetime.date | None = None
) -> rules.FuzzyDate | None:
    """A FuzzyDate from a stored date, its precision and (for ranges) its earliest day."""
    return rules.FuzzyDate(day, precision, not_before) if day else None


def load_states(user: Any) -> dict[str, rules.StateInfo]:
    """Every state, for names, UN membership and GW numbers."""
    return {
        code: rules.StateInfo(code, Bilingual(name_en, name_ru), un_since, gwno)
        for code, name_en, name_ru, un_since, gwno in charter.State.objects.restrict(user).values_list(
            "code", "name_en", "name_ru", "un_member_since", "gwno"
        )
    }


def load_instruments(user: Any) -> dict[str, rules.InstrumentInfo]:
    """Instruments with their participants."""
    participants: dict[int, list[rules.Participation]] = {}
    for item in charter.InstrumentParticipant.objects.restrict(user).select_related("state"):
        participants.setdefault(item.instrument_id, []).append(
            rules.Participation(
                item.state.code,
                fuzzy_or_none(item.signed_on, item.signed_precision),
                fuzzy_or_none(item.ratified_on, item.ratified_precision, item.ratified_not_before),
                tuple(item.source_keys),
            )
        )
    return {
        item.key: rules.InstrumentInfo(
            item.key,
            Bilingual(item.title_en, item.title_ru),
            item.entry_into_force,
            fuzzy_or_none(item.adopted_on, item.adopted_precision),
            item.in_force_from,
            tuple(participants.get(item.id, ())),
            tuple(item.source_keys),
        )
        for item in charter.Instrument.objects.restrict(user).all()
    }


def load_conflicts(user: Any) -> tuple[tuple[rules.ConflictRecord, ...], tuple[int, int] | None]:
    """Interstate conflicts (the only ones a criterion uses) and the years the data cover."""
    span = charter.ConflictYear.objects.restrict(user).aggregate(first=Min("year"), last=Max("year"))
    coverage = (span["first"], span["last"]) if span["first"] is not None else None
    records = tuple(
        rules.ConflictRecord(
            item.conflict_id,
            item.year,
            item.type_of_conflict,
            item.location,
            item.side_a,
            item.side_b,
            frozenset(item.gwno_a + item.gwno_b),
            frozenset(item.gwno_a_2nd + item.gwno_b_2nd),
        )
        for item in charter.ConflictYear.objects.restrict(user).filter(type_of_conflict=rules.INTERSTATE)
    )
    return records, coverage


def load_facts(user: Any = SYSTEM_USER) -> rules.CharterFacts:
    """A snapshot of everything the rules need, as far as ``user`` may see it."""
    rotations = {
        item.key: rules.Rotation(
            item.key,
            item.order_kind,
            item.term_years,
            item.when_suspended,
            item.order_language or "ru",
            tuple(item.explicit_order),
            tuple(int(part) for part in item.term_starts.split("-")),
            tuple(item.source_keys),
        )
        for item in charter.RotationRule.objects.restrict(user).all()
    }
    conflicts, coverage = load_conflicts(user)
    chairs = {
        item.year: rules.ChairRecord(item.year, item.state.code, tuple(item.source_keys))
        for item in charter.Chairmanship.objects.restrict(user).select_related("state")
    }
    return rules.CharterFacts(
        states=load_states(user),
        status_kinds=load_status_kinds(user),
        statuses=tuple(
            rules.StatusSpan(
                item.state.code,
                item.status,
                item.valid_from,
                item.valid_to,
                tuple(item.source_keys),
                item.valid_from_precision,
            )
            for item in charter.StateStatus.objects.restrict(user).select_related("state")
        ),
        chairs=chairs,
        chair_rotation="chairmanship" if "chairmanship" in rotations else None,
        rotations=rotations,
        posts={
            item.key: rules.PostInfo(
                item.key,
                Bilingual(item.name_en, item.name_ru),
                item.rotation.key if item.rotation else None,
                tuple(item.source_keys),
            )
            for item in charter.Post.objects.restrict(user).select_related("rotation")
        },
        appointments=tuple(
            rules.AppointmentRecord(
                item.post.key,
                Bilingual(item.person_en, item.person_ru),
                item.state.code,
                item.valid_from,
                item.valid_to,
                item.acting,
                tuple(item.source_keys),
            )
            for item in charter.Appointment.objects.restrict(user).select_related("post", "state")
        ),
        instruments=load_instruments(user),
        criteria=tuple(
            rules.Criterion(
                item.status,
                item.key,
                item.kind,
                Bilingual(item.description_en, item.description_ru),
                dict(item.parameters),
                tuple(item.source_keys),
            )
            for item in charter.AdmissionCriterion.objects.restrict(user).order_by("status", "id")
        ),
        relations=tuple(
            rules.Relation(
                frozenset((item.state_a.code, item.state_b.code)),
                item.established_on,
                item.broken_off_on,
                tuple(item.source_keys),
            )
            for item in charter.DiplomaticRelation.objects.restrict(user).select_related("state_a", "state_b")
        ),
        conflicts=conflicts,
        conflict_years=coverage,
        facts=tuple(
            rules.FactRecord(item.state.code, item.key, item.value, item.since, tuple(item.source_keys))
            for item in charter.StateFact.objects.restrict(user).select_related("state")
        ),
    )


def load_status_kinds(user: Any) -> dict[str, rules.StatusKind]:
    """What each status may do, as the charter file said; the shipped reading where none is recorded."""
    recorded = {item.key: status_kind(item) for item in charter.StatusKind.objects.restrict(user)}
    return {**rules.DEFAULT_KINDS, **recorded}


def status_kind(item: charter.StatusKind) -> rules.StatusKind:
    """One recorded kind of status as the rules read it."""
    return rules.StatusKind(
        item.key,
        Bilingual(item.name_en, item.name_ru),
        frozenset(item.powers),
        member_state=item.member_state,
        sees_up_to=item.sees_up_to,
        sees_releases=frozenset(item.sees_releases),
        keeps_named_releases=item.keeps_named_releases,
        note=item.note,
        sources=tuple(item.source_keys),
    )
