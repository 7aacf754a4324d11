"""The monitoring folders: where they are configured, and what lies inside them."""

from __future__ import annotations

import os
from pathlib import Path

from accord import config
from accord.monitoring import watched


def test_the_folders_come_from_the_environment_or_default_to_the_data_folder(tmp_path):
    data = tmp_path / "data"
    assert config.monitoring_folders(data, {}) == [data / "monitoring"]
    named = {"ACCORD_MONITORING_FOLDERS": f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b' / '..' / 'c'}"}
    assert config.monitoring_folders(data, named) == [tmp_path / "a", tmp_path / "c"]


def test_only_what_lies_inside_after_resolving_is_inside(settings, tmp_path):
    root = tmp_path / "root"
    (root / "in").mkdir(parents=True)
    (tmp_path / "out").mkdir()
    settings.MONITORING_FOLDERS = [root]
    assert watched.inside_roots(root / "in") == (root / "in").resolve()
    assert watched.inside_roots(root / "in" / ".." / ".." / "out") is None
    assert watched.inside_roots("in") is None
    (root / "link").symlink_to(tmp_path / "out", target_is_directory=True)
    assert watched.inside_roots(root / "link") is None
    assert watched.file_path_of("file:///srv/feed%20one.xml") == "/srv/feed one.xml"
    assert watched.file_path_of("https://example.org/feed") is None
    assert watched.file_path_of("file://elsewhere/feed.xml") is None
    assert Path(watched.roots()[0]) == root.resolve()
