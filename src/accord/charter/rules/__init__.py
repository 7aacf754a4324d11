"""The charter's rules as pure functions over plain data.

Each function takes a :class:`CharterFacts` snapshot and returns an
:class:`~accord.core.answers.Answer` whose reasons say which rule and which recorded facts
decided it, and cite their sources. No Django here: the same rules run in the CLI, the API, the
pages and the tests, and are checked with hypothesis.

One module per question (``statuses``, ``rotation``, ``posts``, ``instruments``, ``eligibility``)
over the plain data of ``facts``; this package re-exports what callers use, so ``rules.status_of``
reads the same wherever it is called.
"""

from accord.charter.rules.eligibility import (
    ELIGIBLE,
    INTERSTATE,
    MET,
    NOT_ELIGIBLE,
    NOT_MET,
    UNDETERMINED,
    UNKNOWN,
    CriterionResult,
    eligibility,
    evaluate_criterion,
    overall_outcome,
)
from accord.charter.rules.facts import (
    AppointmentRecord,
    ChairRecord,
    CharterFacts,
    ConflictRecord,
    Criterion,
    FactRecord,
    FuzzyDate,
    InstrumentInfo,
    Participation,
    PostInfo,
    Relation,
    Rotation,
    StateInfo,
    StatusSpan,
)
from accord.charter.rules.instruments import instrument_status_on, pending_instruments
from accord.charter.rules.posts import add_years, post_holder_on
from accord.charter.rules.rotation import (
    chair_for_year,
    collation_key,
    next_in_rotation,
    rotation_description,
    rotation_participants,
    skipped_between,
)
from accord.charter.rules.status_kinds import DEFAULT_KINDS, StatusKind
from accord.charter.rules.statuses import (
    FORMER,
    FROZEN,
    GRANTABLE_STATUSES,
    MEMBER,
    OBSERVER,
    PARTNER,
    STATUS_LABELS,
    SUSPENDED,
    capacity_on,
    may,
    members_on,
    power_phrase,
    status_of,
    status_phrase,
    status_span_on,
    statuses_on,
)

__all__ = [
    "DEFAULT_KINDS",
    "ELIGIBLE",
    "FORMER",
    "FROZEN",
    "GRANTABLE_STATUSES",
    "INTERSTATE",
    "MEMBER",
    "MET",
    "NOT_ELIGIBLE",
    "NOT_MET",
    "OBSERVER",
    "PARTNER",
    "STATUS_LABELS",
    "SUSPENDED",
    "UNDETERMINED",
    "UNKNOWN",
    "AppointmentRecord",
    "ChairRecord",
    "CharterFacts",
    "ConflictRecord",
    "Criterion",
    "CriterionResult",
    "FactRecord",
    "FuzzyDate",
    "InstrumentInfo",
    "Participation",
    "PostInfo",
    "Relation",
    "Rotation",
    "StateInfo",
    "StatusKind",
    "StatusSpan",
    "add_years",
    "capacity_on",
    "chair_for_year",
    "collation_key",
    "eligibility",
    "evaluate_criterion",
    "instrument_status_on",
    "may",
    "members_on",
    "next_in_rotation",
    "overall_outcome",
    "pending_instruments",
    "post_holder_on",
    "power_phrase",
    "rotation_description",
    "rotation_participants",
    "skipped_between",
    "status_of",
    "status_phrase",
    "status_span_on",
    "statuses_on",
]
