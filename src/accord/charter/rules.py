"""The charter's rules as pure functions over plain data.

Each function takes a :class:`CharterFacts` snapshot and returns an
:class:`~accord.core.answers.Answer` whose reasons say which rule and which recorded facts
decided it, and cite their sources. No Django here: the same rules run in the CLI, the API, the
pages and the tests, and are checked with hypothesis.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.core.answers import Answer, Bilingual, Phrase, Reason, gettext_noop

MEMBER = "member"
SUSPENDED = "suspended"
OBSERVER = "observer"
PARTNER = "partner"
FORMER = "former"
GRANTABLE_STATUSES = (OBSERVER, PARTNER, MEMBER)

MET = "met"
NOT_MET = "not-met"
UNKNOWN = "unknown"
ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not-eligible"
UNDETERMINED = "undetermined"

INTERSTATE = 2

STATUS_LABELS = {
    MEMBER: gettext_noop("member"),
    SUSPENDED: gettext_noop("participation suspended"),
    OBSERVER: gettext_noop("observer"),
    PARTNER: gettext_noop("partner"),
    FORMER: gettext_noop("former member"),
}


def status_phrase(status: str) -> Phrase:
    """A status as a translatable phrase for a reason."""
    return Phrase(STATUS_LABELS.get(status, status))


# ---------------------------------------------------------------------------------------------
# Plain data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to the day, the month, the year, or only as a latest possible date ("by")."""

    value: datetime.date
    precision: str = "day"
    not_before: datetime.date | None = None

    def earliest(self) -> datetime.date | None:
        """The first day it can have been, or None when only a latest date is known."""
        if self.precision == "by":
            return self.not_before
        if self.precision == "month":
            return self.value.replace(day=1)
        if self.precision == "year":
            return self.value.replace(month=1, day=1)
        return self.value

    def latest(self) -> datetime.date:
        """The last day it can have been."""
        if self.precision == "month":
            last_day = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=last_day)
        if self.precision == "year":
            return self.value.replace(month=12, day=31)
        return self.value

    def happened_by(self, on: datetime.date) -> bool | None:
        """Whether it had happened on ``on``: True, False, or None when the record cannot tell."""
        if self.latest() <= on:
            return True
        earliest = self.earliest()
        if earliest is not None and earliest > on:
            return False
        return None

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.value.year}"
        if self.precision == "month":
            return f"{self.value:%Y-%m}"
        if self.precision == "by" and self.not_before:
            return f"{self.not_before.isoformat()} … {self.value.isoformat()}"
        if self.precision == "by":
            return f"≤ {self.value.isoformat()}"
        return self.value.isoformat()


@dataclass(frozen=True)
class StateInfo:
    """A state as the rules need it."""

    code: str
    name: Bilingual
    un_member_since: datetime.date | None = None
    gwno: int | None = None


