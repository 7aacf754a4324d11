"""Every write to the charter: loading a charter file, ratifying, appointing, recording relations.

Each function takes the acting :class:`~accord.core.audit.Actor`, runs in one transaction and
records every change it makes. Loading the same file twice writes nothing the second time.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from accord.charter import models as charter
from accord.charter.loader import read_charter
from accord.charter.rules import FuzzyDate
from accord.charter.schema import CharterSpec, Names
from accord.core.access import require_add
from accord.core.audit import Actor, delete_with_record, record_change, save_with_record
from accord.core.models import ChangeRecord, Source
from accord.core.sources import source_named
from accord.core.validation import InvalidValue, check_fields, check_text


class ServiceError(Exception):
    """A write that cannot be made as asked; the message says why."""


def checked_text(text: str, field: str) -> str:
    """A text fit to look up or store (no NUL, no lone surrogate), else a ServiceError naming the field."""
    try:
        return check_text(text)
    except InvalidValue as refusal:
        raise ServiceError(f"{field}: {refusal}") from None


@dataclass
class SyncReport:
    """What a load changed, per kind of record."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        """Whether anything at all changed."""
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per kind, for printing."""
        return {"created": dict(self.created), "updated": dict(self.updated), "deleted": dict(self.deleted)}


def names(value: Names | None, prefix: str = "name") -> dict[str, str]:
    """Field values for a bilingual name."""
    return {f"{prefix}_en": value.en if value else "", f"{prefix}_ru": value.ru if value else ""}


def fuzzy(value: FuzzyDate | None, date_field: str, precision_field: str) -> dict[str, Any]:
    """Field values for a date of known precision."""
    return {date_field: value.value if value else None, precision_field: value.precision if value else "day"}


