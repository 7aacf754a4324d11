"""Deleting a recorded fact: an explicit act, by someone allowed to, with its reason recorded.

Nothing else deletes what people recorded (a data file's load only removes the rows the file wrote
itself, see :mod:`accord.core.sync`). The page, the CLI and the API all come here, so the rules are
the same everywhere:

- the reason is required: it goes into the change record and the object's history;
- the user must be allowed to change the record (the access policy's answer for ``delete``: the
  model's ``writer_roles``, the Secretariat, a liaison officer for their own state's records…);
- a row a data file owns is refused: the file would write it again at the next ``accord setup``,
  so the deletion would be a lie. Remove it from the file (its load then deletes it, recorded);
- a row that other rows depend on is refused, naming them: deleting it would delete or blank
  facts nobody asked to delete. Delete those first, each with its reason.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from accord.core.access import Action, is_audit_trail, is_restricted, may
from accord.core.audit import Actor, delete_with_record
from accord.core.errors import ServiceError
from accord.core.models import FileRow
from accord.core.sync import dependents

__all__ = ["DeletionError", "deletable_model", "delete_fact", "owning_files"]

MAX_REASON = 1000


class DeletionError(ServiceError):
    """A deletion refused because of what it was asked to delete, or without a reason."""


def deletable_model(label: str) -> type[models.Model]:
    """The kind of record named ``app.model`` (as in the history page's address), if it may be
    deleted at all: records read through the access policy, not the audit trail itself.
    """
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise DeletionError(_("no such kind of record: %(label)s") % {"label": label}, field="kind") from None
    if not is_restricted(model) or is_audit_trail(model):
        raise DeletionError(_("%(label)s records cannot be deleted") % {"label": label}, field="kind")
    return model


def owning_files(instance: models.Model) -> list[FileRow]:
    """The data files that wrote this row and still list it."""
    return list(FileRow.objects.filter(model=instance._meta.label_lower, object_id=str(instance.pk)))


def checked_reason(reason: str | None) -> str:
    """The reason, stripped; refused when empty or too long (it is kept for ever)."""
    text = (reason or "").strip()
    if not text:
        raise DeletionError(_("say why the record is deleted"), field="reason")
    if len(text) > MAX_REASON or "\x00" in text:
        raise DeletionError(
            _("at most %(count)s characters, no NUL characters") % {"count": MAX_REASON}, field="reason"
        )
    return text


def refuse_if_owned_by_a_file(instance: models.Model) -> None:
    """A file's row comes back with the next load: it is deleted by removing it from the file."""
    files = owning_files(instance)
    if files:
        names = ", ".join(sorted({row.path.rsplit("/", 1)[-1] or row.file for row in files}))
        raise DeletionError(
            _(
                "this %(kind)s comes from the data file %(files)s, which would load it again: "
                "remove it from the file and load the file (the load records the deletion)"
            )
            % {"kind": instance._meta.verbose_name, "files": names}
        )


def refuse_if_others_depend(instance: models.Model) -> None:
    """Deleting a row others refer to would delete or blank them too, unasked."""
    found = dependents(instance)
    if found:
        kinds = ", ".join(sorted({str(item._meta.verbose_name) for item in found}))
        raise DeletionError(
            _("%(count)s other record(s) (%(kinds)s) refer to this %(kind)s: delete or change them first")
            % {"count": len(found), "kinds": kinds, "kind": instance._meta.verbose_name}
        )


def delete_fact(actor: Actor, instance: models.Model, reason: str | None) -> None:
    """Delete one recorded fact for ``actor``, with ``reason`` in the change record.

    Raises :class:`PermissionDenied` when the actor may not change the record, and
    :class:`DeletionError` (a :class:`ServiceError`) when the reason is missing, a data file owns
    the row, or other records depend on it.
    """
    text = checked_reason(reason)
    model = type(instance)
    if not is_restricted(model) or is_audit_trail(model):
        raise DeletionError(
            _("%(label)s records cannot be deleted") % {"label": model._meta.label_lower}, field="kind"
        )
    if not may(actor.access_user, instance, Action.DELETE):
        raise PermissionDenied(
            _("your role does not allow deleting this %(kind)s") % {"kind": model._meta.verbose_name}
        )
    with transaction.atomic():
        refuse_if_owned_by_a_file(instance)
        refuse_if_others_depend(instance)
        delete_with_record(instance, actor=actor, reason=text)
