"""A charter file's sections as rows for the shared file sync, parents first.

Reading and checking the file is :mod:`accord.charter.loader`; what happens to rows people
recorded is :mod:`accord.core.sync`. Here is only what each section says in database terms.
"""

from __future__ import annotations

from typing import Any

from accord.charter import models as charter
from accord.charter.rules import FuzzyDate
from accord.charter.schema import BodySpec, CharterSpec, Names
from accord.core.labels import Classification
from accord.core.models import Source
from accord.core.sync import FileSync, Ref, SyncReport

CLASSIFICATION_BY_NAME = {level.name.lower(): int(level) for level in Classification}


def names(value: Names | None, prefix: str = "name") -> dict[str, str]:
    """Field values for a bilingual name."""
    return {f"{prefix}_en": value.en if value else "", f"{prefix}_ru": value.ru if value else ""}


def fuzzy(value: FuzzyDate | None, date_field: str, precision_field: str) -> dict[str, Any]:
    """Field values for a date of known precision."""
    return {date_field: value.value if value else None, precision_field: value.precision if value else "day"}


def at(section: str | tuple[str, ...], items: list) -> list[tuple]:
    """Where each item of a section is in the file (``("appointments", 2)``), for conflicts' lines."""
    prefix = (section,) if isinstance(section, str) else section
    return [(*prefix, index) for index in range(len(items))]


def parents_first(bodies: list[BodySpec]) -> list[BodySpec]:
    """Bodies ordered so that each comes after the body it is under (the file checks for cycles)."""
    by_key = {body.key: body for body in bodies}
    ordered: dict[str, BodySpec] = {}

    def place(body: BodySpec) -> None:
        if body.key in ordered:
            return
        if body.under in by_key:
            place(by_key[body.under])
        ordered[body.key] = body

    for body in bodies:
        place(body)
    return list(ordered.values())


