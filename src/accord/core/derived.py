"""Labels of derived data: what is computed from records is at least as protected as they are.

A count, a series or an alert computed from records is read by those who may read it, and it tells
something about every record it was computed from. So it takes the highest classification of its
inputs and the narrowest releasability: a count that adds up one SECRET members-only event is SECRET
and members-only, whatever the other events were.

Releasabilities narrow in the order everyone → members and partners → members only. Named states
are a list, not a step: records released to named states combine into the states named in every one
of them; and when named-state records are mixed with records released to members (or to members and
partners), no state list can say "members among these states" (membership is a status on a date), so
the result is released to no state at all — only the working bodies, who see every release, read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accord.core.classification import Classification, Releasability, release_codes, release_list

WIDEST_FIRST = (Releasability.EVERYONE, Releasability.MEMBERS_AND_PARTNERS, Releasability.MEMBERS_ONLY)


@dataclass(frozen=True)
class Labels:
    """A classification, a releasability and (for named states) the stored list of states."""

    classification: int = Classification.PUBLIC
    releasability: str = Releasability.EVERYONE
    release_to: str = ""

    def as_fields(self) -> dict[str, int | str]:
        """The labels as the fields of a classified record."""
        return {
            "classification": int(self.classification),
            "releasability": str(self.releasability),
            "release_to": self.release_to,
        }


PUBLIC_LABELS = Labels()


def combined(inputs: Iterable[Labels]) -> Labels:
    """The labels of something computed from records with these labels (public if there are none)."""
    inputs = list(inputs)
    if not inputs:
        return PUBLIC_LABELS
    classification = max(labels.classification for labels in inputs)
    named = [set(release_codes(labels.release_to)) for labels in inputs if is_named(labels)]
    steps = [WIDEST_FIRST.index(labels.releasability) for labels in inputs if not is_named(labels)]
    if not named:
        return Labels(classification, WIDEST_FIRST[max(steps)])
    narrower_than_everyone = any(step > 0 for step in steps)
    common = set.intersection(*named) if not narrower_than_everyone else set()
    return Labels(classification, Releasability.NAMED_STATES, release_list(common))


def is_named(labels: Labels) -> bool:
    return labels.releasability == Releasability.NAMED_STATES


def at_least(labels: Labels, floor: Labels) -> Labels:
    """``labels``, raised to ``floor`` where ``floor`` is more protected."""
    return combined([labels, floor])