@dataclass(frozen=True)
class StatusSpan:
    """A status held over ``[start, end)``; an empty start means "since a date not recorded"."""

    state: str
    status: str
    start: datetime.date | None
    end: datetime.date | None = None
    sources: tuple[str, ...] = ()
    start_precision: str = "day"

    def covers(self, on: datetime.date) -> bool:
        """Whether the status held on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True)
class Rotation:
    """How a chairmanship or a post passes between member states."""

    key: str
    order_kind: str
    term_years: int
    when_suspended: str = "skip"
    order_language: str = "ru"
    explicit_order: tuple[str, ...] = ()
    term_starts: tuple[int, int] = (1, 1)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChairRecord:
    """A recorded chairmanship."""

    year: int
    state: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostInfo:
    """A post and the rotation it follows."""

    key: str
    name: Bilingual
    rotation: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppointmentRecord:
    """A recorded appointment to a post."""

    post: str
    person: Bilingual
    state: str
    start: datetime.date
    end: datetime.date | None = None
    acting: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Participation:
    """A state's signature and ratification of an instrument."""

    state: str
    signed: FuzzyDate | None = None
    ratified: FuzzyDate | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstrumentInfo:
    """An instrument and how it enters into force."""

    key: str
    title: Bilingual
    entry_into_force: str
    adopted: FuzzyDate | None = None
    in_force_from: datetime.date | None = None
    participants: tuple[Participation, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    """An admission criterion for a status."""

    status: str
    key: str
    kind: str
    description: Bilingual
    parameters: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    """Recorded diplomatic relations between two states."""

    states: frozenset[str]
    established: datetime.date | None = None
    broken_off: datetime.date | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConflictRecord:
    """One armed conflict in one year (UCDP/PRIO ACD)."""

    conflict_id: int
    year: int
    type_of_conflict: int
    location: str
    side_a: str
    side_b: str
    primary: frozenset[int] = frozenset()
    secondary: frozenset[int] = frozenset()


@dataclass(frozen=True)
class FactRecord:
    """A recorded yes/no fact about a state."""

    state: str
    key: str
    value: bool
    since: datetime.date | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CharterFacts:
    """Everything the rules know, as plain data."""

    states: dict[str, StateInfo] = field(default_factory=dict)
    statuses: tuple[StatusSpan, ...] = ()
    chairs: dict[int, ChairRecord] = field(default_factory=dict)
    chair_rotation: str | None = None
    rotations: dict[str, Rotation] = field(default_factory=dict)
    posts: dict[str, PostInfo] = field(default_factory=dict)
    appointments: tuple[AppointmentRecord, ...] = ()
    instruments: dict[str, InstrumentInfo] = field(default_factory=dict)
    criteria: tuple[Criterion, ...] = ()
    relations: tuple[Relation, ...] = ()
    conflicts: tuple[ConflictRecord, ...] = ()
    conflict_years: tuple[int, int] | None = None
    facts: tuple[FactRecord, ...] = ()
    un_source: str = "ref-un-members"
    conflict_source: str = "ref-ucdp-prio-acd"

    def name(self, code: str) -> Bilingual:
        """A state's names, or its code when the state is not known."""
        info = self.states.get(code)
        return info.name if info else Bilingual(code, code)


# ---------------------------------------------------------------------------------------------
# Statuses
# ---------------------------------------------------------------------------------------------


def status_span_on(facts: CharterFacts, code: str, on: datetime.date) -> StatusSpan | None:
    """The recorded status interval of a state covering ``on``, if any."""
    for span in facts.statuses:
        if span.state == code and span.covers(on):
            return span
    return None


def status_of(facts: CharterFacts, code: str, on: datetime.date) -> Answer:
    """A state's status on a date, with the record it comes from."""
    span = status_span_on(facts, code, on)
    name = facts.name(code)
    if span is None:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop("%(state)s holds no status in the organization on %(date)s."),
                    {"state": name, "date": on.isoformat()},
                ),
            ),
        )
    since = span.start.isoformat() if span.start else "…"
    if span.start and span.start_precision == "year":
        since = str(span.start.year)
    return Answer(
        span.status,
        (
            Reason(
                gettext_noop("%(state)s: %(status)s since %(since)s (recorded)."),
                {"state": name, "status": status_phrase(span.status), "since": since},
                span.sources,
            ),
        ),
    )


def members_on(facts: CharterFacts, on: datetime.date, *, include_suspended: bool = False) -> list[str]:
    """Codes of the member states on a date (optionally with those whose participation is suspended)."""
    wanted = {MEMBER, SUSPENDED} if include_suspended else {MEMBER}
    return sorted({span.state for span in facts.statuses if span.status in wanted and span.covers(on)})


def statuses_on(facts: CharterFacts, on: datetime.date) -> Answer:
    """The status of every state that holds one on a date."""
    codes = sorted({span.state for span in facts.statuses})
    value: dict[str, str] = {}
    reasons: list[Reason] = []
    for code in codes:
        answer = status_of(facts, code, on)
        if answer.value is not None:
            value[code] = answer.value
            reasons.extend(answer.reasons)
    return Answer(value, tuple(reasons))


# ---------------------------------------------------------------------------------------------
# Rotation
# ---------------------------------------------------------------------------------------------


