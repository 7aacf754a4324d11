"""The one validation layer: its checks, the services' last check, and every API input held to it."""

from __future__ import annotations

import datetime
import enum
import math
import types
import typing

import pytest
from django.core.exceptions import ValidationError
from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from accord.api import api
from accord.charter.models import Body
from accord.core.validation import (
    InvalidValue,
    check_count,
    check_day,
    check_fields,
    check_historical_day,
    check_latitude,
    check_longitude,
    check_record,
    check_release_list,
    check_search,
    check_state_code,
    check_text,
    check_year,
    parse_day,
    search_terms,
    validate_day,
)
from accord.decisions.models import Document


@pytest.mark.parametrize("text", ["a\x00b", "\ud800", "x\udcff"])
def test_texts_no_database_stores_as_given_are_refused(text):
    with pytest.raises(InvalidValue):
        check_text(text)


def test_ordinary_texts_pass():
    assert check_text("Заявление, 2022 — «ОДКБ»") == "Заявление, 2022 — «ОДКБ»"


@pytest.mark.parametrize(
    "day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(1899, 12, 31)]
)
def test_dates_outside_the_records_span_are_refused(day):
    with pytest.raises(InvalidValue, match="between 1900-01-01 and 2100-12-31"):
        check_day(day)


def test_the_span_ends_are_kept_and_history_goes_further_back():
    assert check_day(datetime.date(1900, 1, 1)) and check_day(datetime.date(2100, 12, 31))
    assert check_historical_day(datetime.date(1807, 11, 7))
    with pytest.raises(InvalidValue):
        check_historical_day(datetime.date(1, 1, 1))


@pytest.mark.parametrize(
    "text",
    ["2015-01-01 garbage", "2015-01-01T00:00:00", "20150101", "2015-W01-1", "1420070400", "2015-02-30"],
)
def test_only_a_plain_iso_day_is_read_as_a_date(text):
    with pytest.raises(InvalidValue):
        parse_day(text)


def test_a_plain_iso_day_is_read():
    assert parse_day("2015-01-01") == datetime.date(2015, 1, 1)


@pytest.mark.parametrize("year", [1899, 2101, 10000, True])
def test_years_outside_the_span_are_refused(year):
    with pytest.raises(InvalidValue):
        check_year(year)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 90.5, -91])
def test_latitudes_are_finite_and_within_90_degrees(value):
    with pytest.raises(InvalidValue):
        check_latitude(value)


def test_longitudes_are_within_180_degrees():
    assert check_longitude(-180) == -180.0
    with pytest.raises(InvalidValue):
        check_longitude(180.1)


@pytest.mark.parametrize("value", [-5, 2**63, 3.7, 3.0, True, "3"])
def test_counts_are_whole_numbers_within_reason(value):
    with pytest.raises(InvalidValue):
        check_count(value)


@pytest.mark.parametrize("code", ["../../etc", "kaz", "KA", "KAZX", ""])
def test_state_codes_are_three_capital_letters(code):
    with pytest.raises(InvalidValue):
        check_state_code(code)


@pytest.mark.parametrize("stored", [",../../etc,", "ARM,KAZ", ",ARM,kaz,"])
def test_release_lists_hold_state_codes_only(stored):
    with pytest.raises(InvalidValue):
        check_release_list(stored)
    assert check_release_list(",ARM,KAZ,") == ",ARM,KAZ,"


def test_searches_are_short():
    assert search_terms("border  treaty") == ["border", "treaty"]
    with pytest.raises(InvalidValue, match="at most 10 words"):
        check_search(" ".join(["w"] * 11))
    with pytest.raises(InvalidValue, match="at most 200 characters"):
        check_search("w" * 201)


