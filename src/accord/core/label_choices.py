"""The labels a user may give what they write: none that would hide the record from its writer.

A record saved with a classification or a releasability its writer may not see is lost to them
at once (their next page says "Not Found"), so the forms and the API offer and accept only the
labels their user could read back, and default to the most protective of those. Core does not
know who users are: ``accounts`` registers the rule (:func:`register_label_rule`) as it registers
the access policy; until it does, nobody may label anything, so a forgotten registration fails
closed. The services still check the saved record (``require_within_reach``): this module is
what lets the pages and the API say so before, on the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SystemUser
from accord.core.classification import Classification, Releasability

# From the narrowest audience to the widest: a default moves along it only towards more readers.
RELEASES_NARROW_TO_WIDE = (
    Releasability.MEMBERS_ONLY,
    Releasability.MEMBERS_AND_PARTNERS,
    Releasability.EVERYONE,
)


@dataclass(frozen=True)
class UsableLabels:
    """The labels one user may give a record: those they could still read once it is saved."""

    max_classification: int | None
    releases: frozenset[str]
    own_state: str | None = None
    any_named_state: bool = False

    def classification_choices(self) -> list[tuple[int, str]]:
        """The classification levels offered, lowest first (none above what the user may read)."""
        if self.max_classification is None:
            return []
        return [(value, label) for value, label in Classification.choices if value <= self.max_classification]

    def releasability_choices(
        self, offered: Sequence[tuple[str, Any]] = tuple(Releasability.choices)
    ) -> list[tuple[str, Any]]:
        """Of the releasabilities a form offers, those the user may read."""
        if self.max_classification is None:
            return []
        return [(value, label) for value, label in offered if value in self.releases]

    def default_classification(self, preferred: int) -> int | None:
        """The record's usual level, lowered to the highest the user may read (None: none at all)."""
        if self.max_classification is None:
            return None
        return min(preferred, self.max_classification)

    def default_releasability(self, preferred: str) -> str | None:
        """The record's usual releasability, widened to the narrowest audience the user belongs to."""
        if preferred in RELEASES_NARROW_TO_WIDE:
            candidates = RELEASES_NARROW_TO_WIDE[RELEASES_NARROW_TO_WIDE.index(preferred) :]
        else:
            candidates = RELEASES_NARROW_TO_WIDE
        return next((str(value) for value in candidates if self.usable_releasability(value)), None)

    def usable_releasability(self, value: str) -> bool:
        """Whether the user may read a record released this way (named states: see ``release_to``)."""
        return self.max_classification is not None and value in self.releases

    def problems(
        self, classification: int | None, releasability: str | None, release_to: Iterable[str] = ()
    ) -> list[tuple[str, str]]:
        """Each label the user may not give, as (field, reason); empty when all are usable."""
        found = []
        if classification is not None and (
            self.max_classification is None or classification > self.max_classification
        ):
            found.append(("classification", self.classification_refusal(classification)))
        if releasability is not None and not self.usable_releasability(releasability):
            found.append(("releasability", releasability_refusal(releasability)))
        elif releasability == Releasability.NAMED_STATES and not self.names_reader(release_to):
            found.append(("release_to", self.release_to_refusal()))
        return found

    def names_reader(self, release_to: Iterable[str]) -> bool:
        """Whether a list of named states lets the user read the record."""
        codes = {str(code).strip().upper() for code in release_to}
        return self.any_named_state or (self.own_state is not None and self.own_state in codes)

    def classification_refusal(self, classification: int) -> str:
        """Why this level is refused."""
        if classification not in Classification.values:
            return _("%(value)s is not a classification level") % {"value": classification}
        return _(
            "you may not label a record %(level)s: you could not read it yourself "
            "(your clearance and your state's status let you read up to %(highest)s)"
        ) % {
            "level": Classification(classification).label,
            "highest": Classification(self.max_classification).label
            if self.max_classification is not None
            else _("nothing"),
        }

    def release_to_refusal(self) -> str:
        """Why a list of named states is refused."""
        if self.own_state is None:
            return _("you may not release a record to named states: you could not read it yourself")
        return _(
            "name your own state (%(state)s) among the named states, or you could not read it yourself"
        ) % {"state": self.own_state}


def releasability_refusal(releasability: str) -> str:
    """Why this releasability is refused."""
    if releasability not in Releasability.values:
        return _("%(value)s is not a releasability") % {"value": releasability}
    return _("you may not release a record to %(audience)s: you could not read it yourself") % {
        "audience": Releasability(releasability).label
    }


NO_LABELS = UsableLabels(None, frozenset())
EVERY_LABEL = UsableLabels(max(Classification.values), frozenset(Releasability.values), any_named_state=True)

LabelRule = Callable[[Any], UsableLabels]
_rule: list[LabelRule] = []


def register_label_rule(rule: LabelRule) -> None:
    """Install the function that says which labels a user may give (registered by ``accounts``)."""
    _rule[:] = [rule]


def labels_for(user: Any) -> UsableLabels:
    """The labels ``user`` may give a record; none until a rule is registered."""
    if isinstance(user, SystemUser):
        return EVERY_LABEL
    return _rule[0](user) if _rule else NO_LABELS


def refuse_in_api(problems: list[tuple[str, str]]) -> None:
    """Answer the API's 422, each refused label located at its field of the request body."""
    if problems:
        from ninja.errors import ValidationError

        raise ValidationError(
            [
                {"loc": ["body", "payload", field], "msg": message, "type": "value_error"}
                for field, message in problems
            ]
        )


def labels_within_reach(
    user: Any,
    classification: int | None,
    releasability: str | None,
    release_to: Iterable[str] = (),
    *,
    usual: tuple[int, str] = (Classification.RESTRICTED, Releasability.MEMBERS_ONLY),
) -> dict[str, Any]:
    """The labels an API caller asked for, or the usual ones brought within their reach.

    Refused with the API's 422 at each field the caller could not read back.
    """
    labels = labels_for(user)
    if classification is None:
        classification = labels.default_classification(usual[0])
    releasability = releasability or labels.default_releasability(usual[1])
    refuse_in_api(labels.problems(classification, releasability, release_to))
    return {"classification": classification, "releasability": releasability}
