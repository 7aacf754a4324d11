"""Who may see what: one pure function of the user, the record's labels and the date's status.

A user belongs to a working body (the Secretariat, the Joint Staff, the CRC) or to one state. A
state's users see what that state's status on the date allows — a partner becoming a member, or a
member's participation being suspended, changes what they see with no per-user edit — capped by
their own clearance. Public visitors see PUBLIC records released to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.core.labels import Classification, Releasability

PUBLIC, RESTRICTED, CONFIDENTIAL, SECRET = Classification
EVERYONE, MEMBERS_AND_PARTNERS, MEMBERS_ONLY, NAMED_STATES = Releasability
ALL_RELEASES = frozenset({EVERYONE, MEMBERS_AND_PARTNERS, MEMBERS_ONLY, NAMED_STATES})

RELEASES_BY_STATUS: dict[str | None, frozenset[str]] = {
    "member": ALL_RELEASES,
    "partner": frozenset({EVERYONE, MEMBERS_AND_PARTNERS, NAMED_STATES}),
    "observer": frozenset({EVERYONE, NAMED_STATES}),
    "suspended": frozenset({EVERYONE, NAMED_STATES}),
    "former": frozenset({EVERYONE, NAMED_STATES}),
    None: frozenset({EVERYONE, NAMED_STATES}),
}
# Observers study the open regulatory framework; partners take part in meetings and trainings;
# members take part in everything. A state's users are capped at this level whatever their clearance.
CLASSIFICATION_CAP_BY_STATUS: dict[str | None, int] = {
    "member": SECRET,
    "partner": RESTRICTED,
    "observer": PUBLIC,
    "suspended": PUBLIC,
    "former": PUBLIC,
    None: PUBLIC,
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


def visibility(profile: Profile, status: str | None) -> Visibility:
    """What a user may see, given their state's status on the date (ignored for working bodies)."""
    if not profile.active:
        return NOTHING
    if profile.kind == "system":
        return Visibility(SECRET, ALL_RELEASES, everything=True)
    if profile.kind == "public":
        return Visibility(PUBLIC, frozenset({EVERYONE}))
    if profile.kind == "body":
        return Visibility(profile.clearance, ALL_RELEASES, all_named_states=True)
    cap = CLASSIFICATION_CAP_BY_STATUS.get(status, PUBLIC)
    return Visibility(
        min(profile.clearance, cap), RELEASES_BY_STATUS.get(status, RELEASES_BY_STATUS[None]), profile.state
    )


def may_see(
    profile: Profile, status: str | None, classification: int, releasability: str, release_to: list[str]
) -> bool:
    """The one decision: may this user, whose state has this status on the date, see this record?"""
    return visibility(profile, status).permits(classification, releasability, release_to)
