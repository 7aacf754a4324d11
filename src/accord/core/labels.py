"""The vocabularies every app shares, once, as plain enums (no Django).

Pure rules (``accounts/rules.py``, ``charter/rules/``) compare values against these; the models
build their ``choices`` from them with translated labels (:func:`accord.core.fields.django_choices`),
so a stored value is written in one place only. The members are ``int``/``str`` enums: each equals
the value stored in the database and read from data files (``Classification.SECRET == 3``,
``StateStatus.MEMBER == "member"``).
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Classification(IntEnum):
    """Sensitivity levels, in increasing order (a higher level is more sensitive)."""

    PUBLIC = 0
    RESTRICTED = 1
    CONFIDENTIAL = 2
    SECRET = 3


class Releasability(StrEnum):
    """To whom a record may be released."""

    EVERYONE = "everyone"
    MEMBERS_AND_PARTNERS = "members-and-partners"
    MEMBERS_ONLY = "members-only"
    NAMED_STATES = "named-states"


class StateStatus(StrEnum):
    """The statuses a state can hold in the organization."""

    MEMBER = "member"
    SUSPENDED = "suspended"  # suspended by a decision of the Organization
    FROZEN = "frozen"  # a member that has frozen its own participation (not a decision of the Organization)
    OBSERVER = "observer"
    PARTNER = "partner"
    FORMER = "former"


class StatusPower(StrEnum):
    """What a status may let a state do; the charter file says which status gives which."""

    DECIDE = "decide"  # its position counts in a decision
    BLOCK_CONSENSUS = "block-consensus"  # its objection stops a consensus
    QUORUM = "count-for-quorum"  # it counts towards a quorum
    SPEAK = "speak"  # it speaks at meetings of the bodies
    ATTEND = "attend"  # it is invited to and sits in meetings
    CHAIR = "chair"  # it takes its turn to chair
    SECRETARY_GENERAL = "secretary-general-turn"  # it takes its turn to put forward the Secretary General
    RATIFY = "ratify"  # an instrument waits for its ratification to be in force for the members


class DatePrecision(StrEnum):
    """How much of a date is known.

    One vocabulary for two kinds of dates. A recorded fact (a signature, a session, a status held
    since) is known to the day, the month, the year, or only as a latest date ("by"). An event or a
    figure of a series is known to the day, the week, the month or the year (the GED codes and the
    periods of a series). Each model field offers the precisions its kind of date can have.
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    BY = "by"


RECORD_DATE_PRECISIONS = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.BY)
EVENT_DATE_PRECISIONS = (DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR)