def collation_key(name: str) -> str:
    """Alphabetical sort key; Russian Ё sorts right after Е, as in the alphabet."""
    return name.casefold().replace("ё", "е\uffff")


def rotation_sort_key(facts: CharterFacts, rotation: Rotation, code: str) -> tuple:
    """Where a state stands in a rotation's order."""
    if rotation.order_kind == "explicit":
        order = list(rotation.explicit_order)
        return (order.index(code) if code in order else len(order), code)
    name = facts.name(code)
    text = name.ru if rotation.order_language == "ru" and name.ru else name.en
    return (collation_key(text), code)


def rotation_participants(facts: CharterFacts, rotation: Rotation, on: datetime.date) -> list[str]:
    """The states that take turns on a date, in rotation order."""
    include_suspended = rotation.when_suspended == "keep"
    codes = members_on(facts, on, include_suspended=include_suspended)
    if rotation.order_kind == "explicit":
        codes = [code for code in codes if code in rotation.explicit_order]
    return sorted(codes, key=lambda code: rotation_sort_key(facts, rotation, code))


def next_in_rotation(facts: CharterFacts, rotation: Rotation, current: str, on: datetime.date) -> str | None:
    """The state whose turn follows ``current``'s, among those taking turns on ``on``."""
    participants = rotation_participants(facts, rotation, on)
    if not participants:
        return None
    current_key = rotation_sort_key(facts, rotation, current)
    for code in participants:
        if rotation_sort_key(facts, rotation, code) > current_key:
            return code
    return participants[0]


def skipped_between(
    facts: CharterFacts, rotation: Rotation, previous: str, chosen: str, on: datetime.date
) -> list[str]:
    """States passed over between two turns because their participation was suspended."""
    if rotation.when_suspended != "skip":
        return []
    low = rotation_sort_key(facts, rotation, previous)
    high = rotation_sort_key(facts, rotation, chosen)
    suspended = [span.state for span in facts.statuses if span.status == SUSPENDED and span.covers(on)]
    passed = []
    for code in suspended:
        key = rotation_sort_key(facts, rotation, code)
        if (low < key < high) if low < high else (key > low or key < high):
            passed.append(code)
    return passed


def rotation_description(rotation: Rotation) -> Reason:
    """A sentence describing the rotation rule."""
    if rotation.order_kind == "explicit":
        order = gettext_noop("in the order %(order)s")
        params: dict[str, Any] = {"order": ", ".join(rotation.explicit_order)}
    elif rotation.order_language == "ru":
        order = gettext_noop("in alphabetical order of the states' Russian names")
        params = {}
    else:
        order = gettext_noop("in alphabetical order of the states' English names")
        params = {}
    if rotation.when_suspended == "skip":
        suspended = gettext_noop("a member whose participation is suspended is skipped")
    else:
        suspended = gettext_noop("a member whose participation is suspended keeps its turn")
    return Reason(
        gettext_noop(
            "Rotation rule: terms of %(years)s year(s) pass between member states %(order)s; %(suspended)s."
        ),
        {"years": rotation.term_years, "order": Phrase(order, params), "suspended": Phrase(suspended, {})},
        rotation.sources,
    )


# ---------------------------------------------------------------------------------------------
# Chairmanship
# ---------------------------------------------------------------------------------------------


