"""Model choices built from the shared vocabularies: the stored values stay, the labels are translated."""

from __future__ import annotations

import enum

import pytest
from django.utils import translation

from accord.charter.models import Instrument, StateStatus
from accord.core import labels
from accord.core.classification import Classification, Releasability
from accord.core.fields import DatePrecision, EventDatePrecision, django_choices
from accord.crisis.models import Event, EventCount


def field_values(model, name: str) -> list:
    return [value for value, _label in model._meta.get_field(name).choices]


def test_the_stored_values_are_the_vocabularies():
    assert Classification.values == [0, 1, 2, 3] == [level.value for level in labels.Classification]
    assert Releasability.values == ["everyone", "members-and-partners", "members-only", "named-states"]
    assert field_values(StateStatus, "status") == [
        "member",
        "suspended",
        "frozen",
        "observer",
        "partner",
        "former",
    ]


def test_a_choice_is_its_vocabulary_member():
    assert Classification.SECRET == labels.Classification.SECRET == 3
    assert Releasability("members-only") == labels.Releasability.MEMBERS_ONLY
    assert {labels.Classification.CONFIDENTIAL: "found"}[Classification.CONFIDENTIAL] == "found"


def test_labels_are_translated_in_the_model_layer():
    with translation.override("ru"):
        assert str(Classification.SECRET.label) != "SECRET"
    assert str(Classification(2).label) == "CONFIDENTIAL"
    assert str(DatePrecision.BY.label) == "on or before"


def test_record_dates_and_event_dates_take_their_own_precisions_of_one_vocabulary():
    assert DatePrecision.values == ["day", "month", "year", "by"]
    assert EventDatePrecision.values == ["day", "week", "month", "year"]
    assert field_values(Instrument, "adopted_precision") == DatePrecision.values
    assert field_values(Event, "date_precision") == field_values(EventCount, "date_precision")
    assert field_values(Event, "date_precision") == EventDatePrecision.values
    assert DatePrecision.DAY == EventDatePrecision.DAY == labels.DatePrecision.DAY


def test_a_vocabulary_member_without_a_label_is_refused():
    class Colour(enum.StrEnum):
        RED = "red"
        BLUE = "blue"

    with pytest.raises(ValueError, match="Colour: no label for BLUE"):
        django_choices(Colour, {Colour.RED: "red"})
    assert django_choices(Colour, {Colour.RED: "red"}, only=[Colour.RED]).choices == [("red", "red")]
