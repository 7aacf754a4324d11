"""The demo source of ``accord setup``: registered once over the shipped texts, idempotent."""

from __future__ import annotations

import pytest

from accord.core.audit import Actor
from accord.core.models import ChangeRecord
from accord.monitoring import copies
from accord.monitoring.demo import DEMO_KEY, load_monitoring_demo
from accord.monitoring.models import Item
from tests.monitoring.intake_helpers import own_roots

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def roots(settings, tmp_path):
    copies.forget()
    yield own_roots(settings, tmp_path)
    copies.forget()


def test_the_demo_source_takes_the_three_texts_in_once(roots):
    first = load_monitoring_demo(Actor.system("setup"))
    assert first.created and first.source.key == DEMO_KEY and first.source.reliability == "B"
    assert first.source.classification == 0 and first.source.language == "en"
    assert Item.objects.filter(source=first.source).count() == 3
    assert sorted(path.name for path in (roots / DEMO_KEY).iterdir()) == [
        "seed-000.txt",
        "seed-002.txt",
        "seed-004.txt",
    ]
    records = ChangeRecord.objects.count()
    second = load_monitoring_demo(Actor.system("setup"))
    assert not second.created and second.added == 0 and second.unchanged == 3
    assert ChangeRecord.objects.count() == records
    assert Item.objects.filter(source=first.source).count() == 3