def chair_for_year(facts: CharterFacts, year: int) -> Answer:
    """The chair for a year: as recorded, else projected by the rotation from the last recorded one."""
    recorded = facts.chairs.get(year)
    if recorded:
        return Answer(
            recorded.state,
            (
                Reason(
                    gettext_noop("%(state)s chairs in %(year)s (recorded)."),
                    {"state": facts.name(recorded.state), "year": year},
                    recorded.sources,
                ),
            ),
        )
    earlier = [known for known in facts.chairs if known < year]
    rotation = facts.rotations.get(facts.chair_rotation or "")
    if not earlier or rotation is None:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop(
                        "No chairmanship is recorded for %(year)s, nor one before it to project from."
                    ),
                    {"year": year},
                ),
            ),
        )
    last = facts.chairs[max(earlier)]
    reasons = [
        Reason(
            gettext_noop("The last recorded chair before %(year)s: %(state)s in %(last)s."),
            {"year": year, "state": facts.name(last.state), "last": last.year},
            last.sources,
        ),
        rotation_description(rotation),
    ]
    current = last.state
    for step_year in range(last.year + 1, year + 1):
        on = datetime.date(step_year, rotation.term_starts[0], rotation.term_starts[1])
        following = next_in_rotation(facts, rotation, current, on)
        if following is None:
            reasons.append(
                Reason(gettext_noop("No member state takes turns in %(year)s."), {"year": step_year})
            )
            return Answer(None, tuple(reasons), projected=True)
        for passed in skipped_between(facts, rotation, current, following, on):
            reasons.append(
                Reason(
                    gettext_noop("%(state)s is skipped in %(year)s: its participation is suspended."),
                    {"state": facts.name(passed), "year": step_year},
                )
            )
        if step_year < year:
            reasons.append(
                Reason(
                    gettext_noop("%(year)s: %(state)s (projected)."),
                    {"year": step_year, "state": facts.name(following)},
                )
            )
        current = following
    reasons.append(
        Reason(
            gettext_noop("%(state)s chairs in %(year)s (projected by the rotation rule)."),
            {"state": facts.name(current), "year": year},
        )
    )
    return Answer(current, tuple(reasons), projected=True)


# ---------------------------------------------------------------------------------------------
# Posts
# ---------------------------------------------------------------------------------------------


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February becomes 28 February when needed)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def effective_end(
    appointments: Sequence[AppointmentRecord], index: int, rotation: Rotation | None
) -> datetime.date | None:
    """When an appointment ends: as recorded, else at the next one, else at the end of its term."""
    current = appointments[index]
    if current.end is not None:
        return current.end
    if index + 1 < len(appointments):
        return appointments[index + 1].start
    if rotation is not None and not current.acting:
        return add_years(current.start, rotation.term_years)
    return None


def post_holder_on(facts: CharterFacts, post_key: str, on: datetime.date) -> Answer:
    """Who holds a post on a date (acting holders marked); past the record, whose turn it is."""
    post = facts.posts.get(post_key)
    if post is None:
        return Answer(None, (Reason(gettext_noop("No post %(post)s is recorded."), {"post": post_key}),))
    rotation = facts.rotations.get(post.rotation or "")
    appointments = sorted(
        (item for item in facts.appointments if item.post == post_key), key=lambda item: item.start
    )
    for index, item in enumerate(appointments):
        end = effective_end(appointments, index, rotation)
        if item.start <= on and (end is None or on < end):
            return holder_answer(facts, post, item, end)
    if not appointments or on < appointments[0].start:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop("No holder of %(post)s is recorded on %(date)s."),
                    {"post": post.name, "date": on.isoformat()},
                ),
            ),
        )
    return projected_holder(facts, post, appointments, rotation, on)


def holder_answer(
    facts: CharterFacts, post: PostInfo, item: AppointmentRecord, end: datetime.date | None
) -> Answer:
    """The answer for a date covered by a recorded appointment."""
    message = (
        gettext_noop("%(person)s (%(state)s) was acting %(post)s from %(start)s.")
        if item.acting
        else gettext_noop("%(person)s (%(state)s) held the post of %(post)s from %(start)s.")
    )
    reasons = [
        Reason(
            message,
            {
                "person": item.person,
                "state": facts.name(item.state),
                "post": post.name,
                "start": item.start.isoformat(),
            },
            item.sources,
        )
    ]
    if end is not None and item.end is None:
        reasons.append(
            Reason(
                gettext_noop("No end is recorded; the term runs until %(end)s."),
                {"end": (end - datetime.timedelta(days=1)).isoformat()},
            )
        )
    value = {
        "person": item.person.en,
        "person_ru": item.person.ru,
        "state": item.state,
        "acting": item.acting,
        "from": item.start.isoformat(),
        "until": (end - datetime.timedelta(days=1)).isoformat() if end else None,
        "projected": False,
    }
    return Answer(value, tuple(reasons))


