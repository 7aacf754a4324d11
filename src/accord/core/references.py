"""Links from one record to another, shown only as far as the reader may see the target.

A record a user may see can point at one they may not: a PUBLIC session whose agenda item was decided
by a SECRET document, a PUBLIC document adopted at a SECRET session. Pages, the API, exports, reports,
feeds and history render every such link through this module, so the rule lives in one place: the
target's title, id and address come out only when ``restrict(user, "view")`` admits the target;
otherwise the reader learns "a record you may not see" and nothing more — no title, no id, no address.

A list costs one query per target model, however many rows point at it: :class:`References` checks
the targets of a whole page at once and remembers the answers for the rest of the request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from accord.core.access import Action

HIDDEN_TEXT = _("a record you may not see")
TITLE_JOIN_DEPTH = 2


@dataclass(frozen=True)
class Reference:
    """What a reader may learn of a link's target: its title, id and address, or only that it exists.

    ``record`` is the visible target itself, for templates that need more than the title; it is
    never set for a hidden target, whose row is not even read.
    """

    visible: bool
    id: Any = None
    title: str = ""
    url: str = ""
    record: models.Model | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.title if self.visible else str(HIDDEN_TEXT)

    def as_api(self) -> dict[str, Any]:
        """The reference as the API and JSON exports give it (see :data:`ReferenceField`)."""
        if self.visible:
            return {"id": self.id, "title": self.title, "url": self.url}
        return {"hidden": True}


HIDDEN = Reference(visible=False)


class VisibleReferenceSchema(Schema):
    """A link the caller may follow: the target's id, title in the request's language, and page."""

    id: int | str
    title: str
    url: str


class HiddenReferenceSchema(Schema):
    """A link to a record the caller may not see: that it exists, and nothing else about it."""

    hidden: Literal[True]


# The one type every API schema uses for a link to another record; null when there is no link.
ReferenceField = VisibleReferenceSchema | HiddenReferenceSchema | None


def api_value(reference: Reference | None) -> dict[str, Any] | None:
    """A reference as an API or JSON value: the target, ``{"hidden": true}``, or null."""
    return reference.as_api() if reference is not None else None


def title_joins(model: type[models.Model], depth: int = TITLE_JOIN_DEPTH, prefix: str = "") -> list[str]:
    """The required relations a record's title and address usually read (a session's body …).

    Joined when the visible targets are loaded, so that titling a list of them costs no query per row.
    """
    paths: list[str] = []
    for model_field in model._meta.concrete_fields:
        if not (model_field.many_to_one or model_field.one_to_one) or model_field.null:
            continue
        if model_field.related_model is model:
            continue
        path = f"{prefix}{model_field.name}"
        paths.append(path)
        if depth > 1:
            paths += title_joins(model_field.related_model, depth - 1, f"{path}__")
    return paths


def record_title(record: models.Model) -> str:
    """A record's title in the active language, or its name when it has no title."""
    title = getattr(record, "title", None)
    return str(title) if title else str(record)


def record_url(record: models.Model) -> str:
    """The page that shows a record: its own detail page, else the page of the record it belongs to."""
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    options = record._meta
    try:
        return reverse(f"{options.app_label}:{options.model_name}-detail", kwargs={"pk": record.pk})
    except NoReverseMatch:
        pass
    parent_path = getattr(type(record), "access_through", "")
    if parent_path:
        parent = getattr(record, parent_path.split("__")[0], None)
        return record_url(parent) if parent is not None else ""
    return ""


def visible_reference(record: models.Model) -> Reference:
    """The reference to a record the reader may see."""
    return Reference(True, record.pk, record_title(record), record_url(record), record)


class References:
    """The links one reader may follow, checked a target model at a time and remembered.

    Build one per request (:func:`references_for_request` does) or per export, hand it every list of
    sources with :meth:`from_each`, and render the answers; a target is never checked twice.
    """

    def __init__(self, user: Any) -> None:
        self.user = user
        self._known: dict[tuple[type[models.Model], str], dict[Any, Reference]] = {}

    def load(self, model: type[models.Model], keys: Iterable[Any], key_field: str = "pk") -> None:
        """Check every not yet known target in one query; what the reader may not see is hidden."""
        known = self._known.setdefault((model, key_field), {})
        missing = {key for key in (clean_key(model, key_field, key) for key in keys) if key is not None}
        missing -= known.keys()
        if not missing:
            return
        manager = model._default_manager
        if not hasattr(manager, "restrict"):
            # A model with no access policy shows nothing through a reference: fail closed.
            known.update(dict.fromkeys(missing, HIDDEN))
            return
        visible = (
            manager.all()
            .restrict(self.user, Action.VIEW)
            .filter(**{f"{key_field}__in": missing})
            .select_related(*title_joins(model))
        )
        for record in visible:
            known[clean_key(model, key_field, getattr(record, key_field))] = visible_reference(record)
        for key in missing - known.keys():
            known[key] = HIDDEN

    def to(self, model: type[models.Model], key: Any, key_field: str = "pk") -> Reference | None:
        """The reference to one target by its id; None when there is no target."""
        cleaned = clean_key(model, key_field, key)
        if key is None:
            return None
        if cleaned is None:
            return HIDDEN
        self.load(model, [cleaned], key_field)
        return self._known[(model, key_field)][cleaned]

    def to_record(self, target: models.Model | None) -> Reference | None:
        """The reference to a record already in hand (still checked: holding it proves nothing)."""
        return None if target is None else self.to(type(target), target.pk)

    def from_record(self, source: models.Model, field_name: str) -> Reference | None:
        """The reference in one field of one record."""
        return self.from_each([source], field_name)[0]

    def from_each(self, sources: Sequence[models.Model], field_name: str) -> list[Reference | None]:
        """The reference in ``field_name`` of every source, in order; one query for all of them.

        Reads the stored key only (``decision_id``), so a hidden target's row is never loaded.
        """
        if not sources:
            return []
        link = type(sources[0])._meta.get_field(field_name)
        model, key_field = link.related_model, link.target_field.attname
        keys = [getattr(source, link.attname) for source in sources]
        self.load(model, keys, key_field)
        return [self.to(model, key, key_field) for key in keys]


