"""The forces data files: found by name in an organization's folder, each by its registered loader;
a file that is not a forces file is refused with its name, and nothing is written."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.forces.loaders import FILES, ForcesFileError, files_to_load, forces_directory


def test_the_shipped_files_load_in_the_registered_order():
    found = files_to_load("csto")
    assert [kind.name for _path, kind in found] == [
        kind.name for kind in FILES if (forces_directory("csto") / kind.name).exists()
    ]
    assert all(path.parent == forces_directory("csto") for path, _kind in found)


def test_a_file_that_is_not_a_forces_file_is_refused(tmp_path):
    stray = tmp_path / "budget.yaml"
    stray.write_text("items: []\n", encoding="utf-8")
    with pytest.raises(ForcesFileError) as refused:
        files_to_load(str(stray))
    assert refused.value.problems[0].file == str(stray)
    assert "not a forces data file" in refused.value.problems[0].message


@pytest.mark.django_db
def test_the_command_refuses_a_stray_file_with_exit_2(tmp_path):
    stray = tmp_path / "budget.yaml"
    stray.write_text("items: []\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("load_forces", str(stray))
    assert refused.value.returncode == 2 and "budget.yaml" in str(refused.value)