def projected_holder(
    facts: CharterFacts,
    post: PostInfo,
    appointments: Sequence[AppointmentRecord],
    rotation: Rotation | None,
    on: datetime.date,
) -> Answer:
    """Whose turn the post is on a date past the last recorded appointment, and the term's dates."""
    if rotation is None:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop(
                        "No appointment to %(post)s is recorded for %(date)s, "
                        "and the post follows no rotation."
                    ),
                    {"post": post.name, "date": on.isoformat()},
                ),
            ),
        )
    full_terms = [item for item in appointments if not item.acting]
    if not full_terms:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop("No full-term appointment to %(post)s is recorded to project from."),
                    {"post": post.name},
                ),
            ),
        )
    last = full_terms[-1]
    term_start = last.start
    term_end = add_years(term_start, rotation.term_years)
    reasons = [
        Reason(
            gettext_noop(
                "The last recorded term: %(person)s (%(state)s) from %(start)s, a term of %(years)s years."
            ),
            {
                "person": last.person,
                "state": facts.name(last.state),
                "start": last.start.isoformat(),
                "years": rotation.term_years,
            },
            last.sources,
        ),
        rotation_description(rotation),
    ]
    turn = last.state
    while on >= term_end:
        term_start, term_end = term_end, add_years(term_end, rotation.term_years)
        following = next_in_rotation(facts, rotation, turn, term_start)
        if following is None:
            reasons.append(
                Reason(
                    gettext_noop("No member state takes turns on %(date)s."), {"date": term_start.isoformat()}
                )
            )
            return Answer(None, tuple(reasons), projected=True)
        for passed in skipped_between(facts, rotation, turn, following, term_start):
            reasons.append(
                Reason(
                    gettext_noop("%(state)s is skipped in %(year)s: its participation is suspended."),
                    {"state": facts.name(passed), "year": term_start.year},
                )
            )
        turn = following
        reasons.append(
            Reason(
                gettext_noop("Term %(start)s to %(end)s: %(state)s's turn (projected)."),
                {
                    "start": term_start.isoformat(),
                    "end": (term_end - datetime.timedelta(days=1)).isoformat(),
                    "state": facts.name(turn),
                },
            )
        )
    value = {
        "person": None,
        "person_ru": None,
        "state": turn,
        "acting": False,
        "from": term_start.isoformat(),
        "until": (term_end - datetime.timedelta(days=1)).isoformat(),
        "projected": True,
    }
    return Answer(value, tuple(reasons), projected=True)


# ---------------------------------------------------------------------------------------------
# Instruments
# ---------------------------------------------------------------------------------------------


def instrument_status_on(facts: CharterFacts, key: str, on: datetime.date) -> Answer:
    """Whether an instrument is in force on a date, and whose ratifications are missing."""
    instrument = facts.instruments.get(key)
    if instrument is None:
        return Answer(None, (Reason(gettext_noop("No instrument %(key)s is recorded."), {"key": key}),))
    value: dict[str, Any] = {"instrument": key, "in_force": None, "missing": [], "unknown": []}
    if instrument.adopted is not None and instrument.adopted.happened_by(on) is False:
        value["in_force"] = False
        return Answer(
            value,
            (
                Reason(
                    gettext_noop("%(title)s had not been adopted by %(date)s (adopted %(adopted)s)."),
                    {"title": instrument.title, "date": on.isoformat(), "adopted": str(instrument.adopted)},
                    instrument.sources,
                ),
            ),
        )
    if instrument.entry_into_force == "on-date":
        return instrument_in_force_by_date(instrument, on, value)
    return instrument_in_force_by_ratification(facts, instrument, on, value)


