"""The charter file's schema: what a YAML charter may say, checked field by field.

Pydantic models with ``extra="forbid"`` so that a misspelt key is an error, not a silently
ignored fact. Dates may be known to the day (``2019-11-28``), month (``2018-11``), year
(``2018``), only as a latest date (``by 2020-05-15``) or as a range
(``between 2020-05-16 and 2021-12-31``).
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from accord.charter.rules import FuzzyDate

CODE_PATTERN = r"^[A-Z]{3}$"
KEY_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
FUZZY_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^by (\d{4})-(\d{2})-(\d{2})$"), "by"),
)
BETWEEN = re.compile(r"^between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})$")
# Control characters other than tab and line breaks: no database text column should hold them (and
# PostgreSQL refuses NUL), yet YAML's escapes ("\0", "\x01") can write them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

StatusName = Literal["member", "suspended", "frozen", "observer", "partner", "former"]
PowerName = Literal[
    "decide",
    "block-consensus",
    "count-for-quorum",
    "speak",
    "attend",
    "chair",
    "secretary-general-turn",
    "ratify",
]
ClassificationName = Literal["public", "restricted", "confidential", "secret"]
ReleaseName = Literal["everyone", "members-and-partners", "members-only"]
GrantableStatus = Literal["observer", "partner", "member"]
Code = Annotated[str, Field(pattern=CODE_PATTERN)]
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=64)]


def parse_fuzzy_date(value: object) -> FuzzyDate:
    """Read a date of known precision; the error says which forms are accepted."""
    if isinstance(value, FuzzyDate):
        return value
    text = str(value).strip()
    between = BETWEEN.match(text)
    if between:
        return parse_between(text, *between.groups())
    for pattern, precision in FUZZY_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        parts = [int(part) for part in match.groups()] + [1, 1]
        try:
            return FuzzyDate(datetime.date(parts[0], parts[1], parts[2]), precision)
        except ValueError as error:
            raise ValueError(f"{text!r} is not a real date ({error})") from None
    raise ValueError(
        f"{text!r} is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY, 'by YYYY-MM-DD' "
        "or 'between YYYY-MM-DD and YYYY-MM-DD'"
    )


def parse_between(text: str, first: str, last: str) -> FuzzyDate:
    """A date known only to lie in a range of days."""
    try:
        earliest, latest = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a real date range ({error})") from None
    if latest < earliest:
        raise ValueError(f"{text!r}: the range ends before it starts")
    return FuzzyDate(latest, "by", not_before=earliest)


FuzzyDateField = Annotated[FuzzyDate, BeforeValidator(parse_fuzzy_date)]


def refuse_control_characters(value: object) -> object:
    """Text as a database keeps it: no NUL or other control character (tabs and line breaks are text)."""
    if isinstance(value, str) and (found := CONTROL_CHARACTERS.search(value)):
        raise ValueError(f"control character U+{ord(found.group()):04X} is not allowed in text")
    return value


class Strict(BaseModel):
    """Base of every section: unknown keys are errors, and text holds no control characters."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    @field_validator("*", mode="before")
    @classmethod
    def plain_text(cls, value: object) -> object:
        return refuse_control_characters(value)


class Names(Strict):
    """A name in English and Russian (as long as a name column holds)."""

    en: Annotated[str, Field(min_length=1, max_length=300)]
    ru: Annotated[str, Field(max_length=300)] = ""


class TitleNames(Names):
    """A title of an instrument, a document or an agenda item."""

    en: Annotated[str, Field(min_length=1, max_length=500)]
    ru: Annotated[str, Field(max_length=500)] = ""


class ShortNames(Names):
    """An abbreviation."""

    en: Annotated[str, Field(min_length=1, max_length=32)]
    ru: Annotated[str, Field(max_length=32)] = ""


class PersonNames(Names):
    """A person's name (and a session's place)."""

    en: Annotated[str, Field(min_length=1, max_length=200)]
    ru: Annotated[str, Field(max_length=200)] = ""


