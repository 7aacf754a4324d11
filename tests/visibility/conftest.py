"""The harness's world, made once per module inside a transaction that is rolled back after it.

Each test then runs in a savepoint of that transaction (pytest-django's ``db``), so the records,
users and sessions made here are there for every test of the module and gone after it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.accounts.helpers import login_verified
from tests.visibility.channels import Browser
from tests.visibility.declarations import DECLARATIONS
from tests.visibility.matrix import Combo
from tests.visibility.world import World, build, new_world


@dataclass
class Harness:
    world: World
    browsers: dict[str, Browser]

    def browser(self, combo: Combo) -> Browser:
        return self.browsers[combo.username]


def log_in_representatives(world: World) -> dict[str, Browser]:
    """A logged-in client (second factor verified) for the one user checked per class, and the public's."""
    browsers: dict[str, Browser] = {}
    for declaration in DECLARATIONS:
        for user_class in declaration.classes():
            combo = user_class.representative
            if combo.username in browsers:
                continue
            client = Client()
            if combo.role is not None:
                login_verified(client, world.users[combo.username])
            browsers[combo.username] = Browser(
                client, world.users[combo.username].username if combo.role else None
            )
    return browsers


@pytest.fixture(scope="module")
def harness(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every declared model's records at every label, every user, made once for the module."""
    media = tmp_path_factory.mktemp("visibility-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        world = build(new_world(), list(DECLARATIONS))
        yield Harness(world, log_in_representatives(world))
        transaction.set_rollback(True)