def instrument_in_force_by_date(
    instrument: InstrumentInfo, on: datetime.date, value: dict[str, Any]
) -> Answer:
    """An instrument that enters into force on a recorded date."""
    start = instrument.in_force_from
    if start is None:
        reason = Reason(
            gettext_noop("No date of entry into force is recorded for %(title)s."),
            {"title": instrument.title},
            instrument.sources,
        )
        return Answer(value, (reason,))
    value["in_force"] = start <= on
    message = (
        gettext_noop("%(title)s is in force since %(start)s.")
        if start <= on
        else gettext_noop("%(title)s enters into force on %(start)s.")
    )
    return Answer(
        value, (Reason(message, {"title": instrument.title, "start": start.isoformat()}, instrument.sources),)
    )


def instrument_in_force_by_ratification(
    facts: CharterFacts, instrument: InstrumentInfo, on: datetime.date, value: dict[str, Any]
) -> Answer:
    """An instrument that enters into force once every member state has ratified it."""
    required = members_on(facts, on)
    by_state = {item.state: item for item in instrument.participants}
    reasons = [
        Reason(
            gettext_noop(
                "%(title)s enters into force when every member state has ratified it; "
                "members on %(date)s: %(members)s."
            ),
            {"title": instrument.title, "date": on.isoformat(), "members": ", ".join(required)},
            instrument.sources,
        )
    ]
    for code in required:
        participation = by_state.get(code)
        ratified = participation.ratified if participation else None
        done = ratified.happened_by(on) if ratified else False
        sources = participation.sources if participation else ()
        if done is True:
            reasons.append(
                Reason(
                    gettext_noop("%(state)s ratified it (%(when)s)."),
                    {"state": facts.name(code), "when": str(ratified)},
                    sources,
                )
            )
        elif done is False:
            value["missing"].append(code)
            reasons.append(
                Reason(
                    gettext_noop("%(state)s had not ratified it by %(date)s."),
                    {"state": facts.name(code), "date": on.isoformat()},
                    sources,
                )
            )
        else:
            value["unknown"].append(code)
            reasons.append(
                Reason(
                    gettext_noop("%(state)s ratified it %(when)s; whether before %(date)s is not recorded."),
                    {"state": facts.name(code), "when": str(ratified), "date": on.isoformat()},
                    sources,
                )
            )
    suspended = sorted(set(members_on(facts, on, include_suspended=True)) - set(required))
    for code in suspended:
        reasons.append(
            Reason(
                gettext_noop("%(state)s's participation is suspended; its ratification is not required."),
                {"state": facts.name(code)},
            )
        )
    if value["missing"]:
        value["in_force"] = False
    elif value["unknown"]:
        value["in_force"] = None
    else:
        value["in_force"] = bool(required)
    return Answer(value, tuple(reasons))


def pending_instruments(facts: CharterFacts, on: datetime.date) -> list[tuple[InstrumentInfo, Answer]]:
    """Instruments awaiting ratification on a date (not in force, some ratifications missing)."""
    pending = []
    for key, instrument in sorted(facts.instruments.items()):
        if instrument.entry_into_force != "all-members-ratify":
            continue
        answer = instrument_status_on(facts, key, on)
        if (
            answer.value
            and answer.value["in_force"] is not True
            and (answer.value["missing"] or answer.value["unknown"])
        ):
            pending.append((instrument, answer))
    return pending


# ---------------------------------------------------------------------------------------------
# Eligibility
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's outcome for one state on one date."""

    criterion: Criterion
    result: str
    reasons: tuple[Reason, ...]


