"""Settings from the environment: safe defaults, and clear errors that say what to set."""

from __future__ import annotations

import stat

import pytest

from accord import config


def test_defaults_are_embedded_sqlite_and_debug_off(tmp_path):
    environ = {"ACCORD_DATA_DIR": str(tmp_path)}
    assert config.mode(environ) == "embedded"
    assert config.env_flag("ACCORD_DEBUG", environ) is False
    assert config.database_url(environ) == f"sqlite:///{tmp_path / 'accord.sqlite3'}"


def test_embedded_secret_key_is_generated_once_and_private(tmp_path):
    environ = {"ACCORD_DATA_DIR": str(tmp_path)}
    first = config.secret_key(environ)
    assert len(first) >= 50
    assert config.secret_key(environ) == first
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(config.ConfigurationError, match="ACCORD_SECRET_KEY is required in production mode"):
        config.secret_key({"ACCORD_MODE": "production", "ACCORD_DATA_DIR": str(tmp_path)})
    assert not (tmp_path / "secret_key").exists()


def test_a_short_secret_key_is_refused():
    with pytest.raises(config.ConfigurationError, match="too short"):
        config.secret_key({"ACCORD_SECRET_KEY": "abc"})


@pytest.mark.parametrize("value", ["maybe", "2", "enable"])
def test_a_misspelt_flag_is_an_error(value):
    with pytest.raises(config.ConfigurationError, match=f"ACCORD_DEBUG={value!r} is not understood"):
        config.env_flag("ACCORD_DEBUG", {"ACCORD_DEBUG": value})


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)])
def test_flags(value, expected):
    assert config.env_flag("ACCORD_DEBUG", {"ACCORD_DEBUG": value}) is expected


def test_an_unsupported_database_is_an_error():
    with pytest.raises(config.ConfigurationError, match="ACCORD_DATABASE_URL has scheme 'mysql'"):
        config.database_url({"ACCORD_DATABASE_URL": "mysql://x@y/z"})


def test_a_postgres_url_is_taken_as_given():
    url = "postgresql://accord@127.0.0.1:5432/accord"
    assert config.database_url({"ACCORD_DATABASE_URL": url}) == url


def test_an_unknown_mode_is_an_error():
    with pytest.raises(config.ConfigurationError, match="ACCORD_MODE='testing' is not understood"):
        config.mode({"ACCORD_MODE": "testing"})
