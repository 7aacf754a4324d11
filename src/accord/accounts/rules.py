"""Who may see what: one pure function of the user, the record's labels and the date's status.

A user belongs to a working body (the Secretariat, the Joint Staff, the CRC) or to one state. A
state's users see what that state's status on the date allows — a partner becoming a member, or a
member's participation being suspended, changes what they see with no per-user edit — capped by
their own clearance. Public visitors see PUBLIC records released to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.charter.rules.status_kinds import DEFAULT_KINDS, NO_STATUS, StatusKind, kind_named
from accord.core.labels import Classification, Releasability

PUBLIC, RESTRICTED, CONFIDENTIAL, SECRET = Classification
EVERYONE, MEMBERS_AND_PARTNERS, MEMBERS_ONLY, NAMED_STATES = Releasability
ALL_RELEASES = frozenset({EVERYONE, MEMBERS_AND_PARTNERS, MEMBERS_ONLY, NAMED_STATES})

# What a state's users see follows its status, as the charter file says (``status_kinds``: the
# highest classification and the releasabilities; records released to the state by name stay
# visible unless the file says otherwise), capped by each user's own clearance. These tables are the
# reading Accord ships with, used when no file has said.
RELEASES_BY_STATUS: dict[str | None, frozenset[str]] = {
    **{key: kind.releases for key, kind in DEFAULT_KINDS.items()},
    None: NO_STATUS.releases,
}
CLASSIFICATION_CAP_BY_STATUS: dict[str | None, int] = {
    **{key: kind.sees_up_to for key, kind in DEFAULT_KINDS.items()},
    None: NO_STATUS.sees_up_to,
}


@dataclass(frozen=True)
class Profile:
    """What the policy needs to know about a user."""

    kind: str  # "public", "body" (a working body such as the Secretariat), "state", "system"
    clearance: int = PUBLIC
    state: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Visibility:
    """The labels of the records a user may see on a date."""

    max_classification: int | None
    releases: frozenset[str]
    state: str | None = None
    everything: bool = False
    all_named_states: bool = False

    def permits(self, classification: int, releasability: str, release_to: list[str]) -> bool:
        """Whether a record with these labels is visible."""
        if self.everything:
            return True
        if self.max_classification is None or classification > self.max_classification:
            return False
        if releasability not in self.releases:
            return False
        if releasability != NAMED_STATES or self.all_named_states:
            return True
        return self.state is not None and self.state in release_to


NOTHING = Visibility(None, frozenset())


def sees_no_more(narrower: Visibility, wider: Visibility) -> bool:
    """Whether every record ``narrower`` permits, ``wider`` permits too (e.g. taking over an account
    with ``narrower`` gives the holder of ``wider`` nothing new)."""
    if wider.everything:
        return True
    if narrower.everything or narrower.max_classification is None:
        return narrower.max_classification is None and not narrower.everything
    if wider.max_classification is None or narrower.max_classification > wider.max_classification:
        return False
    if not narrower.releases <= wider.releases:
        return False
    if NAMED_STATES not in narrower.releases or wider.all_named_states:
        return True
    return not narrower.all_named_states and narrower.state == wider.state


def visibility(profile: Profile, status: str | None, kind: StatusKind | None = None) -> Visibility:
    """What a user may see, given their state's status on the date (ignored for working bodies) and
    what the charter file lets that status see (``kind``; the shipped reading when not given)."""
    if not profile.active:
        return NOTHING
    if profile.kind == "system":
        return Visibility(SECRET, ALL_RELEASES, everything=True)
    if profile.kind == "public":
        return Visibility(PUBLIC, frozenset({EVERYONE}))
    if profile.kind == "body":
        return Visibility(profile.clearance, ALL_RELEASES, all_named_states=True)
    kind = kind or kind_named(DEFAULT_KINDS, status)
    return Visibility(min(profile.clearance, kind.sees_up_to), kind.releases, profile.state)


def may_see(
    profile: Profile, status: str | None, classification: int, releasability: str, release_to: list[str]
) -> bool:
    """The one decision: may this user, whose state has this status on the date, see this record?"""
    return visibility(profile, status).permits(classification, releasability, release_to)
