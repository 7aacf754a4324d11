"""One validation layer: the limits a value must keep, whichever way it comes in.

The API's schemas, the pages' forms, the commands and the services all take their limits from
here, so that the same value is refused the same way everywhere: with a 422 naming the field in
the API, a form error on the page, ``field: reason`` and exit 2 at the command line. The services
check every record once more with :func:`check_record` before saving it, so that no path — nor one
added later — stores what a stricter database would refuse or what is plainly wrong.

Dates of the Organization's records lie between 1900-01-01 and 2100-12-31: everything Accord
keeps happened in the twentieth century or later (the UN of 1945, the conflict data from 1946,
the Treaty of 1992), a date outside that span is a typing error (``0001-01-01``, ``9999-12-31``),
and keeping well away from years 1 and 9999 means that no date arithmetic (a term's end, the day
after a session) can overflow. Dates of states' history (diplomatic relations) may go back to 1500.
"""

from __future__ import annotations

import copy
import datetime
import math
import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
EARLIEST_HISTORICAL_DATE = datetime.date(1500, 1, 1)
EARLIEST_YEAR, LATEST_YEAR = EARLIEST_DATE.year, LATEST_DATE.year
# Deaths, people or items counted in one event: far above any recorded event, far below a 32-bit column.
MAX_COUNT = 10_000_000
# A free text (a document's text, a note): a whole treaty fits; a request body cannot be a novel.
LONG_TEXT_MAX = 200_000
# A search: a few words, never a page of them (each word is one more scan of every text).
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 10
# Integer columns of 32 bits unless a field says otherwise (SQLite would take 64, PostgreSQL refuses them).
INTEGER_LIMIT = {
    "BigIntegerField": 2**63 - 1,
    "PositiveBigIntegerField": 2**63 - 1,
    "SmallIntegerField": 32767,
    "PositiveSmallIntegerField": 32767,
}
STATE_CODE = re.compile(r"[A-Z]{3}")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class InvalidValue(ValueError):
    """A value no record may hold; the message says what is expected, never repeating the value."""


# ---------------------------------------------------------------------------------------------
# Checks: each returns the value it accepts, or raises InvalidValue with the reason
# ---------------------------------------------------------------------------------------------


