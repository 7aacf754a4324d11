"""Test set-up: one database per run, with the reference data and the CSTO charter loaded once."""

from __future__ import annotations

import pytest

from accord.charter.loader import load_charter, resolve_charter_path
from accord.charter.reference import load_reference_data
from accord.core.audit import Actor
from accord.decisions.loader import load_decisions, resolve_decisions_path
from accord.forces.loaders import load_forces
from accord.response.deliveries_file import deliveries_path, load_deliveries

TEST_ACTOR = Actor.system("tests")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load what ``make run`` loads, once; each test then runs in a transaction rolled back.

    The test database's checkpoints go to a data folder of the run's own, never to the real one,
    whose checkpoint file would otherwise name records of a database that no longer exists.
    """
    from django.conf import settings

    settings.DATA_DIR = tmp_path_factory.mktemp("accord-data")
    with django_db_blocker.unblock():
        load_reference_data(actor=TEST_ACTOR)
        load_charter(resolve_charter_path("csto"), actor=TEST_ACTOR)
        load_decisions(resolve_decisions_path("csto"), actor=TEST_ACTOR)
        load_forces("csto", actor=TEST_ACTOR)
        load_deliveries(deliveries_path("csto"), actor=TEST_ACTOR)


@pytest.fixture
def actor() -> Actor:
    """The system actor tests write as."""
    return TEST_ACTOR


@pytest.fixture
def facts(db):
    """The CSTO charter as the rules see it."""
    from accord.charter.facts import load_facts

    return load_facts()


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English, whatever language a request of the test before left active."""
    from django.utils import translation

    with translation.override("en"):
        yield