def eligibility(facts: CharterFacts, code: str, status: str, on: datetime.date) -> Answer:
    """Whether a state may be granted a status on a date, criterion by criterion."""
    if status not in GRANTABLE_STATUSES:
        raise ValueError(f"status must be one of {', '.join(GRANTABLE_STATUSES)}, not {status!r}")
    current = status_of(facts, code, on)
    criteria = [item for item in facts.criteria if item.status == status]
    results = [evaluate_criterion(facts, item, code, on) for item in criteria]
    reasons: list[Reason] = list(current.reasons)
    blocked = current.value == status or current.value in (MEMBER, SUSPENDED)
    if blocked:
        reasons.append(
            Reason(
                gettext_noop("%(state)s already is %(status)s; the status cannot be granted to it."),
                {"state": facts.name(code), "status": status_phrase(current.value)},
            )
        )
    if not criteria:
        reasons.append(
            Reason(
                gettext_noop("No admission criteria are recorded for the status %(status)s."),
                {"status": status_phrase(status)},
            )
        )
    outcome = overall_outcome([item.result for item in results], blocked, bool(criteria))
    for item in results:
        reasons.extend(item.reasons)
    value = {
        "state": code,
        "status": status,
        "on": on.isoformat(),
        "answer": outcome,
        "criteria": [
            {
                "key": item.criterion.key,
                "reasons": list(item.reasons),
                "description": item.criterion.description.en,
                "description_ru": item.criterion.description.ru,
                "result": item.result,
                "sources": list(item.criterion.sources),
            }
            for item in results
        ],
        "missing": [item.criterion.key for item in results if item.result == UNKNOWN],
    }
    return Answer(value, tuple(reasons))


def overall_outcome(results: Iterable[str], blocked: bool, has_criteria: bool) -> str:
    """Not eligible if anything is unmet; undetermined if anything is unknown; else eligible."""
    results = list(results)
    if blocked or NOT_MET in results:
        return NOT_ELIGIBLE
    if UNKNOWN in results or not has_criteria:
        return UNDETERMINED
    return ELIGIBLE


