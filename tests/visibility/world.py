"""The harness's records and users, made once per test module through the services that record writes.

Every record carries a marker (``vis-doc-2-mo``: model, classification, release label) that is unique
and no substring of another, so "the user sees it" is a substring test on a page, an export or an API
body. Children (agenda items, minutes, measures …) are made under a parent at each label and carry
their parent's labels: they are seen through it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.accounts.models import User
from accord.charter.models import Body, State, StateStatus
from accord.core.audit import Actor, save_with_record
from accord.core.classification import release_list
from tests.visibility.matrix import USERS, Combo, Labels

ACTOR = Actor.system("visibility harness")


@dataclass(frozen=True)
class Record:
    """One record the harness made: its marker, its labels (or its owner), and its key."""

    marker: str
    pk: Any
    labels: Labels | None = None
    owner: str | None = None  # username of the user the record belongs to, for records seen by owner
    parent_pk: Any = None


@dataclass
class World:
    """Everything the harness made, by model label."""

    today: datetime.date
    users: dict[str, User] = field(default_factory=dict)
    records: dict[str, list[Record]] = field(default_factory=dict)


def marker(code: str, labels: Labels) -> str:
    return f"vis-{code}-{labels.tag}"


def record_statuses() -> None:
    """Serbia a partner and Afghanistan an observer from 2022 (recorded writes, like any other)."""
    for code, status in (("SRB", "partner"), ("AFG", "observer")):
        span = StateStatus(state=State.objects.get(code=code), status=status, valid_from="2022-01-01")
        save_with_record(span, actor=ACTOR, reason="visibility harness")


def make_harness_user(combo: Combo, username: str | None = None) -> User:
    """A user of a state or of the Secretariat; logged in by the harness, so no password is hashed."""
    user = User(username=username or combo.username, role=combo.role, clearance=combo.clearance)
    if combo.state:
        user.affiliation_state = State.objects.get(code=combo.state)
    else:
        user.affiliation_body = Body.objects.get(key="secretariat")
    user.set_unusable_password()
    user.save()
    return user


def make_users(world: World) -> None:
    """One user for every role × status × clearance."""
    for combo in USERS:
        world.users[combo.username] = make_harness_user(combo)


def labelled(values: dict[str, Any], labels: Labels) -> dict[str, Any]:
    """Values with the classification and releasability of ``labels`` (named states as stored)."""
    return {
        **values,
        "classification": labels.level,
        "releasability": labels.releasability,
        "release_to": release_list(labels.release_to),
    }


def harness_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{text}.txt", f"file of {text}".encode(), content_type="text/plain")


def build(world: World, declarations: list) -> World:
    """Make every declared model's records, parents before children (the registry's order)."""
    record_statuses()
    make_users(world)
    for declaration in declarations:
        world.records[declaration.key] = list(declaration.make(world))
    return world


def new_world() -> World:
    return World(today=timezone.localdate())
