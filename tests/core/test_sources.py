"""One way to find or create a source: a title cited twice is one source."""

from __future__ import annotations

import pytest

from accord.core.audit import Actor
from accord.core.models import Source
from accord.core.sources import ensure_source, source_named
from accord.core.validation import InvalidValue

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def test_the_same_title_cited_again_is_the_same_source() -> None:
    first = source_named("Protocol on the CRRF, 2009", actor=ACTOR)
    again = source_named("Protocol on the CRRF, 2009", actor=ACTOR)
    assert first.pk == again.pk
    assert Source.objects.filter(title="Protocol on the CRRF, 2009").count() == 1
    assert source_named(first.key, actor=ACTOR).pk == first.pk


def test_an_empty_or_broken_source_name_is_refused_with_its_field() -> None:
    with pytest.raises(InvalidValue, match=r"^source: "):
        source_named("   ", actor=ACTOR)
    with pytest.raises(InvalidValue, match=r"^source: "):
        source_named("bad\x00title", actor=ACTOR)


def test_a_data_set_source_is_brought_up_to_date_not_duplicated() -> None:
    ensure_source("ref-test", {"title": "Old title"}, actor=ACTOR)
    ensure_source("ref-test", {"title": "New title"}, actor=ACTOR)
    assert list(Source.objects.filter(key="ref-test").values_list("title", flat=True)) == ["New title"]