class CharterSections:
    """Turns each section of a charter file into rows for :class:`accord.core.sync.FileSync`.

    Tables go parents first; the sync deletes what the file dropped at the end, children first.
    Sources and states are shared with the reference data and recording commands: the file sets
    its fields on them and never deletes them.
    """

    def __init__(self, spec: CharterSpec, sync: FileSync) -> None:
        self.spec = spec
        self.sync = sync
        self.states: dict[str, charter.State] = {}

    def run(self) -> SyncReport:
        """Write every section, then remove what the file no longer lists."""
        self.sync_sources()
        self.sync_organization()
        self.sync_states()
        self.sync_regions()
        self.sync_areas_of_interest()
        self.sync_status_kinds()
        self.sync_statuses()
        self.sync_rotations()
        self.sync_bodies()
        self.sync_posts()
        self.sync_appointments()
        self.sync_chairs()
        self.sync_criteria_and_rights()
        self.sync_assistance_bases()
        self.sync_instruments()
        self.sync_relations()
        self.sync_facts()
        return self.sync.finish()

    def sync_sources(self) -> None:
        rows = [
            {
                "key": item.key,
                "title": item.title,
                "publisher": item.publisher,
                "published_on": item.published,
                "address": item.address,
                "licence": item.licence,
                "note": item.note,
            }
            for item in self.spec.sources
        ]
        self.sync.table(Source, ["key"], rows, shared=True, paths=at("sources", self.spec.sources))

    def sync_organization(self) -> None:
        item = self.spec.organization
        row = {
            "key": item.key,
            **names(item.name),
            "abbreviation_en": item.abbreviation.en,
            "abbreviation_ru": item.abbreviation.ru,
            "founded_on": item.founded,
            "treaty_signed_on": item.treaty_signed,
            **names(item.objectives, "objectives"),
            "source_keys": item.sources,
        }
        self.sync.table(charter.Organization, ["key"], [row], paths=[("organization",)])

    def sync_states(self) -> None:
        """States named in the file get the file's names; reference states are never deleted."""
        rows = [
            {"code": item.code, **names(item.name), "source_keys": item.sources} for item in self.spec.states
        ]
        self.sync.table(charter.State, ["code"], rows, shared=True, paths=at("states", self.spec.states))
        self.states = {state.code: state for state in charter.State.objects.all()}

    def sync_regions(self) -> None:
        rows = [
            {
                "key": item.key,
                **names(item.name),
                "source_keys": item.sources,
                "states": [self.states[code] for code in item.states],
            }
            for item in self.spec.regions
        ]
        self.sync.table(charter.Region, ["key"], rows, paths=at("regions", self.spec.regions))

    def sync_areas_of_interest(self) -> None:
        """The places watched beyond the regions (the dashboard's default scope includes them)."""
        rows = []
        for item in self.spec.areas_of_interest:
            box = item.bbox
            rows.append(
                {
                    "key": item.key,
                    **names(item.name),
                    **names(item.note, "note"),
                    "south": box.south if box else None,
                    "west": box.west if box else None,
                    "north": box.north if box else None,
                    "east": box.east if box else None,
                    "source_keys": item.sources,
                    "states": [self.states[code] for code in item.states],
                }
            )
        self.sync.table(
            charter.AreaOfInterest, ["key"], rows, paths=at("areas_of_interest", self.spec.areas_of_interest)
        )

    def sync_status_kinds(self) -> None:
        """What each status may do (the rules and the access policy read it)."""
        rows = [
            {
                "key": status,
                **names(item.name),
                "powers": sorted(item.may),
                "member_state": item.member_state,
                "sees_up_to": CLASSIFICATION_BY_NAME[item.sees.up_to],
                "sees_releases": sorted(item.sees.releases),
                "keeps_named_releases": item.sees.keeps_named_releases,
                "note": item.note,
                "source_keys": item.sources,
            }
            for status, item in self.spec.status_kinds.items()
        ]
        self.sync.table(charter.StatusKind, ["key"], rows)

    def sync_statuses(self) -> None:
        rows = [
            {
                "state": self.states[item.state],
                "status": item.status,
                "note": item.note,
                "override_reason": item.override,
                **fuzzy(item.from_, "valid_from", "valid_from_precision"),
                **fuzzy(item.until, "valid_to", "valid_to_precision"),
                "source_keys": item.sources,
            }
            for item in self.spec.statuses
        ]
        self.sync.table(
            charter.StateStatus,
            ["state", "status", "valid_from"],
            rows,
            paths=at("statuses", self.spec.statuses),
        )

    def sync_rotations(self) -> None:
        rows = [
            {
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
        ]
        self.sync.table(charter.RotationRule, ["key"], rows, paths=at("rotations", self.spec.rotations))

    def sync_bodies(self) -> None:
        rows = [
            {
                "key": item.key,
                **names(item.name),
                **names(item.abbreviation, "abbreviation"),
                "level": item.level,
                **names(item.composition, "composition"),
                "decision_rule": item.decision_rule,
                **fuzzy(item.established, "established_on", "established_precision"),
                "parent": Ref(charter.Body, item.under) if item.under else None,
                "source_keys": item.sources,
            }
            for item in parents_first(self.spec.bodies)
        ]
        index = {body.key: position for position, body in enumerate(self.spec.bodies)}
        paths = [("bodies", index[item.key]) for item in parents_first(self.spec.bodies)]
        self.sync.table(charter.Body, ["key"], rows, paths=paths)

    def sync_posts(self) -> None:
        rows = [
            {
                "key": item.key,
                **names(item.name),
                "body": Ref(charter.Body, item.body) if item.body else None,
                "appointed_by": Ref(charter.Body, item.appointed_by) if item.appointed_by else None,
                "rotation": Ref(charter.RotationRule, item.rotation) if item.rotation else None,
                "source_keys": item.sources,
            }
            for item in self.spec.posts
        ]
        self.sync.table(charter.Post, ["key"], rows, paths=at("posts", self.spec.posts))

    def sync_appointments(self) -> None:
        rows = [
            {
                "post": Ref(charter.Post, item.post),
                **names(item.person, "person"),
                "state": self.states[item.state],
                "valid_from": item.from_,
                "valid_to": item.until,
                "acting": item.acting,
                "note": item.note,
                "source_keys": item.sources,
            }
            for item in self.spec.appointments
        ]
        self.sync.table(
            charter.Appointment,
            ["post", "person_en", "valid_from"],
            rows,
            paths=at("appointments", self.spec.appointments),
        )

    def sync_chairs(self) -> None:
        recorded = self.spec.chairmanship.recorded if self.spec.chairmanship else []
        rows = [
            {
                "year": item.year,
                "state": self.states[item.state],
                "note": item.note,
                "source_keys": item.sources,
            }
            for item in recorded
        ]
        self.sync.table(
            charter.Chairmanship, ["year"], rows, paths=at(("chairmanship", "recorded"), recorded)
        )

    def sync_criteria_and_rights(self) -> None:
        criteria, criteria_paths = [], []
        for status, items in self.spec.criteria.items():
            for index, item in enumerate(items):
                criteria_paths.append(("criteria", status, index))
                parameters = {"instrument": item.instrument, "years_back": item.years_back, "fact": item.fact}
                criteria.append(
                    {
                        "status": status,
                        "key": item.key,
                        "kind": item.kind,
                        "parameters": {
                            name: value for name, value in parameters.items() if value is not None
                        },
                        **names(item.description, "description"),
                        "source_keys": item.sources,
                    }
                )
        self.sync.table(charter.AdmissionCriterion, ["status", "key"], criteria, paths=criteria_paths)
        rights = [
            {
                "status": status,
                "key": item.key,
                **names(item.description, "description"),
                "source_keys": item.sources,
            }
            for status, items in self.spec.rights.items()
            for item in items
        ]
        paths = [
            ("rights", status, index)
            for status, items in self.spec.rights.items()
            for index in range(len(items))
        ]
        self.sync.table(charter.StatusRight, ["status", "key"], rights, paths=paths)

    def sync_assistance_bases(self) -> None:
        rows = [
            {
                "key": item.key,
                **names(item.name),
                **names(item.description, "description"),
                "requested_by": item.requested_by,
                "channels": item.channels,
                "decided_by": Ref(charter.Body, item.decided_by) if item.decided_by else None,
                "offered_by": item.offered_by,
                "source_keys": item.sources,
            }
            for item in self.spec.assistance_bases
        ]
        self.sync.table(
            charter.AssistanceBasis, ["key"], rows, paths=at("assistance_bases", self.spec.assistance_bases)
        )

    def sync_instruments(self) -> None:
        rows = [
            {
                "key": item.key,
                **names(item.title, "title"),
                "kind": item.kind,
                **fuzzy(item.adopted, "adopted_on", "adopted_precision"),
                "adopted_by": Ref(charter.Body, item.adopted_by) if item.adopted_by else None,
                **names(item.place, "place"),
                "entry_into_force": item.entry_into_force,
                "in_force_from": item.in_force_from,
                "establishes_statuses": item.establishes_statuses,
                "note": item.note,
                "source_keys": item.sources,
            }
            for item in self.spec.instruments
        ]
        self.sync.table(charter.Instrument, ["key"], rows, paths=at("instruments", self.spec.instruments))
        participants = [
            {
                "instrument": Ref(charter.Instrument, instrument.key),
                "state": self.states[item.state],
                **fuzzy(item.signed, "signed_on", "signed_precision"),
                **fuzzy(item.ratified, "ratified_on", "ratified_precision"),
                "ratified_not_before": item.ratified.not_before if item.ratified else None,
                "note": item.note,
                "source_keys": item.sources,
            }
            for instrument in self.spec.instruments
            for item in instrument.participants
        ]
        paths = [
            ("instruments", index, "participants", position)
            for index, instrument in enumerate(self.spec.instruments)
            for position in range(len(instrument.participants))
        ]
        self.sync.table(charter.InstrumentParticipant, ["instrument", "state"], participants, paths=paths)

    def sync_relations(self) -> None:
        rows = []
        for item in self.spec.relations:
            first, second = sorted(item.states)
            rows.append(
                {
                    "state_a": self.states[first],
                    "state_b": self.states[second],
                    "established_on": item.established,
                    "broken_off_on": item.broken_off,
                    "source_keys": item.sources,
                }
            )
        self.sync.table(
            charter.DiplomaticRelation,
            ["state_a", "state_b"],
            rows,
            paths=at("relations", self.spec.relations),
        )

    def sync_facts(self) -> None:
        rows = [
            {
                "state": self.states[item.state],
                "key": item.key,
                "value": item.value,
                "since": item.since,
                "note": item.note,
                "source_keys": item.sources,
            }
            for item in self.spec.facts
        ]
        self.sync.table(charter.StateFact, ["state", "key"], rows, paths=at("facts", self.spec.facts))
