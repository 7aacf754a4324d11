"""Uploading a file to import on ``/crisis/``: the form, and where the file waits for its worker."""

from __future__ import annotations

import secrets
from pathlib import Path, PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from accord.config import private_folder
from accord.core.uploads import check_upload
from accord.crisis import job_steps
from accord.crisis.jobs import uploads_dir

KIND_CHOICES = [
    ("ucdp-ged", _("UCDP GED events (CSV)")),
    ("mapped", _("Events through a mapping (CSV or JSON)")),
    ("jhu-covid", _("JHU CSSE COVID-19 daily series (CSV)")),
]
SUFFIXES = {"ucdp-ged": (".csv",), "mapped": (".csv", ".json"), "jhu-covid": (".csv",)}


class ImportFileForm(forms.Form):
    """A data file and what it is; checked here, imported by a worker."""

    kind = forms.ChoiceField(label=_("File"), choices=KIND_CHOICES)
    mapping = forms.ChoiceField(
        label=_("Mapping"), required=False, help_text=_("for events through a mapping")
    )
    keep_good = forms.BooleanField(
        label=_("Import the good rows and list the bad ones"),
        required=False,
        help_text=_("otherwise a file with a bad row is refused whole"),
    )
    file = forms.FileField(label=_("Data file"), validators=[check_upload])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mapping"].choices = [("", "—"), *((name, name) for name in job_steps.mapping_names())]

    def clean(self) -> dict:
        data = super().clean()
        kind, upload = data.get("kind"), data.get("file")
        if kind == "mapped" and not data.get("mapping"):
            self.add_error("mapping", _("Choose the mapping that reads this file."))
        if kind and isinstance(upload, UploadedFile):
            suffix = PurePath(upload.name or "").suffix.lower()
            if suffix not in SUFFIXES[kind]:
                self.add_error(
                    "file",
                    _("This kind of file is read from %(suffixes)s files, not %(suffix)s.")
                    % {
                        "suffixes": ", ".join(SUFFIXES[kind]),
                        "suffix": suffix or _("a file without a suffix"),
                    },
                )
        return data


def store_upload(upload: UploadedFile, kind: str) -> Path:
    """Keep the uploaded file in a folder of its own under the data folder (owner only), under a
    name of ours: the name the user gave it is kept on the run, never used as a path."""
    folder = private_folder(uploads_dir() / secrets.token_hex(16))
    stored = folder / f"upload{PurePath(upload.name or '').suffix.lower()}"
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    stored.chmod(0o600)
    return stored