class CharterSync:
    """Makes the database say what a charter file says, recording each difference."""

    def __init__(self, spec: CharterSpec, actor: Actor, reason: str) -> None:
        self.spec = spec
        self.actor = actor
        self.reason = reason
        self.report = SyncReport()
        self.states: dict[str, charter.State] = {}

    def sync(
        self,
        model: type[models.Model],
        desired: dict[Hashable, dict[str, Any]],
        key_of: Callable[[Any], Hashable],
        *,
        delete_missing: bool = True,
    ) -> dict[Hashable, Any]:
        """Create, update and delete ``model`` rows so they match ``desired`` (by natural key)."""
        label = model._meta.model_name
        existing = {key_of(instance): instance for instance in model.objects.all()}
        result = {}
        for key, values in desired.items():
            instance = existing.pop(key, None)
            creating = instance is None
            instance = instance or model()
            if save_with_record(instance, actor=self.actor, reason=self.reason, fields=values):
                (self.report.created if creating else self.report.updated)[label] += 1
            result[key] = instance
        if delete_missing:
            for instance in existing.values():
                delete_with_record(instance, actor=self.actor, reason=self.reason)
                self.report.deleted[label] += 1
        return result

    def run(self) -> SyncReport:
        """Apply every section, parents before children, removals of children first."""
        self.remove_orphans_first()
        self.sync_sources()
        self.sync_organization()
        self.sync_states()
        self.sync_regions()
        self.sync_statuses()
        rotations = self.sync_rotations()
        bodies = self.sync_bodies()
        posts = self.sync_posts(bodies, rotations)
        self.sync_appointments(posts)
        self.sync_chairs()
        self.sync_criteria_and_rights()
        self.sync_instruments(bodies)
        self.sync_relations()
        self.sync_facts()
        return self.report

    def remove_orphans_first(self) -> None:
        """Delete appointments of posts about to disappear, so protected references do not block."""
        post_keys = {post.key for post in self.spec.posts}
        for appointment in charter.Appointment.objects.exclude(post__key__in=post_keys):
            delete_with_record(appointment, actor=self.actor, reason=self.reason)
            self.report.deleted["appointment"] += 1

    def sync_sources(self) -> None:
        desired = {
            item.key: {
                "key": item.key,
                "title": item.title,
                "publisher": item.publisher,
                "published_on": item.published,
                "address": item.address,
                "licence": item.licence,
                "note": item.note,
            }
            for item in self.spec.sources
        }
        self.sync(Source, desired, lambda source: source.key, delete_missing=False)

    def sync_organization(self) -> None:
        item = self.spec.organization
        desired = {
            item.key: {
                "key": item.key,
                **names(item.name),
                "abbreviation_en": item.abbreviation.en,
                "abbreviation_ru": item.abbreviation.ru,
                "founded_on": item.founded,
                "treaty_signed_on": item.treaty_signed,
                **names(item.objectives, "objectives"),
                "source_keys": item.sources,
            }
        }
        self.sync(charter.Organization, desired, lambda organization: organization.key)

    def sync_states(self) -> None:
        """States named in the file get the file's names; reference states are never deleted."""
        desired = {
            item.code: {"code": item.code, **names(item.name), "source_keys": item.sources}
            for item in self.spec.states
        }
        self.sync(charter.State, desired, lambda state: state.code, delete_missing=False)
        self.states = {state.code: state for state in charter.State.objects.all()}

    def sync_regions(self) -> None:
        desired = {
            item.key: {"key": item.key, **names(item.name), "source_keys": item.sources}
            for item in self.spec.regions
        }
        regions = self.sync(charter.Region, desired, lambda region: region.key)
        for item in self.spec.regions:
            region = regions[item.key]
            before = sorted(region.states.values_list("code", flat=True))
            after = sorted(item.states)
            if before != after:
                region.states.set([self.states[code] for code in after])
                record_change(
                    actor=self.actor,
                    action=ChangeRecord.Action.UPDATE,
                    instance=region,
                    before={"states": before},
                    after={"states": after},
                    reason=self.reason,
                )
                self.report.updated["region"] += 1

    def sync_statuses(self) -> None:
        desired = {}
        for item in self.spec.statuses:
            values = {
                "state_id": self.states[item.state].id,
                "status": item.status,
                "note": item.note,
                **fuzzy(item.from_, "valid_from", "valid_from_precision"),
                **fuzzy(item.until, "valid_to", "valid_to_precision"),
                "source_keys": item.sources,
            }
            desired[(item.state, item.status, values["valid_from"])] = values
        self.sync(charter.StateStatus, desired, lambda span: (span.state.code, span.status, span.valid_from))

    def sync_rotations(self) -> dict[Hashable, charter.RotationRule]:
        desired = {
            item.key: {
                "key": item.key,
                "order_kind": item.order,
                "order_language": item.language,
                "explicit_order": item.states,
                "term_years": item.term_years,
                "term_starts": item.term_starts,
                "when_suspended": item.when_suspended,
                "source_keys": item.sources,
            }
            for item in self.spec.rotations
        }
        return self.sync(charter.RotationRule, desired, lambda rotation: rotation.key)

    def sync_bodies(self) -> dict[Hashable, charter.Body]:
        desired = {
            item.key: {
                "key": item.key,
                **names(item.name),
                **names(item.abbreviation, "abbreviation"),
                "level": item.level,
                **names(item.composition, "composition"),
                "decision_rule": item.decision_rule,
                **fuzzy(item.established, "established_on", "established_precision"),
                "source_keys": item.sources,
            }
            for item in self.spec.bodies
        }
        bodies = self.sync(charter.Body, desired, lambda body: body.key)
        for item in self.spec.bodies:
            parent = bodies[item.under].id if item.under else None
            save_with_record(
                bodies[item.key], actor=self.actor, reason=self.reason, fields={"parent_id": parent}
            )
        return bodies

    def sync_posts(self, bodies: dict, rotations: dict) -> dict[Hashable, charter.Post]:
        desired = {
            item.key: {
                "key": item.key,
                **names(item.name),
                "body_id": bodies[item.body].id if item.body else None,
                "appointed_by_id": bodies[item.appointed_by].id if item.appointed_by else None,
                "rotation_id": rotations[item.rotation].id if item.rotation else None,
                "source_keys": item.sources,
            }
            for item in self.spec.posts
        }
        return self.sync(charter.Post, desired, lambda post: post.key)

    def sync_appointments(self, posts: dict) -> None:
        desired = {
            (item.post, item.person.en, item.from_): {
                "post_id": posts[item.post].id,
                **names(item.person, "person"),
                "state_id": self.states[item.state].id,
                "valid_from": item.from_,
                "valid_to": item.until,
                "acting": item.acting,
                "note": item.note,
                "source_keys": item.sources,
            }
            for item in self.spec.appointments
        }
        self.sync(
            charter.Appointment,
            desired,
            lambda appointment: (appointment.post.key, appointment.person_en, appointment.valid_from),
        )

    def sync_chairs(self) -> None:
        recorded = self.spec.chairmanship.recorded if self.spec.chairmanship else []
        desired = {
            item.year: {
                "year": item.year,
                "state_id": self.states[item.state].id,
                "note": item.note,
                "source_keys": item.sources,
            }
            for item in recorded
        }
        self.sync(charter.Chairmanship, desired, lambda chair: chair.year)

    def sync_criteria_and_rights(self) -> None:
        criteria = {}
        for status, items in self.spec.criteria.items():
            for item in items:
                parameters = {"instrument": item.instrument, "years_back": item.years_back, "fact": item.fact}
                criteria[(status, item.key)] = {
                    "status": status,
                    "key": item.key,
                    "kind": item.kind,
                    "parameters": {name: value for name, value in parameters.items() if value is not None},
                    **names(item.description, "description"),
                    "source_keys": item.sources,
                }
        self.sync(charter.AdmissionCriterion, criteria, lambda criterion: (criterion.status, criterion.key))
        rights = {
            (status, item.key): {
                "status": status,
                "key": item.key,
                **names(item.description, "description"),
                "source_keys": item.sources,
            }
            for status, items in self.spec.rights.items()
            for item in items
        }
        self.sync(charter.StatusRight, rights, lambda right: (right.status, right.key))

    def sync_instruments(self, bodies: dict) -> None:
        desired = {
            item.key: {
                "key": item.key,
                **names(item.title, "title"),
                "kind": item.kind,
                **fuzzy(item.adopted, "adopted_on", "adopted_precision"),
                "adopted_by_id": bodies[item.adopted_by].id if item.adopted_by else None,
                **names(item.place, "place"),
                "entry_into_force": item.entry_into_force,
                "in_force_from": item.in_force_from,
                "establishes_statuses": item.establishes_statuses,
                "note": item.note,
                "source_keys": item.sources,
            }
            for item in self.spec.instruments
        }
        instruments = self.sync(charter.Instrument, desired, lambda instrument: instrument.key)
        participants = {
            (instrument.key, item.state): {
                "instrument_id": instruments[instrument.key].id,
                "state_id": self.states[item.state].id,
                **fuzzy(item.signed, "signed_on", "signed_precision"),
                **fuzzy(item.ratified, "ratified_on", "ratified_precision"),
                "ratified_not_before": item.ratified.not_before if item.ratified else None,
                "note": item.note,
                "source_keys": item.sources,
            }
            for instrument in self.spec.instruments
            for item in instrument.participants
        }
        self.sync(
            charter.InstrumentParticipant,
            participants,
            lambda participant: (participant.instrument.key, participant.state.code),
        )

    def sync_relations(self) -> None:
        desired = {}
        for item in self.spec.relations:
            first, second = sorted(item.states)
            desired[(first, second)] = {
                "state_a_id": self.states[first].id,
                "state_b_id": self.states[second].id,
                "established_on": item.established,
                "broken_off_on": item.broken_off,
                "source_keys": item.sources,
            }
        self.sync(
            charter.DiplomaticRelation,
            desired,
            lambda relation: (relation.state_a.code, relation.state_b.code),
        )

    def sync_facts(self) -> None:
        desired = {
            (item.state, item.key): {
                "state_id": self.states[item.state].id,
                "key": item.key,
                "value": item.value,
                "since": item.since,
                "note": item.note,
                "source_keys": item.sources,
            }
            for item in self.spec.facts
        }
        self.sync(charter.StateFact, desired, lambda fact: (fact.state.code, fact.key))


