"""The forces data files of an organization (``data/<org>/forces/*.yaml``) and what loads each.

Each subject of the app ships its own file — formations, trainings, operations, cooperation, the
training of personnel — and registers its loader here under the file's name, in the order they must
load (trainings name formations, so formations come first). Every loader checks its whole file before
writing (a refused file writes nothing, with file, line and field) and writes through the shared sync
(:mod:`accord.core.sync`), so a reload never takes away what users recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accord.charter.loader import SHIPPED_CHARTERS_DIR, CharterFileError
from accord.core.audit import Actor
from accord.core.conflicts import FileWins, SyncReport
from accord.core.ingest import FileProblem
from accord.forces.formations_file import load_formations
from accord.forces.registry.files import load_contributions, load_cooperation, load_personnel
from accord.forces.trainings.datafile import load_trainings

ForcesFileError = CharterFileError
Loader = Callable[..., SyncReport]  # (path, *, actor, file_wins) -> SyncReport


@dataclass(frozen=True)
class ForcesFile:
    """One kind of forces data file: its name in an organization's folder, and its loader."""

    name: str
    load: Loader


def load_operations_file(path: Path, **options) -> SyncReport:
    """The joint operations file (imported when loading: its models need the app registry)."""
    from accord.forces.operations.loader import load_operations

    return load_operations(path, **options)


# In loading order. Each subject adds its file here.
FILES: list[ForcesFile] = [
    ForcesFile("formations.yaml", load_formations),
    ForcesFile("contributions.yaml", load_contributions),
    ForcesFile("cooperation.yaml", load_cooperation),
    ForcesFile("personnel.yaml", load_personnel),
    ForcesFile("trainings.yaml", load_trainings),
    ForcesFile("operations.yaml", load_operations_file),
]


def forces_directory(organization: str) -> Path:
    """Where a shipped organization keeps its forces files."""
    return SHIPPED_CHARTERS_DIR / organization / "forces"


def loader_for(path: Path) -> ForcesFile:
    """The registered kind of file a path is, by its name (``trainings.yaml``, or ``trainings-*.yaml``
    for an organization's own additional files)."""
    for kind in FILES:
        stem = kind.name.removesuffix(".yaml")
        if path.name == kind.name or path.name.startswith(stem + "-"):
            return kind
    known = ", ".join(kind.name for kind in FILES) or "-"
    raise ForcesFileError(
        [FileProblem(str(path), 0, "", f"not a forces data file; the known files are: {known}")]
    )


def files_to_load(name_or_path: str) -> list[tuple[Path, ForcesFile]]:
    """The files ``accord load-forces`` loads: a shipped organization's files in order, every known
    file of a folder in order, or one file."""
    shipped = forces_directory(name_or_path)
    if "/" not in name_or_path and not name_or_path.endswith((".yaml", ".yml")) and shipped.is_dir():
        folder = shipped
    else:
        folder = Path(name_or_path)
    if folder.is_dir():
        return [(folder / kind.name, kind) for kind in FILES if (folder / kind.name).exists()]
    path = Path(name_or_path)
    return [(path, loader_for(path))]


def load_forces(
    name_or_path: str, *, actor: Actor, file_wins: FileWins | None = None
) -> list[tuple[Path, SyncReport]]:
    """Load every forces file named; each file is loaded whole or not at all."""
    return [
        (path, kind.load(path, actor=actor, file_wins=file_wins))
        for path, kind in files_to_load(name_or_path)
    ]
