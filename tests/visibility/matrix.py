"""The expected table: every role × state status × clearance, and what each may see, from the pure rules.

Nothing here touches the database or calls ``restrict()``: the expectation is derived from
:func:`accord.accounts.rules.visibility` (the policy's pure decision) and the labels a harness record
was given, so that the harness checks the policy's implementation, never the other way round.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from accord.accounts import rules
from accord.accounts.models import Role

LEVELS = (rules.PUBLIC, rules.RESTRICTED, rules.CONFIDENTIAL, rules.SECRET)

# The state of each state status in the harness (the charter gives KAZ member and UZB suspended;
# the harness records SRB a partner and AFG an observer, and MNG holds no status at all). ``None``
# is a working body: the Secretariat.
STATE_OF_STATUS: dict[str, str | None] = {
    "member": "KAZ",
    "suspended": "UZB",
    "partner": "SRB",
    "observer": "AFG",
    "without-status": "MNG",
    "secretariat": None,
}
# The status the rules see for each harness status ("without-status" is a state with no status today).
RULES_STATUS: dict[str, str | None] = {
    "member": "member",
    "suspended": "suspended",
    "partner": "partner",
    "observer": "observer",
    "without-status": None,
    "secretariat": None,
}
HARNESS_STATES = tuple(code for code in STATE_OF_STATUS.values() if code)
OTHER_STATE = "ARM"  # named in "named other" records: a member no harness user belongs to

# Release labels, each two letters so that no marker is a prefix of another.
RELEASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ev": (rules.EVERYONE, ()),
    "mp": (rules.MEMBERS_AND_PARTNERS, ()),
    "mo": (rules.MEMBERS_ONLY, ()),
    "ns": (rules.NAMED_STATES, HARNESS_STATES),
    "nx": (rules.NAMED_STATES, (OTHER_STATE,)),
}


@dataclass(frozen=True)
class Labels:
    """A record's classification and releasability, as the harness gives them."""

    level: int
    release: str  # a key of RELEASES

    @property
    def releasability(self) -> str:
        return RELEASES[self.release][0]

    @property
    def release_to(self) -> list[str]:
        return list(RELEASES[self.release][1])

    @property
    def tag(self) -> str:
        return f"{self.level}-{self.release}"


GRID = tuple(Labels(level, release) for level, release in itertools.product(LEVELS, RELEASES))


@dataclass(frozen=True)
class Combo:
    """One kind of user: a role, the status of their affiliation, a clearance; or the public."""

    role: str | None  # None: an anonymous visitor
    status: str | None = None
    clearance: int = rules.PUBLIC

    @property
    def username(self) -> str:
        if self.role is None:
            return "(public)"
        return f"vis-{self.role}-{self.status}-{self.clearance}"

    @property
    def state(self) -> str | None:
        return STATE_OF_STATUS[self.status] if self.status else None

    @property
    def profile(self) -> rules.Profile:
        if self.role is None:
            return rules.Profile("public")
        if self.state is None:
            return rules.Profile("body", self.clearance)
        return rules.Profile("state", self.clearance, self.state)

    @property
    def visibility(self) -> rules.Visibility:
        return rules.visibility(self.profile, RULES_STATUS.get(self.status))

    def permits(self, labels: Labels) -> bool:
        """The policy's pure decision on a record with these labels."""
        return self.visibility.permits(labels.level, labels.releasability, labels.release_to)


PUBLIC = Combo(None)
USERS = tuple(
    Combo(role, status, clearance)
    for role, status, clearance in itertools.product(Role.values, STATE_OF_STATUS, LEVELS)
)
EVERY_COMBO = (PUBLIC, *USERS)


@dataclass(frozen=True)
class UserClass:
    """Users who must see the same records of a model: checked on every channel through one of them."""

    key: object
    members: tuple[Combo, ...]

    @property
    def representative(self) -> Combo:
        """One member, rotating over roles between classes so every role is exercised somewhere."""
        return self.members[hash_index(self.key, len(self.members))]

    @property
    def name(self) -> str:
        return self.representative.username


def hash_index(key: object, size: int) -> int:
    """A stable position (not Python's salted ``hash``) to pick a representative from."""
    return sum(ord(char) for char in repr(key)) % size


def classes(key: Callable[[Combo], object], combos: Iterable[Combo] = EVERY_COMBO) -> list[UserClass]:
    """Every combination, grouped by what it must see; each combination belongs to exactly one class."""
    grouped: dict[object, list[Combo]] = {}
    for combo in combos:
        grouped.setdefault(key(combo), []).append(combo)
    return [UserClass(found, tuple(members)) for found, members in grouped.items()]


def grid_key(combo: Combo) -> tuple[str, ...]:
    """What a combination sees of a labelled grid: the class key of every classified model."""
    return tuple(labels.tag for labels in GRID if combo.permits(labels))
