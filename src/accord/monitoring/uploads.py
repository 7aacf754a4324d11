"""Files given by hand (uploaded on a source's page, named at the command line), one item each.

An uploaded file is first stored in the data folder (never under the web root) and taken in by a
worker; a file over the item limit is not stored at all: its item says so, and the others go on.
A file is known by its name and the digest of its bytes, so the same file given twice is taken once.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from accord.core.uploads import is_program
from accord.monitoring.fetching import CONTENT_TYPES, Refused
from accord.monitoring.intake import Delivery

NAME_MAX = 200


def uploads_dir() -> Path:
    """Where uploaded texts wait for the worker: in the data folder, the owner's only."""
    return Path(settings.DATA_DIR) / "monitoring-uploads"


def upload_id(name: str, data: bytes) -> str:
    """A file's id among a source's uploads: its name and the digest of its bytes."""
    return f"{name}|sha256:{hashlib.sha256(data).hexdigest()}"


def safe_name(name: str) -> str:
    """The file's own name, without any folder a browser may send."""
    return (Path(str(name).replace("\\", "/")).name or "file")[:NAME_MAX]


def refused_file(name: str, size: int, code: str, message: str) -> Refused:
    """A file refused before its text was read, stored as a failed item with its error."""
    return Refused(Delivery(external_id=f"{name}|size:{size}", data=b"", name=name), code, message, size)


def too_large(name: str, size: int) -> Refused:
    from accord.monitoring.text import errors, limits

    refusal = errors.too_large(size, limits.MAX_ITEM_BYTES, _("file"))
    return refused_file(name, size, refusal.code, str(refusal))


def delivery_of_bytes(name: str, data: bytes) -> Delivery:
    """A file's bytes as a delivery."""
    content_type = CONTENT_TYPES.get(Path(name).suffix.lower(), "")
    return Delivery(external_id=upload_id(name, data), data=data, name=name, content_type=content_type)


def store_uploads(files: list[UploadedFile]) -> tuple[str, list[dict[str, Any]]]:
    """Store the uploaded files for the worker: their folder and, per file, its name, size and path
    (no path for a file over the limit or a program: the worker stores it failed with the reason)."""
    from accord.monitoring.text import limits

    folder = uploads_dir() / secrets.token_hex(8)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    described = []
    for number, upload in enumerate(files):
        name, size = safe_name(upload.name or ""), int(upload.size or 0)
        entry: dict[str, Any] = {"name": name, "size": size, "path": ""}
        if size <= limits.MAX_ITEM_BYTES and not is_program(upload):
            path = folder / f"{number:04d}"
            with open(path, "wb") as stored:
                for chunk in upload.chunks():
                    stored.write(chunk)
            entry["path"] = str(path)
        elif size <= limits.MAX_ITEM_BYTES:
            entry["program"] = True
        described.append(entry)
    return str(folder), described


def stored_deliveries(files: list[dict[str, Any]]) -> list[Delivery | Refused]:
    """The stored uploads as deliveries (read back at most the limit), in the order given."""
    from accord.monitoring.text import limits

    deliveries: list[Delivery | Refused] = []
    for entry in files:
        name, size = str(entry.get("name") or "file"), int(entry.get("size") or 0)
        path = Path(str(entry.get("path") or ""))
        if entry.get("program"):
            message = _("Programs and scripts are not accepted as texts.")
            deliveries.append(refused_file(name, size, "unsupported-type", message))
        elif not entry.get("path") or size > limits.MAX_ITEM_BYTES:
            deliveries.append(too_large(name, size))
        elif not path.resolve().is_relative_to(uploads_dir().resolve()) or not path.is_file():
            deliveries.append(refused_file(name, size, "empty", _("The uploaded file is no longer there.")))
        else:
            deliveries.append(delivery_of_bytes(name, read_limited(path, limits.MAX_ITEM_BYTES)))
    return deliveries


def read_limited(path: Path, limit: int) -> bytes:
    with open(path, "rb") as stream:
        return stream.read(limit + 1)


def files_given(paths: list[str]) -> list[Delivery | Refused]:
    """Files named at the command line, each read at most to the limit."""
    from accord.monitoring.text import limits

    deliveries: list[Delivery | Refused] = []
    for given in paths:
        path = Path(given)
        name = safe_name(path.name)
        size = path.stat().st_size
        if size > limits.MAX_ITEM_BYTES:
            deliveries.append(too_large(name, size))
        else:
            deliveries.append(delivery_of_bytes(name, read_limited(path, limits.MAX_ITEM_BYTES)))
    return deliveries


def remove_folder(folder: str) -> None:
    """The uploads' folder goes once they are taken in (only ever one inside the uploads folder)."""
    path = Path(folder).resolve()
    if path.parent == uploads_dir().resolve():
        shutil.rmtree(path, ignore_errors=True)