class PlaceNames(Names):
    """Where an instrument was adopted."""

    en: Annotated[str, Field(min_length=1, max_length=100)]
    ru: Annotated[str, Field(max_length=100)] = ""


class Prose(Names):
    """Text in English and Russian, of any length (objectives, descriptions, compositions)."""

    en: Annotated[str, Field(min_length=1)]
    ru: str = ""


class SourceSpec(Strict):
    key: Key
    title: Annotated[str, Field(min_length=1, max_length=500)]
    publisher: Annotated[str, Field(max_length=200)] = ""
    published: datetime.date | None = None
    address: Annotated[str, Field(max_length=500)] = ""
    licence: Annotated[str, Field(max_length=100)] = ""
    note: str = ""


class OrganizationSpec(Strict):
    key: Annotated[str, Field(pattern=KEY_PATTERN, max_length=32)]
    name: Names
    abbreviation: ShortNames
    treaty_signed: datetime.date | None = None
    founded: datetime.date | None = None
    objectives: Prose | None = None
    sources: list[Key] = []


class StateSpec(Strict):
    code: Code
    name: Names
    sources: list[Key] = []


class RegionSpec(Strict):
    key: Key
    name: Names
    states: list[Code]
    sources: list[Key] = []


class BoundingBox(Strict):
    """A box around a place, in degrees (WGS 84): south and north latitudes, west and east longitudes."""

    south: Annotated[float, Field(ge=-90, le=90)]
    west: Annotated[float, Field(ge=-180, le=180)]
    north: Annotated[float, Field(ge=-90, le=90)]
    east: Annotated[float, Field(ge=-180, le=180)]

    @model_validator(mode="after")
    def edges_in_order(self) -> BoundingBox:
        if self.north <= self.south:
            raise ValueError("north must be greater than south")
        if self.east <= self.west:
            raise ValueError("east must be greater than west")
        return self


class AreaOfInterestSpec(Strict):
    """A place the Organization watches beyond its regions: states, and a box for a border strip."""

    key: Key
    name: Names
    states: Annotated[list[Code], Field(min_length=1)]
    bbox: BoundingBox | None = None
    note: Prose | None = None
    sources: Annotated[list[Key], Field(min_length=1)]


class StatusSpec(Strict):
    state: Code
    status: StatusName
    from_: FuzzyDateField | None = Field(default=None, alias="from")
    until: FuzzyDateField | None = None
    note: str = ""
    override: str = ""  # why the status stands although the admission criteria refuse it
    sources: list[Key] = []


class RotationSpec(Strict):
    key: Key
    order: Literal["alphabetical", "explicit"]
    language: Literal["en", "ru"] = "ru"
    states: list[Code] = []
    term_years: Annotated[int, Field(ge=1, le=20)]
    term_starts: Annotated[str, Field(pattern=r"^\d{2}-\d{2}$")] = "01-01"
    when_suspended: Literal["skip", "keep"] = "skip"
    sources: list[Key] = []


class ChairSpec(Strict):
    year: Annotated[int, Field(ge=1900, le=2200)]
    state: Code
    note: str = ""
    sources: list[Key] = []


class ChairmanshipSpec(Strict):
    rotation: Key
    recorded: list[ChairSpec] = []


class BodySpec(Strict):
    key: Key
    name: Names
    abbreviation: ShortNames | None = None
    level: Literal["statutory", "working", "subsidiary"]
    composition: Prose | None = None
    decision_rule: Literal["consensus", "majority", "qualified-majority", "none"]
    under: Key | None = None
    established: FuzzyDateField | None = None
    sources: list[Key] = []


class PostSpec(Strict):
    key: Key
    name: Names
    body: Key | None = None
    appointed_by: Key | None = None
    rotation: Key | None = None
    sources: list[Key] = []


class AppointmentSpec(Strict):
    post: Key
    person: PersonNames
    state: Code
    from_: datetime.date = Field(alias="from")
    until: datetime.date | None = None
    acting: bool = False
    note: str = ""
    sources: list[Key] = []


