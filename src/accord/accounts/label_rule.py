"""Which labels a user may give what they write: exactly those the access policy lets them read."""

from __future__ import annotations

from typing import Any

from accord.accounts.policy import visibility_for
from accord.core.label_choices import EVERY_LABEL, UsableLabels


def usable_labels(user: Any) -> UsableLabels:
    """The user's visibility today, as the labels they may give (registered with core on start-up)."""
    visible = visibility_for(user)
    if visible.everything:
        return EVERY_LABEL
    return UsableLabels(
        visible.max_classification,
        visible.releases,
        own_state=visible.state,
        any_named_state=visible.all_named_states,
    )