def clean_key(model: type[models.Model], key_field: str, key: Any) -> Any:
    """A key as the database gives it back (``"12"`` from a stored snapshot is 12); None if malformed."""
    if key is None:
        return None
    target_field = model._meta.pk if key_field == "pk" else model._meta.get_field(key_field)
    try:
        return target_field.to_python(key)
    except (ValidationError, TypeError, ValueError):
        return None


def reference_to(user: Any, target: models.Model | None) -> Reference | None:
    """The reference to one record, for one reader."""
    return References(user).to_record(target)


def reference_by_id(user: Any, model: type[models.Model], pk: Any) -> Reference | None:
    """The reference to the ``model`` record with id ``pk``, for one reader."""
    return References(user).to(model, pk)


def references_from(user: Any, sources: Iterable[models.Model], field_name: str) -> list[Reference | None]:
    """The reference in ``field_name`` of each source, for one reader, in one query per target model."""
    return References(user).from_each(list(sources), field_name)


def references_for_request(request: Any) -> References:
    """The request's resolver, shared by the view and the template tags that render its page."""
    resolver = getattr(request, "_accord_references", None)
    if resolver is None or resolver.user is not request.user:
        resolver = References(request.user)
        request._accord_references = resolver
    return resolver


def reference_columns(model: type[models.Model]) -> dict[str, models.Field]:
    """The stored columns of ``model`` that point at another record, by column name (``session_id``),
    and its many-to-many fields by name (a change record keeps them as lists of ids: ``documents``)."""
    columns = {
        model_field.attname: model_field
        for model_field in model._meta.concrete_fields
        if model_field.many_to_one or model_field.one_to_one
    }
    columns.update({model_field.name: model_field for model_field in model._meta.many_to_many})
    return columns


def link_target(link: models.Field) -> tuple[type[models.Model], str]:
    """The model a link points at and the field of it the link stores (its id, for a many-to-many)."""
    if link.many_to_many:
        return link.related_model, "pk"
    return link.related_model, link.target_field.attname


def stored_keys(value: Any) -> list[Any]:
    """The ids a stored link value holds: one, or a list of them for a many-to-many field."""
    if isinstance(value, list | tuple):
        return [item for item in value if not isinstance(item, list | tuple | dict)]
    return [value]


def mask_changed_fields(
    user: Any, model: type[models.Model], changes: Sequence[Sequence[tuple[str, Any, Any]]]
) -> list[list[tuple[str, Any, Any]]]:
    """History rows with every stored link replaced by its :class:`Reference` for ``user``.

    A change record keeps links as ids (``decision_id: 12``); shown raw, a visible record's history
    would name a hidden record's id. ``changes`` holds, per change record, ``(column, before, after)``.
    """
    columns = reference_columns(model)
    resolver = References(user)
    for name, link in columns.items():
        values = [value for rows in changes for column, *pair in rows if column == name for value in pair]
        target, key_field = link_target(link)
        resolver.load(target, [key for value in values for key in stored_keys(value)], key_field)

    def shown(column: str, value: Any) -> Any:
        link = columns.get(column)
        if link is None or value is None:
            return value
        target, key_field = link_target(link)
        if isinstance(value, list | tuple | dict):
            # A many-to-many list: each target as the reader may see it, as one text.
            return "; ".join(str(resolver.to(target, key, key_field) or HIDDEN) for key in stored_keys(value))
        return resolver.to(target, value, key_field)

    return [
        [(column, shown(column, old), shown(column, new)) for column, old, new in rows] for rows in changes
    ]


def mask_snapshot(user: Any, model: type[models.Model] | None, stored: dict[str, Any] | None) -> Any:
    """One stored snapshot with every link shown as its :class:`Reference` text for ``user``.

    For pages that show a whole snapshot rather than the changed fields (the admin's change
    record): ``decision_id: 12`` becomes the target's title, or "a record you may not see".
    A kind of record this version of Accord no longer knows keeps no link that could be checked,
    so its link columns cannot be told apart: the snapshot is shown with every ``*_id`` hidden.
    """
    if not isinstance(stored, dict):
        return stored
    rows = [[(column, value, value) for column, value in stored.items()]]
    if model is None:
        return {column: str(HIDDEN) if column.endswith("_id") else value for column, value, _same in rows[0]}
    shown = mask_changed_fields(user, model, rows)[0]
    return {column: str(value) if isinstance(value, Reference) else value for column, value, _same in shown}