class CriterionSpec(Strict):
    key: Key
    kind: Literal[
        "un-member",
        "relations-with-all-members",
        "no-interstate-conflict",
        "instrument-in-force",
        "recorded-fact",
    ]
    description: Prose
    instrument: Key | None = None
    years_back: Annotated[int, Field(ge=0, le=10)] = 1
    fact: Key | None = None
    sources: list[Key] = []


class SightSpec(Strict):
    """What the users of a state holding the status may see."""

    up_to: ClassificationName = "public"
    releases: list[ReleaseName] = ["everyone"]
    keeps_named_releases: bool = True


class StatusKindSpec(Strict):
    """What a status lets a state do: one line to change (``may``), and why (``note``, sources)."""

    name: Names
    may: list[PowerName] = []
    member_state: bool = False
    sees: SightSpec = SightSpec()
    note: str = ""
    sources: list[Key] = []


class RightSpec(Strict):
    key: Key
    description: Prose
    sources: list[Key] = []


class ParticipantSpec(Strict):
    state: Code
    signed: FuzzyDateField | None = None
    ratified: FuzzyDateField | None = None
    note: str = ""
    sources: list[Key] = []


class InstrumentSpec(Strict):
    key: Key
    title: TitleNames
    kind: Literal["treaty", "charter", "agreement", "protocol", "decision"]
    adopted: FuzzyDateField | None = None
    adopted_by: Key | None = None
    place: PlaceNames | None = None
    entry_into_force: Literal["all-members-ratify", "on-date"]
    in_force_from: datetime.date | None = None
    establishes_statuses: list[StatusName] = []
    participants: list[ParticipantSpec] = []
    note: str = ""
    sources: list[Key] = []


class RelationSpec(Strict):
    states: Annotated[list[Code], Field(min_length=2, max_length=2)]
    established: datetime.date | None = None
    broken_off: datetime.date | None = None
    sources: Annotated[list[Key], Field(min_length=1)]


class FactSpec(Strict):
    state: Code
    key: Key
    value: bool
    since: datetime.date | None = None
    note: str = ""
    sources: Annotated[list[Key], Field(min_length=1)]


class AssistanceBasisSpec(Strict):
    """A ground for a request for assistance: who may ask, how, who decides, who may offer."""

    key: Key
    name: Names
    description: Prose | None = None
    requested_by: Annotated[list[Key], Field(min_length=1)]
    channels: Annotated[list[Literal["organization", "bilateral"]], Field(min_length=1)]
    decided_by: Key | None = None
    offered_by: Annotated[list[Key], Field(min_length=1)]
    sources: Annotated[list[Key], Field(min_length=1)]


class CharterSpec(Strict):
    """A whole charter file."""

    organization: OrganizationSpec
    sources: list[SourceSpec]
    states: list[StateSpec] = []
    regions: list[RegionSpec] = []
    areas_of_interest: list[AreaOfInterestSpec] = []
    statuses: list[StatusSpec] = []
    rotations: list[RotationSpec] = []
    chairmanship: ChairmanshipSpec | None = None
    bodies: list[BodySpec] = []
    posts: list[PostSpec] = []
    appointments: list[AppointmentSpec] = []
    status_kinds: dict[StatusName, StatusKindSpec] = {}
    criteria: dict[GrantableStatus, list[CriterionSpec]] = {}
    rights: dict[StatusName, list[RightSpec]] = {}
    assistance_bases: list[AssistanceBasisSpec] = []
    instruments: list[InstrumentSpec] = []
    relations: list[RelationSpec] = []
    facts: list[FactSpec] = []

    @model_validator(mode="after")
    def statuses_are_defined(self) -> CharterSpec:
        """A file that says what statuses may do says it for every status it gives a state."""
        if self.status_kinds:
            undefined = sorted({item.status for item in self.statuses} - set(self.status_kinds))
            if undefined:
                raise ValueError(f"status_kinds: no definition for {', '.join(undefined)}")
        return self
