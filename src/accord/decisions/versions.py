"""The versions of minutes and what changed between them, as the page, the CLI and the API show it."""

from __future__ import annotations

import difflib
from typing import Any

from accord.decisions.models import Minutes, MinutesVersion


def changed_lines(before: str, after: str) -> list[dict[str, str]]:
    """The lines removed and added from one version to the next (unchanged lines left out), so a
    reader sees exactly what an amendment changed."""
    diff = difflib.ndiff(before.splitlines(), after.splitlines())
    kinds = {"- ": "removed", "+ ": "added"}
    return [{"kind": kinds[line[:2]], "text": line[2:]} for line in diff if line[:2] in kinds]


def version_row(version: MinutesVersion, before: str | None) -> dict[str, Any]:
    """One version: its number, who proposed the change, the amendment, and what changed."""
    amendment = version.amendment
    return {
        "number": version.number,
        "recorded_on": version.recorded_on.isoformat(),
        "proposed_by": version.proposed_by.code if version.proposed_by else None,
        "proposed_by_name": str(version.proposed_by.name) if version.proposed_by else "",
        "amendment": amendment.pk if amendment else None,
        "text": version.text,
        "changes": [] if before is None else changed_lines(before, version.text),
    }


def minutes_versions(minutes: Minutes) -> list[dict[str, Any]]:
    """Every version of the minutes, oldest first, each with what changed from the one before."""
    rows, before = [], None
    for version in minutes.versions.select_related("proposed_by", "amendment").order_by("number"):
        rows.append(version_row(version, before))
        before = version.text
    return rows


def amendment_rows(minutes: Minutes) -> list[dict[str, Any]]:
    """The amendments proposed to the minutes and what became of each."""
    return [
        {
            "id": item.pk,
            "state": item.state.code,
            "state_name": str(item.state.name),
            "text": item.text,
            "replaces": item.replaces,
            "proposed_on": item.proposed_on.isoformat(),
            "accepted": item.accepted,
            "rejected": item.rejected,
            "open": not (item.accepted or item.rejected),
        }
        for item in minutes.amendments.select_related("state")
    ]
