"""Settings from the environment: safe defaults, and clear errors that say what to set."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from accord import config

SOURCE_DIR = Path(config.__file__).resolve().parents[1]


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


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("2", 2), (" 4 ", 4), ("16", 16)])
def test_the_monitoring_readers(value, expected):
    assert config.monitoring_readers({"ACCORD_MONITORING_READERS": value}) == expected


def test_the_monitoring_readers_default_to_the_cores_at_most_two():
    assert config.monitoring_readers({}) == max(1, min(2, os.cpu_count() or 1))


@pytest.mark.parametrize("value", ["0", "17", "two", "-1", "1.5"])
def test_a_malformed_number_of_readers_is_an_error(value):
    with pytest.raises(config.ConfigurationError, match="ACCORD_MONITORING_READERS"):
        config.monitoring_readers({"ACCORD_MONITORING_READERS": value})


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


def test_production_refuses_debug():
    with pytest.raises(config.ConfigurationError, match="ACCORD_DEBUG is refused in production mode"):
        config.debug({"ACCORD_MODE": "production", "ACCORD_DEBUG": "yes"})
    assert config.debug({"ACCORD_MODE": "production", "ACCORD_DEBUG": "0"}) is False
    assert config.debug({"ACCORD_DEBUG": "1"}) is True, "embedded mode may debug"


@pytest.mark.parametrize(("value", "expected"), [("", 0), ("0", 0), (" 1 ", 1), ("2", 2)])
def test_the_proxy_count(value, expected):
    assert config.proxy_count({"ACCORD_PROXY_COUNT": value}) == expected


def test_no_proxy_unless_told():
    assert config.proxy_count({}) == 0


@pytest.mark.parametrize("value", ["yes", "-1", "1.0", "6", "²", "1 2"])
def test_a_malformed_proxy_count_is_an_error(value):
    with pytest.raises(config.ConfigurationError, match=r"ACCORD_PROXY_COUNT=.* is not understood") as caught:
        config.proxy_count({"ACCORD_PROXY_COUNT": value})
    assert "\n" not in str(caught.value)


def run_accord(tmp_path, *arguments: str, **variables: str) -> subprocess.CompletedProcess:
    """Run the accord command in a fresh process, with only the given ACCORD_* variables set."""
    environ = {name: value for name, value in os.environ.items() if not name.startswith("ACCORD_")}
    environ.update(ACCORD_DATA_DIR=str(tmp_path), PYTHONPATH=str(SOURCE_DIR), **variables)
    return subprocess.run(
        [sys.executable, "-m", "accord.cli", *arguments],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "ACCORD_MODE": "production",
    "ACCORD_SECRET_KEY": "k" * 20 + "-production-test-key-0123456789",
    "ACCORD_AUDIT_KEY": "a" * 20 + "-production-audit-key-0123456789",
    "ACCORD_ALLOWED_HOSTS": "accord.example.org",
}


@pytest.mark.parametrize("proxies", ["0", "1"])
def test_check_deploy_is_clean_in_production(tmp_path, proxies):
    result = run_accord(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", ACCORD_PROXY_COUNT=proxies, **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_production_with_debug_does_not_start(tmp_path):
    result = run_accord(tmp_path, "check", ACCORD_DEBUG="1", **PRODUCTION)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "accord: configuration error: ACCORD_DEBUG is refused in production mode: unset it "
        "(debug pages show the settings and the code to anyone who causes an error)"
    ]


@pytest.mark.parametrize(("proxies", "header"), [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")])
def test_the_proxy_header_is_believed_only_with_a_proxy(tmp_path, proxies, header):
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = run_accord(tmp_path, "shell", "-c", code, ACCORD_PROXY_COUNT=proxies, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == header


def test_the_data_folder_is_made_and_kept_the_owners_only(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert config.private_folder(folder) == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    fresh = config.private_folder(tmp_path / "fresh" / "data")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700


def test_the_sqlite_file_and_its_companions_are_the_owners_only(tmp_path):
    database = tmp_path / "accord.sqlite3"
    config.private_sqlite_file(database)
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    for companion in ("accord.sqlite3-wal", "accord.sqlite3-shm"):
        (tmp_path / companion).write_bytes(b"")
        (tmp_path / companion).chmod(0o644)
    database.chmod(0o644)
    config.private_sqlite_file(database)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in tmp_path.iterdir()}
    assert modes == {"accord.sqlite3": 0o600, "accord.sqlite3-wal": 0o600, "accord.sqlite3-shm": 0o600}


STARTED_ACCORD = """
import os, stat
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE probe (x)")
    cursor.execute("INSERT INTO probe VALUES (1)")
folder = os.environ["ACCORD_DATA_DIR"]
modes = {name: oct(stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)) for name in os.listdir(folder)}
modes["."] = oct(stat.S_IMODE(os.stat(folder).st_mode))
print(json.dumps(modes))
"""


def test_a_started_accord_keeps_its_data_folder_database_and_key_private(tmp_path):
    """With the usual umask (022), as a first start finds it: nothing is left readable by others."""
    from tests.core import hostile

    database = tmp_path / "accord-data" / "accord.sqlite3"  # where the helper puts the data folder
    modes = hostile.run_limited(STARTED_ACCORD, str(database), umask=0o022)
    modes.pop("static")  # collected public assets, behind the folder's own 0700
    assert modes == {
        ".": "0o700",
        "accord.sqlite3": "0o600",
        "accord.sqlite3-wal": "0o600",
        "accord.sqlite3-shm": "0o600",
        "secret_key": "0o600",
        "audit_key": "0o600",
        "mail": "0o700",  # messages written while no mail server is configured
    }
