"""The index of copies each process keeps: items stored by others are added on the next look, and so
are items whose batch committed after a later one (their ids lower than those already seen)."""

from __future__ import annotations

import base64

import pytest

from accord.core.derived import PUBLIC_LABELS
from accord.monitoring import copies
from accord.monitoring.models import Item
from accord.monitoring.text.dedup import signature
from tests.monitoring.factory import make_item, make_source

pytestmark = pytest.mark.django_db

TEXTS = [
    " ".join(f"{word}{number}" for number in range(60) for word in ("alpha", "border"))[: 900 + shift]
    for shift in range(0, 300, 100)
]


@pytest.fixture(autouse=True)
def fresh_index():
    copies.forget()
    yield
    copies.forget()


def stored(source, external_id: str, text: str, pk: int | None = None) -> Item:
    item = make_item(source, external_id, text=text)
    Item.objects.filter(pk=item.pk).update(signature=base64.b64encode(signature(text)).decode("ascii"))
    if pk is not None:  # the id a batch took before a later batch committed
        Item.objects.filter(pk=item.pk).update(id=pk)
        item.pk = pk
    return item


def test_an_item_another_process_stored_is_found_on_the_next_look():
    source = make_source()
    first = stored(source, "first", TEXTS[0])
    assert copies.nearest_key(PUBLIC_LABELS, signature(TEXTS[0]))[0] == first.pk
    second = stored(source, "second", TEXTS[1] + " distinct words only here " * 40)
    found, similarity = copies.nearest_key(
        PUBLIC_LABELS, signature(TEXTS[1] + " distinct words only here " * 40)
    )
    assert found == second.pk and similarity > 0.9


def test_an_item_committed_after_a_later_one_is_still_found():
    source = make_source()
    stored(source, "early", "lorem " * 50 + TEXTS[0])
    held = make_item(source, "held")  # its id stands for one a batch holds while it works
    later = stored(source, "later", "ipsum " * 50 + TEXTS[1])
    Item.objects.filter(pk=held.pk).delete()
    copies.catch_up()  # this process has looked: the highest id it knows is the later item's
    late_text = " ".join(f"late{number} quiet{number}" for number in range(200))
    late = stored(source, "late", late_text, pk=held.pk)  # the batch commits now, with its lower id
    assert late.pk < later.pk
    found, _similarity = copies.nearest_key(PUBLIC_LABELS, signature(late_text))
    assert found == late.pk