def text_problem(text: str) -> str | None:
    """Why a text cannot be stored (a NUL character, half of a UTF-16 pair), or None."""
    if "\x00" in text:
        return _("contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("contains a character that is not valid Unicode (a lone surrogate)")
    return None


def check_text(text: str) -> str:
    """A text every database stores as given: no NUL character, no lone surrogate."""
    problem = text_problem(text)
    if problem:
        raise InvalidValue(problem)
    return text


def check_day(day: datetime.date, earliest: datetime.date = EARLIEST_DATE) -> datetime.date:
    """A date within the span Accord keeps records for."""
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise InvalidValue(_("expected a date, YYYY-MM-DD"))
    if not earliest <= day <= LATEST_DATE:
        raise InvalidValue(
            _("expected a date between %(earliest)s and %(latest)s")
            % {"earliest": earliest.isoformat(), "latest": LATEST_DATE.isoformat()}
        )
    return day


def check_historical_day(day: datetime.date) -> datetime.date:
    """A date of a state's history (relations may be older than the Organization's records)."""
    return check_day(day, EARLIEST_HISTORICAL_DATE)


def parse_day(text: Any) -> datetime.date:
    """Exactly ``YYYY-MM-DD`` (a date, not a date and time, a number or a date followed by anything)."""
    if isinstance(text, datetime.date) and not isinstance(text, datetime.datetime):
        return check_day(text)
    if not isinstance(text, str) or not ISO_DAY.fullmatch(text):
        raise InvalidValue(_("expected YYYY-MM-DD, e.g. 2020-05-15"))
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(_("no such day in the calendar (expected YYYY-MM-DD, e.g. 2020-05-15)")) from None
    return check_day(day)


def check_year(year: int) -> int:
    """A year within the span Accord keeps records for (chairs are not projected past it)."""
    if isinstance(year, bool) or not isinstance(year, int) or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise InvalidValue(
            _("expected a year from %(earliest)s to %(latest)s, e.g. 2021")
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
        )
    return year


def check_coordinate(value: float, limit: int, what: str) -> float:
    """A finite number of degrees within ±``limit``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValue(_("expected a number of degrees"))
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise InvalidValue(
            _("%(what)s is a number of degrees between -%(limit)s and %(limit)s")
            % {"what": what, "limit": limit}
        )
    return float(value)


def check_latitude(value: float) -> float:
    """Degrees north (positive) or south (negative) of the equator."""
    return check_coordinate(value, 90, _("a latitude"))


def check_longitude(value: float) -> float:
    """Degrees east (positive) or west (negative) of Greenwich."""
    return check_coordinate(value, 180, _("a longitude"))


def check_count(value: int) -> int:
    """A whole number of people or things counted, from 0 to :data:`MAX_COUNT`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(_("expected a whole number"))
    if not 0 <= value <= MAX_COUNT:
        raise InvalidValue(_("expected a whole number from 0 to %(max)s") % {"max": MAX_COUNT})
    return value


def check_state_code(code: str) -> str:
    """An ISO 3166 alpha-3 code: three capital Latin letters."""
    if not isinstance(code, str) or not STATE_CODE.fullmatch(code):
        raise InvalidValue(_("expected an ISO 3166 alpha-3 code such as KAZ"))
    return code


def check_release_list(stored: str) -> str:
    """A stored release list, ``,ARM,KAZ,``: state codes between commas, or nothing."""
    if stored and not (
        stored.startswith(",")
        and stored.endswith(",")
        and all(map(STATE_CODE.fullmatch, stored[1:-1].split(",")))
    ):
        raise InvalidValue(_("expected ISO 3166 alpha-3 codes separated by commas, e.g. ARM, KAZ"))
    return stored


def search_terms(query: str) -> list[str]:
    """The words of a search, refused when there are too many to answer quickly."""
    check_text(query)
    if len(query) > SEARCH_MAX_LENGTH:
        raise InvalidValue(_("a search has at most %(max)s characters") % {"max": SEARCH_MAX_LENGTH})
    terms = query.split()
    if len(terms) > SEARCH_MAX_TERMS:
        raise InvalidValue(_("a search has at most %(max)s words") % {"max": SEARCH_MAX_TERMS})
    return terms


def check_search(query: str) -> str:
    """A search the database can answer fast (see :func:`search_terms`)."""
    search_terms(query)
    return query


# ---------------------------------------------------------------------------------------------
# Django validators (model fields and form fields): the same checks, as ValidationError
# ---------------------------------------------------------------------------------------------


def as_validation_error(check: Callable[[Any], Any], value: Any) -> None:
    """Run a check, turning its refusal into the ValidationError Django's forms and models show."""
    try:
        check(value)
    except InvalidValue as refusal:
        raise ValidationError(str(refusal), code="outside_limits") from None


def validate_day(value: datetime.date) -> None:
    """Model and form validator: see :func:`check_day`."""
    as_validation_error(check_day, value)


def day_field(label: Any, *, required: bool = False) -> forms.DateField:
    """A form's date input, held to the dates Accord keeps like every other channel."""
    return forms.DateField(
        label=label,
        required=required,
        validators=[validate_day],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def validate_historical_day(value: datetime.date) -> None:
    """Model and form validator: see :func:`check_historical_day`."""
    as_validation_error(check_historical_day, value)


def validate_year(value: int) -> None:
    """Model and form validator: see :func:`check_year`."""
    as_validation_error(check_year, value)


def validate_latitude(value: float) -> None:
    """Model and form validator: see :func:`check_latitude`."""
    as_validation_error(check_latitude, value)


def validate_longitude(value: float) -> None:
    """Model and form validator: see :func:`check_longitude`."""
    as_validation_error(check_longitude, value)


def validate_count(value: int) -> None:
    """Model and form validator: see :func:`check_count`."""
    as_validation_error(check_count, value)


def validate_release_list(value: str) -> None:
    """Model validator: see :func:`check_release_list`."""
    as_validation_error(check_release_list, value)


def validate_search(value: str) -> None:
    """Form validator: see :func:`search_terms`."""
    as_validation_error(check_search, value)


# ---------------------------------------------------------------------------------------------
# Constrained types for the API's schemas (pydantic): the same checks, as a 422 naming the field
# ---------------------------------------------------------------------------------------------


def bounded_text(max_length: int) -> Any:
    """A text of at most ``max_length`` characters that every database stores as given."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(check_text)]


def model_text(model: type[models.Model], name: str) -> Any:
    """A text as long as the model's field allows (free texts: :data:`LONG_TEXT_MAX`)."""
    return bounded_text(model._meta.get_field(name).max_length or LONG_TEXT_MAX)


Day = Annotated[datetime.date, BeforeValidator(parse_day)]
Year = Annotated[int, Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
StateCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$", to_upper=True)]
SearchQuery = Annotated[str, StringConstraints(max_length=SEARCH_MAX_LENGTH), AfterValidator(check_search)]


# ---------------------------------------------------------------------------------------------
# Records: the services' last check before saving
# ---------------------------------------------------------------------------------------------


def json_problem(value: Any) -> str | None:
    """Why a JSON value cannot be stored (a bad text or a number that is not finite), or None."""
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, float) and not math.isfinite(value):
        return _("contains a number that is not finite")
    if isinstance(value, dict):
        return next(filter(None, map(json_problem, [*value.keys(), *value.values()])), None)
    if isinstance(value, list | tuple):
        return next(filter(None, map(json_problem, value)), None)
    return None


def field_problem(field: models.Field, value: Any) -> str | None:
    """What no field of any record may hold, whatever its own validators say."""
    if value is None:
        return None
    if isinstance(value, str) or isinstance(field, models.JSONField):
        return json_problem(value)
    if isinstance(value, float) and not math.isfinite(value):
        return _("expected a finite number")
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and abs(value) > INTEGER_LIMIT.get(field.get_internal_type(), 2**31 - 1)
    ):
        return _("the number is too large")
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        try:
            check_day(value, EARLIEST_HISTORICAL_DATE)
        except InvalidValue as refusal:
            return str(refusal)
    return None


def record_problems(instance: models.Model) -> Iterable[tuple[str, str]]:
    """Each field of a record that cannot be stored, with the reason: its own validators, then the rest."""
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as invalid:
        yield from ((name, messages[0]) for name, messages in invalid.message_dict.items())
    for field in instance._meta.concrete_fields:
        problem = field_problem(field, getattr(instance, field.attname))
        if problem:
            yield field.name, problem


def check_record(instance: models.Model, error: type[Exception] = InvalidValue) -> None:
    """Refuse a record about to be saved that holds a value its fields do not allow.

    Run by the services before every save, so that the API, the pages and the CLI refuse the same
    things even when a schema or a form forgot a limit; ``error`` is the service's own error class,
    raised with ``field: reason``.
    """
    for name, reason in record_problems(instance):
        raise error(f"{name}: {reason}")


def check_fields(instance: models.Model, fields: dict[str, Any], error: type[Exception]) -> dict[str, Any]:
    """Check ``instance`` as it would be with ``fields`` set, leaving it untouched; returns ``fields``.

    The services hand the fields to ``save_with_record``, which needs the instance unchanged to
    record the values before the change.
    """
    candidate = copy.copy(instance)
    candidate._state = copy.copy(instance._state)
    for name, value in fields.items():
        setattr(candidate, name, value)
    check_record(candidate, error)
    return fields


def require_within_reach(user: Any, instance: models.Model) -> None:
    """Refuse a saved record its writer could not read: no one writes above what they may see.

    Run inside the transaction that saved it, so that a refusal undoes the write: a CONFIDENTIAL
    officer cannot create a SECRET document, nor a liaison officer one released to other states.
    """
    if not type(instance).objects.filter(pk=instance.pk).restrict(user, "view").exists():
        labels = ", ".join(
            str(label)
            for label in (
                instance.get_classification_display(),
                instance.get_releasability_display(),
                getattr(instance, "release_to", "").strip(","),
            )
            if label
        )
        raise PermissionDenied(
            _(
                "classification: you may not write a %(kind)s labelled %(labels)s, as you could not read "
                "it yourself (one writes only what one's clearance and one's state's status let one read)"
            )
            % {"kind": instance._meta.verbose_name, "labels": labels}
        )
