"""One way to find or create a source: a title cited twice is one source."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

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


def test_the_same_title_publisher_and_date_cited_six_times_is_one_source() -> None:
    day = datetime.date(2010, 1, 15)
    found = {
        source_named("CSTO treaty register", actor=ACTOR, publisher="CSTO Secretariat", published_on=day).pk
        for _ in range(6)
    }
    assert len(found) == 1
    again = source_named(
        "  csto treaty register ", actor=ACTOR, publisher="csto secretariat", published_on=day
    )
    assert again.pk in found
    source = Source.objects.get(pk=again.pk)
    assert (source.publisher, source.published_on) == ("CSTO Secretariat", day)
    assert source_named("CSTO treaty register", actor=ACTOR).pk == again.pk, "a title alone finds it too"


def test_another_publisher_or_date_is_another_source() -> None:
    first = source_named(
        "Annual report", actor=ACTOR, publisher="CSTO", published_on=datetime.date(2019, 1, 1)
    )
    other_year = source_named(
        "Annual report", actor=ACTOR, publisher="CSTO", published_on=datetime.date(2020, 1, 1)
    )
    other_publisher = source_named(
        "Annual report", actor=ACTOR, publisher="MFA", published_on=datetime.date(2019, 1, 1)
    )
    assert len({first.pk, other_year.pk, other_publisher.pk}) == 3
    assert first.key == "annual-report" and other_year.key == "annual-report-2"


def test_a_broken_publisher_is_refused_with_its_field() -> None:
    with pytest.raises(InvalidValue, match=r"^publisher: "):
        source_named("A title", actor=ACTOR, publisher="bad\x00publisher")


def test_the_commands_cite_one_source_by_title_publisher_and_date() -> None:
    details = ("--source", "Law of KAZ", "--publisher", "Parliament of KAZ", "--published", "2020-03-01")
    for code in ("KAZ", "KGZ", "RUS"):
        call_command(
            "ratify", "partners-observers", code, "--on", "2020-03-01", *details, stdout=io.StringIO()
        )
    call_command("relation", "KAZ", "SRB", "--since", "1996-01-01", *details, stdout=io.StringIO())
    assert Source.objects.filter(title="Law of KAZ").count() == 1
