"""Saving a new version of the category rules: checked whole, kept forever, in force at once.

Only the Crisis Response Center edits the rules (``RulesVersion.writer_roles``). A file that does not
parse is refused with its first problem's line (nothing is saved); a saved version is never changed,
so every tag can be traced to the rules that made it. Saving queues the re-tagging of the items taken in
under older rules (:mod:`accord.monitoring.retag`), so that the change reaches them too.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER, require_add
from accord.core.audit import Actor, save_with_record
from accord.core.errors import ServiceError
from accord.core.ingest import InputFileError
from accord.monitoring.models import RulesVersion
from accord.monitoring.understanding.rulebook import MAX_RULES_BYTES, Rules, parse_rules

MAX_NOTE = 500


def check_rules_text(text: str, *, file_name: str = "rules.yaml") -> Rules:
    """The rules in ``text``, or a :class:`ServiceError` on ``text`` naming the line of each problem."""
    if len(text.encode("utf-8")) > MAX_RULES_BYTES:
        raise ServiceError(
            _("the rules may hold at most %(limit)s bytes") % {"limit": f"{MAX_RULES_BYTES:,}"}, field="text"
        )
    try:
        return parse_rules(text, file_name=file_name)
    except InputFileError as refused:
        raise ServiceError(str(refused), field="text") from None


def save_rules(text: str, note: str, *, actor: Actor) -> RulesVersion:
    """Save ``text`` as the next version of the rules (in force from now) with a note of what changed,
    and queue the re-tagging of the items already in (in the same transaction: no version without it)."""
    from accord.monitoring.jobs_retag import queue_retag
    from accord.monitoring.understanding.knowledge import forget

    require_add(actor.access_user, RulesVersion)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_("say what changed"), field="note")
    if len(note) > MAX_NOTE:
        raise ServiceError(_("at most %(limit)s characters") % {"limit": MAX_NOTE}, field="note")
    check_rules_text(text)
    with transaction.atomic():
        last = RulesVersion.objects.restrict(SYSTEM_USER).select_for_update().order_by("-number").first()
        version = RulesVersion(
            number=(last.number if last else 0) + 1,
            text=text,
            note=note,
            saved_by=actor.name[:150],
        )
        save_with_record(version, actor=actor, reason=f"monitoring: rules v{version.number}: {note}"[:500])
        queue_retag(actor, version.number)
    forget()
    return version