def load_charter(path: Path, *, actor: Actor) -> SyncReport:
    """Check a charter file completely, then make the database match it in one transaction."""
    known_codes = set(charter.State.objects.values_list("code", flat=True))
    spec = read_charter(path, known_codes)
    existing = charter.Organization.objects.first()
    if existing and existing.key != spec.organization.key:
        raise ServiceError(
            f"this database holds the charter of {existing.key!r}; "
            f"{path} describes {spec.organization.key!r}. "
            "Use a separate database (ACCORD_DATABASE_URL) for another organization."
        )
    with transaction.atomic():
        return CharterSync(spec, actor, reason=f"charter file {path.name}").run()


def state_by_code_or_name(text: str) -> charter.State:
    """A state named by ISO alpha-3 code or by its English or Russian name (any case)."""
    query = checked_text(text, "state").strip()
    found = charter.State.objects.filter(code=query.upper()).first()
    if found is None:
        found = (
            charter.State.objects.filter(name_en__iexact=query).first()
            or charter.State.objects.filter(name_ru__iexact=query).first()
        )
    if found is None:
        raise ServiceError(
            f"unknown state {text!r}: expected an ISO 3166 alpha-3 code (e.g. KAZ) or an English name"
        )
    return found


def ensure_source(text: str, *, actor: Actor) -> Source:
    """The source named by key or title, or a new one titled ``text`` (for recording commands)."""
    return source_named(text, actor=actor, error=ServiceError)