def evaluate_criterion(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> CriterionResult:
    """Dispatch a criterion to the check for its kind."""
    checks = {
        "un-member": check_un_member,
        "relations-with-all-members": check_relations_with_members,
        "no-interstate-conflict": check_no_interstate_conflict,
        "instrument-in-force": check_instrument_in_force,
        "recorded-fact": check_recorded_fact,
    }
    check = checks.get(criterion.kind)
    if check is None:
        reason = Reason(
            gettext_noop("Criterion %(key)s has a kind the rules do not know: %(kind)s."),
            {"key": criterion.key, "kind": criterion.kind},
        )
        return CriterionResult(criterion, UNKNOWN, (reason,))
    result, reasons = check(facts, criterion, code, on)
    return CriterionResult(criterion, result, tuple(reasons))


def check_un_member(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """Member of the United Nations on the date."""
    info = facts.states.get(code)
    since = info.un_member_since if info else None
    name = facts.name(code)
    if since is not None and since <= on:
        return MET, [
            Reason(
                gettext_noop("%(state)s is a member of the United Nations since %(since)s."),
                {"state": name, "since": since.isoformat()},
                (facts.un_source,),
            )
        ]
    if since is not None:
        return NOT_MET, [
            Reason(
                gettext_noop("%(state)s joined the United Nations only on %(since)s."),
                {"state": name, "since": since.isoformat()},
                (facts.un_source,),
            )
        ]
    return NOT_MET, [
        Reason(
            gettext_noop("%(state)s is not a member of the United Nations."),
            {"state": name},
            (facts.un_source,),
        )
    ]


def relation_between(facts: CharterFacts, first: str, second: str) -> Relation | None:
    """The recorded relation between two states, if any."""
    pair = frozenset((first, second))
    for relation in facts.relations:
        if relation.states == pair:
            return relation
    return None


def check_relations_with_members(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """Diplomatic relations with every member state, as recorded; unrecorded pairs are unknown."""
    name = facts.name(code)
    reasons: list[Reason] = []
    results: list[str] = []
    for member in members_on(facts, on):
        if member == code:
            continue
        relation = relation_between(facts, code, member)
        if relation is None:
            results.append(UNKNOWN)
            reasons.append(
                Reason(
                    gettext_noop(
                        "Diplomatic relations between %(state)s and %(member)s: unknown (none recorded)."
                    ),
                    {"state": name, "member": facts.name(member)},
                )
            )
        elif relation.broken_off is not None and relation.broken_off <= on:
            results.append(NOT_MET)
            reasons.append(
                Reason(
                    gettext_noop("%(state)s and %(member)s broke off diplomatic relations on %(date)s."),
                    {"state": name, "member": facts.name(member), "date": relation.broken_off.isoformat()},
                    relation.sources,
                )
            )
        elif relation.established is not None and relation.established > on:
            results.append(NOT_MET)
            reasons.append(
                Reason(
                    gettext_noop(
                        "%(state)s and %(member)s established diplomatic relations only on %(date)s."
                    ),
                    {"state": name, "member": facts.name(member), "date": relation.established.isoformat()},
                    relation.sources,
                )
            )
        else:
            results.append(MET)
            reasons.append(
                Reason(
                    gettext_noop("%(state)s and %(member)s have diplomatic relations (recorded)."),
                    {"state": name, "member": facts.name(member)},
                    relation.sources,
                )
            )
    return combine(results), reasons


def combine(results: Sequence[str]) -> str:
    """Not met if any part is unmet, unknown if any is unknown, else met."""
    if NOT_MET in results:
        return NOT_MET
    if UNKNOWN in results:
        return UNKNOWN
    return MET


def check_no_interstate_conflict(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """No interstate armed conflict in the UCDP/PRIO data in the date's year or the years before."""
    years_back = int(criterion.parameters.get("years_back", 1))
    years = list(range(on.year - years_back, on.year + 1))
    info = facts.states.get(code)
    name = facts.name(code)
    if info is None or info.gwno is None:
        return UNKNOWN, [
            Reason(
                gettext_noop("%(state)s has no Gleditsch-Ward number to match against the conflict data."),
                {"state": name},
            )
        ]
    coverage = facts.conflict_years
    uncovered = [year for year in years if coverage is None or not coverage[0] <= year <= coverage[1]]
    found = [
        conflict
        for conflict in facts.conflicts
        if conflict.year in years
        and conflict.type_of_conflict == INTERSTATE
        and info.gwno in conflict.primary | conflict.secondary
    ]
    reasons = [
        Reason(
            gettext_noop(
                "%(year)s: %(state)s was party to the interstate armed conflict %(conflict)s "
                "(%(side_a)s vs %(side_b)s)."
            ),
            {
                "year": conflict.year,
                "state": name,
                "conflict": conflict.conflict_id,
                "side_a": conflict.side_a,
                "side_b": conflict.side_b,
            },
            (facts.conflict_source,),
        )
        for conflict in found
    ]
    if found:
        return NOT_MET, reasons
    if uncovered:
        span = f"{coverage[0]}–{coverage[1]}" if coverage else "—"
        return UNKNOWN, [
            Reason(
                gettext_noop("The armed conflict data cover %(span)s; nothing is known for %(years)s."),
                {"span": span, "years": ", ".join(str(year) for year in uncovered)},
                (facts.conflict_source,),
            )
        ]
    return MET, [
        Reason(
            gettext_noop("%(state)s was party to no interstate armed conflict in %(years)s."),
            {"state": name, "years": ", ".join(str(year) for year in years)},
            (facts.conflict_source,),
        )
    ]


def check_instrument_in_force(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """The instrument that creates the status is in force on the date."""
    answer = instrument_status_on(facts, str(criterion.parameters.get("instrument", "")), on)
    in_force = answer.value["in_force"] if isinstance(answer.value, dict) else None
    result = MET if in_force is True else NOT_MET if in_force is False else UNKNOWN
    return result, list(answer.reasons)


def check_recorded_fact(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """A yes/no fact recorded about the state (e.g. ready to accept the Charter's obligations)."""
    key = str(criterion.parameters.get("fact", criterion.key))
    name = facts.name(code)
    for fact in facts.facts:
        if fact.state == code and fact.key == key and (fact.since is None or fact.since <= on):
            message = (
                gettext_noop("Recorded for %(state)s: %(criterion)s — yes.")
                if fact.value
                else gettext_noop("Recorded for %(state)s: %(criterion)s — no.")
            )
            return (MET if fact.value else NOT_MET), [
                Reason(message, {"state": name, "criterion": criterion.description}, fact.sources)
            ]
    return UNKNOWN, [
        Reason(
            gettext_noop("Not recorded for %(state)s: %(criterion)s."),
            {"state": name, "criterion": criterion.description},
        )
    ]
