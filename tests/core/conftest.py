"""One real Accord data folder (SQLite file, set up as a user sets it up) for the tests that hold its lock."""

from __future__ import annotations

import pytest

from tests.core.live import PASSWORD, AccordData, accord_environment, run_accord, set_up


@pytest.fixture(scope="session")
def accord_data(tmp_path_factory) -> AccordData:
    """Set up once per run: an officer (SECRET clearance, second factor) and a visitor (reader)."""
    data_dir = tmp_path_factory.mktemp("accord-data")
    environment = accord_environment(data_dir)
    set_up(environment)
    for name, role in (("officer", "secretariat-officer"), ("visitor", "reader")):
        done = run_accord(
            environment,
            "createuser",
            name,
            "--role",
            role,
            "--body",
            "secretariat",
            "--clearance",
            "secret",
            "--password",
            PASSWORD,
        )
        assert done.returncode == 0, done.stderr
    return AccordData(data_dir, environment)