@transaction.atomic
def record_ratification(
    instrument_key: str, state: charter.State, on: datetime.date, *, source: str, actor: Actor
) -> charter.InstrumentParticipant:
    """Record that ``state`` ratified an instrument on a date, citing a source."""
    instrument = (
        charter.Instrument.objects.restrict(actor.access_user)
        .filter(key=checked_text(instrument_key, "instrument"))
        .first()
    )
    if instrument is None:
        known = (
            ", ".join(charter.Instrument.objects.restrict(actor.access_user).values_list("key", flat=True))
            or "none"
        )
        raise ServiceError(f"unknown instrument {instrument_key!r}: known instruments are {known}")
    if instrument.adopted_on and on < instrument.adopted_on and instrument.adopted_precision == "day":
        raise ServiceError(f"{on} is before the instrument was adopted ({instrument.adopted_on})")
    require_add(actor.access_user, charter.InstrumentParticipant, state.code)
    cited = ensure_source(source, actor=actor)
    participant = (
        charter.InstrumentParticipant.objects.restrict(actor.access_user)
        .filter(instrument=instrument, state=state)
        .first()
    )
    participant = participant or charter.InstrumentParticipant(instrument=instrument, state=state)
    keys = list(dict.fromkeys([*participant.source_keys, cited.key]))
    fields = {
        "ratified_on": on,
        "ratified_precision": "day",
        "ratified_not_before": None,
        "source_keys": keys,
    }
    save_with_record(
        participant,
        actor=actor,
        reason=f"ratification recorded from {cited.key}",
        fields=check_fields(participant, fields, ServiceError),
    )
    return participant


@transaction.atomic
def record_appointment(
    post_key: str,
    person: str,
    state: charter.State,
    start: datetime.date,
    *,
    acting: bool,
    source: str,
    actor: Actor,
    person_ru: str = "",
) -> charter.Appointment:
    """Record an appointment; an open appointment before it ends the day this one starts."""
    post = charter.Post.objects.restrict(actor.access_user).filter(key=checked_text(post_key, "post")).first()
    if post is None:
        known = (
            ", ".join(charter.Post.objects.restrict(actor.access_user).values_list("key", flat=True))
            or "none"
        )
        raise ServiceError(f"unknown post {post_key!r}: known posts are {known}")
    candidate = charter.Appointment(
        post=post, person_en=person, person_ru=person_ru, state=state, valid_from=start
    )
    check_fields(candidate, {"acting": acting}, ServiceError)
    if (
        charter.Appointment.objects.restrict(actor.access_user)
        .filter(post=post, valid_from__gte=start)
        .exclude(person_en=person)
        .exists()
    ):
        raise ServiceError(f"an appointment to {post_key} starting on or after {start} is already recorded")
    cited = ensure_source(source, actor=actor)
    for earlier in charter.Appointment.objects.restrict(actor.access_user).filter(
        post=post, valid_from__lt=start, valid_to__isnull=True
    ):
        save_with_record(
            earlier, actor=actor, reason=f"ended by the appointment of {person}", fields={"valid_to": start}
        )
    appointment = (
        charter.Appointment.objects.restrict(actor.access_user)
        .filter(post=post, person_en=person, valid_from=start)
        .first()
    )
    appointment = appointment or charter.Appointment(post=post, person_en=person, valid_from=start)
    save_with_record(
        appointment,
        actor=actor,
        reason=f"appointment recorded from {cited.key}",
        fields={
            "person_ru": person_ru or appointment.person_ru,
            "state": state,
            "acting": acting,
            "source_keys": list(dict.fromkeys([*appointment.source_keys, cited.key])),
        },
    )
    return appointment


@transaction.atomic
def record_relation(
    first: charter.State,
    second: charter.State,
    *,
    established: datetime.date | None,
    source: str,
    actor: Actor,
    broken_off: datetime.date | None = None,
) -> charter.DiplomaticRelation:
    """Record diplomatic relations between two states, citing a source."""
    if first.code == second.code:
        raise ServiceError("a state has no diplomatic relations with itself: name two different states")
    state_a, state_b = sorted((first, second), key=lambda state: state.code)
    cited = ensure_source(source, actor=actor)
    relation = (
        charter.DiplomaticRelation.objects.restrict(actor.access_user)
        .filter(state_a=state_a, state_b=state_b)
        .first()
    )
    relation = relation or charter.DiplomaticRelation(state_a=state_a, state_b=state_b)
    fields = {
        "established_on": established,
        "broken_off_on": broken_off,
        "source_keys": list(dict.fromkeys([*relation.source_keys, cited.key])),
    }
    save_with_record(
        relation,
        actor=actor,
        reason=f"relation recorded from {cited.key}",
        fields=check_fields(relation, fields, ServiceError),
    )
    return relation
