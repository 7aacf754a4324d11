"""Keeping the sources of media items: creating one, changing it, switching it on or off.

Only those who watch the information space (the CRC's duty officers and its head) keep sources; every
write is checked and recorded. A source that reads the server's files (a watched folder, a feed file)
must name a place inside the configured monitoring folders (:mod:`accord.monitoring.watched`): nobody
points Accord at its own keys or database by typing a path.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER, require, require_add
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Releasability, release_list
from accord.core.errors import ServiceError
from accord.core.validation import check_fields, require_within_reach
from accord.monitoring import watched
from accord.monitoring.models import Source
from accord.monitoring.models.common import Language

SOURCE_FIELDS = (
    "key",
    "name",
    "kind",
    "address",
    "language",
    "reliability",
    "every_minutes",
    "active",
    "note",
    "classification",
    "releasability",
    "release_to",
)
MAX_EVERY_MINUTES = 7 * 24 * 60  # a week: a source fetched less often is fetched when asked
FEED_SCHEMES = ("http", "https", "file")


class SourceError(ServiceError):
    """A source refused as given (the field named)."""


def cleaned_values(values: dict[str, Any]) -> dict[str, Any]:
    """The source fields given, trimmed, the release list stored as the models store it."""
    unknown = sorted(set(values) - set(SOURCE_FIELDS))
    if unknown:
        raise SourceError(_("a source has no such field"), field=unknown[0])
    fields = dict(values)
    for name in ("key", "name", "address", "note", "kind", "language", "reliability"):
        if name in fields:
            fields[name] = str(fields[name] or "").strip()
    if "release_to" in fields:
        codes = fields["release_to"]
        codes = codes.split(",") if isinstance(codes, str) else list(codes or [])
        fields["release_to"] = release_list(codes)
    return fields


def check_choices(fields: dict[str, Any]) -> None:
    """Kind, language, reliability and schedule as the source's fields allow them."""
    if "kind" in fields and fields["kind"] not in Source.Kind.values:
        raise SourceError(
            _("choose one of: %(kinds)s") % {"kinds": ", ".join(Source.Kind.values)}, field="kind"
        )
    if "language" in fields and fields["language"] not in ("", *Language.values):
        raise SourceError(
            _("a source's language is en, ru, or empty to identify it item by item"), field="language"
        )
    if "reliability" in fields and fields["reliability"] not in Source.Reliability.values:
        raise SourceError(_("reliability is a letter from A to F"), field="reliability")
    if "every_minutes" in fields:
        try:
            every = int(fields["every_minutes"] or 0)
        except (TypeError, ValueError):
            raise SourceError(_("a whole number of minutes"), field="every_minutes") from None
        if not 0 <= every <= MAX_EVERY_MINUTES:
            raise SourceError(
                _("from 0 (only when asked) to %(most)d minutes") % {"most": MAX_EVERY_MINUTES},
                field="every_minutes",
            )
        fields["every_minutes"] = every


def check_labels(fields: dict[str, Any], source: Source) -> None:
    """A source released to named states names them; any other releasability names none."""
    releasability = fields.get("releasability", source.releasability)
    release_to = fields.get("release_to", source.release_to)
    if releasability == Releasability.NAMED_STATES and not release_to:
        raise SourceError(_("name the states a source released to named states goes to"), field="release_to")
    if releasability != Releasability.NAMED_STATES and release_to:
        fields["release_to"] = ""


def readable_file(path: str, field: str = "address") -> None:
    """Refuse a path outside the monitoring folders (resolved: no "..", no link leading out)."""
    if watched.inside_roots(path) is None:
        raise SourceError(
            _(
                "Accord reads files only inside the monitoring folders (%(roots)s); give an absolute "
                "path inside one of them"
            )
            % {"roots": ", ".join(str(root) for root in watched.roots())},
            field=field,
        )


def check_address(kind: str, address: str) -> None:
    """What each kind needs: a feed an http, https or file address; a feed file and a folder a place
    inside the monitoring folders; uploads and machine clients nothing."""
    if kind == Source.Kind.FEED:
        scheme = urlsplit(address).scheme.lower()
        if scheme not in FEED_SCHEMES or (scheme != "file" and not urlsplit(address).netloc):
            raise SourceError(_("a feed needs an http, https or file address"), field="address")
        if scheme == "file":
            readable_file(watched.file_path_of(address) or "")
    elif kind == Source.Kind.FEED_FILE:
        if not address:
            raise SourceError(_("a feed file needs the file's path"), field="address")
        readable_file(watched.file_path_of(address) or address)
    elif kind == Source.Kind.FOLDER:
        if not address:
            raise SourceError(_("a watched folder needs the folder's path"), field="address")
        readable_file(address)
        resolved = watched.inside_roots(address)
        if resolved is not None and resolved.exists() and not resolved.is_dir():
            raise SourceError(_("this is a file, not a folder"), field="address")


def checked_fields(source: Source, values: dict[str, Any]) -> dict[str, Any]:
    """The fields to write on ``source``, every rule checked, or a refusal naming the field."""
    fields = cleaned_values(values)
    check_choices(fields)
    check_labels(fields, source)
    kind = fields.get("kind", source.kind)
    address = fields.get("address", source.address)
    if "kind" in fields or "address" in fields:
        check_address(kind, address)
    return check_fields(source, fields, SourceError)


@transaction.atomic
def create_source(values: dict[str, Any], *, actor: Actor, reason: str = "") -> Source:
    """Create a source, if the actor keeps sources; its key is unique and never changes."""
    require_add(actor.access_user, Source)
    key = str(values.get("key") or "").strip()
    if not key:
        raise SourceError(_("a source needs a key"), field="key")
    if Source.objects.restrict(SYSTEM_USER).filter(key=key).exists():
        raise SourceError(_("a source with this key already exists"), field="key")
    for name in ("name", "kind"):
        if not str(values.get(name) or "").strip():
            raise SourceError(_("this field is required"), field=name)
    source = Source()
    fields = checked_fields(source, {"address": "", **values})
    save_with_record(source, actor=actor, reason=reason or "new media source", fields=fields)
    require_within_reach(actor.access_user, source)
    return source


@transaction.atomic
def update_source(source: Source, values: dict[str, Any], *, actor: Actor, reason: str = "") -> bool:
    """Change a source the actor may change; returns whether anything changed."""
    require(actor.access_user, source, "change")
    if "key" in values and str(values["key"]).strip() != source.key:
        raise SourceError(_("the key of a source does not change"), field="key")
    fields = checked_fields(source, values)
    changed = save_with_record(source, actor=actor, reason=reason or "media source changed", fields=fields)
    require_within_reach(actor.access_user, source)
    return changed


def set_active(source: Source, active: bool, *, actor: Actor, reason: str = "") -> bool:
    """Switch a source on (fetched on its schedule) or off (kept with its items, fetched no more)."""
    return update_source(
        source,
        {"active": bool(active)},
        actor=actor,
        reason=reason or ("source switched on" if active else "source switched off"),
    )


def source_by_key(user: Any, key: str, field: str = "source") -> Source:
    """The source with ``key`` the user may see, or a refusal naming the field."""
    found = Source.objects.restrict(user).filter(key=str(key)[:80]).first()
    if found is None:
        raise SourceError(_("no source %(key)s you may see") % {"key": str(key)[:80]}, field=field)
    return found
