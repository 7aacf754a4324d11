"""One base for every service error: each app's refusal is a ServiceError that names its field."""

from __future__ import annotations

import pytest

from accord.accounts.four_eyes import AccessChangeRefused
from accord.accounts.services import AccountError
from accord.charter.services import CharterError
from accord.core.errors import ServiceError
from accord.crisis.services import AlertError, ReportError
from accord.crisis.sitrep import SitrepError
from accord.decisions.services import DocumentError, SessionError


@pytest.mark.parametrize(
    "error",
    [
        CharterError,
        DocumentError,
        SessionError,
        AlertError,
        ReportError,
        SitrepError,
        AccountError,
        AccessChangeRefused,
    ],
)
def test_every_service_error_is_a_service_error(error):
    assert issubclass(error, ServiceError)
    assert issubclass(
        error, ValueError
    )  # what most of them were: a caller's ``except ValueError`` still holds


def test_the_field_comes_first_in_the_message():
    error = DocumentError("no state has the code XYZ", field="release_to")
    assert str(error) == "release_to: no state has the code XYZ"
    assert (error.field, error.reason, error.loc) == (
        "release_to",
        "no state has the code XYZ",
        ["release_to"],
    )


def test_a_message_without_a_field_is_kept_as_written():
    error = CharterError("a state has no diplomatic relations with itself")
    assert str(error) == "a state has no diplomatic relations with itself"
    assert (error.field, error.loc) == (None, [])
    assert ServiceError("x", field="positions.KAZ").loc == ["positions", "KAZ"]