def test_the_checks_are_django_validators_too():
    with pytest.raises(ValidationError):
        validate_day(datetime.date(9999, 12, 31))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title_en": "x" * 501}, "title_en: Ensure this value has at most 500 characters"),
        ({"title_en": "a\x00b"}, "title_en: contains a NUL character"),
        ({"text": "\ud800"}, "text: contains a character that is not valid Unicode"),
        ({"date": datetime.date(1, 1, 1)}, "date: expected a date between"),
        ({"release_to": ",../../etc,"}, "release_to: expected ISO 3166 alpha-3 codes"),
        ({"source_keys": ["ok", "a\x00"]}, "source_keys: contains a NUL character"),
        ({"kind": "pamphlet"}, "kind: Value 'pamphlet' is not a valid choice"),
    ],
)
def test_a_record_is_checked_whole_before_it_is_saved(fields, message):
    document = Document(kind="report", title_en="Report", date=datetime.date(2022, 1, 1))
    check_record(document)
    with pytest.raises(InvalidValue, match=message.replace("(", r"\(")):
        check_fields(document, fields, InvalidValue)
    assert document.title_en == "Report" and document.kind == "report"


@pytest.mark.django_db
def test_a_record_holds_no_number_a_32_bit_column_refuses():
    from accord.crisis.models import Event

    event = Event(
        source="report",
        source_id="x",
        date=datetime.date(2022, 1, 1),
        date_precision="day",
        place_precision="country",
        country="KGZ",
        category="other",
    )
    with pytest.raises(InvalidValue, match="fatalities_best"):
        check_fields(event, {"fatalities_best": 2**40}, InvalidValue)
    with pytest.raises(InvalidValue, match="latitude"):
        check_fields(event, {"latitude": math.nan, "longitude": 1.0}, InvalidValue)


# ---------------------------------------------------------------------------------------------
# Every input of the API is held to the layer: a new field cannot forget its limits
# ---------------------------------------------------------------------------------------------

TEXT_CHECKS = {check_text, check_search}


def string_is_bounded(metadata: list) -> bool:
    """A string with a length limit and the text check, or a pattern that admits neither NUL nor surrogates."""
    limits = [
        item for item in metadata if getattr(item, "max_length", None) or getattr(item, "pattern", None)
    ]
    checked = any(isinstance(item, AfterValidator) and item.func in TEXT_CHECKS for item in metadata)
    patterned = any(getattr(item, "pattern", None) for item in metadata)
    return bool(limits) and (checked or patterned)


def unbounded_strings(annotation, metadata: list, where: str):
    """Each place in an input type where a string arrives without the layer's limits."""
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from unbounded_strings(arguments[0], [*metadata, *arguments[1:]], where)
    elif origin in (typing.Union, types.UnionType, list, dict, tuple):
        for index, argument in enumerate(arguments):
            yield from unbounded_strings(
                argument, [] if origin in (list, dict) else metadata, f"{where}[{index}]"
            )
    elif origin is typing.Literal or (isinstance(annotation, type) and issubclass(annotation, enum.Enum)):
        return
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            yield from unbounded_strings(field.annotation, list(field.metadata), f"{where}.{name}")
    elif annotation is str and not string_is_bounded(metadata):
        yield where


def routers(pairs, prefix: str = ""):
    """Each router of the API with its full prefix, the routers mounted inside others included."""
    for entry in pairs:
        path, router = entry[0], entry[1]
        yield prefix + path, router
        yield from routers(getattr(router, "_routers", []), prefix + path)


def api_inputs():
    """Every parameter model of every operation of the API (path, query and body)."""
    for prefix, router in routers(api._routers):
        for path, view in router.path_operations.items():
            for operation in view.operations:
                for model in operation.models:
                    yield f"{operation.methods[0]} {prefix}{path} {model.__ninja_param_source__}", model


def test_every_string_the_api_takes_has_a_limit_and_the_text_check():
    found = [
        place
        for where, model in api_inputs()
        for name, field in model.model_fields.items()
        if isinstance(field, FieldInfo)
        for place in unbounded_strings(field.annotation, list(field.metadata), f"{where}: {name}")
    ]
    assert found == []


def test_the_guard_itself_notices_a_plain_string():
    class Careless(BaseModel):
        title: str
        codes: list[str]

    assert list(unbounded_strings(Careless, [], "Careless")) == ["Careless.title", "Careless.codes[0]"]


@pytest.mark.django_db
def test_api_texts_take_their_limits_from_the_models():
    limit = Document._meta.get_field("title_en").max_length
    schema = api.get_openapi_schema()["components"]["schemas"]["DocumentIn"]["properties"]
    assert schema["title_en"]["maxLength"] == limit
    assert Body._meta.get_field("key").max_length == schema["body"]["anyOf"][0]["maxLength"]
