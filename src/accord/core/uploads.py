"""Checking an uploaded file before it is stored: its size and whether it is a program.

Uploaded files are the signed texts of decisions and reports: documents, never programs. A file
above the configured size (``ACCORD_MAX_UPLOAD_BYTES``) is refused with a message that says the
limit, and a program or script (by its first bytes or its name) is refused outright; downloads are
always served as attachments (see ``decisions.views.document_file``), never shown in the browser.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes of Windows, Linux and macOS programs, Java archives' class files, and scripts.
PROGRAM_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
PROGRAM_SUFFIXES = frozenset(
    [
        ".apk",
        ".app",
        ".bat",
        ".cmd",
        ".com",
        ".cpl",
        ".dll",
        ".exe",
        ".hta",
        ".jar",
        ".js",
        ".jse",
        ".lnk",
        ".msi",
        ".msp",
        ".pif",
        ".ps1",
        ".reg",
        ".scr",
        ".sh",
        ".vb",
        ".vbe",
        ".vbs",
        ".wsf",
        ".wsh",
    ]
)


def max_upload_bytes() -> int:
    return int(getattr(settings, "ACCORD_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def check_upload(upload: object) -> None:
    """Refuse a newly uploaded file that is too large or a program; a file already stored passes."""
    if not isinstance(upload, UploadedFile):
        return
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; a file may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if is_program(upload):
        raise ValidationError(_("Programs and scripts are not accepted as document files."), code="program")


def is_program(upload: UploadedFile) -> bool:
    """Whether the file is a program or a script, by its name or its first bytes."""
    if PurePath(upload.name or "").suffix.lower() in PROGRAM_SUFFIXES:
        return True
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return head.startswith(PROGRAM_SIGNATURES)
