"""The labels a writer may give: only those they could read back, the usual ones brought within reach."""

from __future__ import annotations

import pytest

from accord.core.access import SYSTEM_USER
from accord.core.label_choices import EVERY_LABEL, NO_LABELS, UsableLabels, labels_for

PARTNER = UsableLabels(1, frozenset({"everyone", "members-and-partners", "named-states"}), own_state="SRB")
MEMBER = UsableLabels(
    2, frozenset({"everyone", "members-and-partners", "members-only", "named-states"}), "KAZ"
)


def test_a_partner_is_offered_up_to_restricted_and_the_audiences_they_belong_to():
    assert [value for value, _label in PARTNER.classification_choices()] == [0, 1]
    assert [value for value, _label in PARTNER.releasability_choices()] == [
        "everyone",
        "members-and-partners",
        "named-states",
    ]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (MEMBER, (1, "members-only")),
        (PARTNER, (1, "members-and-partners")),
        (UsableLabels(0, frozenset({"everyone", "named-states"}), "AFG"), (0, "everyone")),
        (NO_LABELS, (None, None)),
    ],
)
def test_the_usual_labels_are_brought_within_reach_never_beyond(labels, expected):
    assert (labels.default_classification(1), labels.default_releasability("members-only")) == expected


def test_each_label_out_of_reach_is_named_with_its_field():
    assert [field for field, _why in PARTNER.problems(2, "members-only")] == [
        "classification",
        "releasability",
    ]
    assert PARTNER.problems(1, "members-and-partners") == []
    assert [field for field, _why in MEMBER.problems(1, "named-states", ["ARM"])] == ["release_to"]
    assert MEMBER.problems(1, "named-states", ["arm", "kaz"]) == []
    assert EVERY_LABEL.problems(3, "named-states", ["ARM"]) == []


def test_nobody_labels_anything_without_a_rule_but_the_system_labels_everything(monkeypatch):
    from accord.core import label_choices

    monkeypatch.setattr(label_choices, "_rule", [])
    assert labels_for(object()) == NO_LABELS
    assert labels_for(SYSTEM_USER) == EVERY_LABEL
