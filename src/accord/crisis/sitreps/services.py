"""Drafting, assessing, approving and correcting the daily situation report.

The morning job drafts one report for the whole area of responsibility and one for each collective
security region (:func:`draft_daily`, idempotent: a report already there is left as it is, with any
assessment a person wrote). A duty officer writes the assessment (:func:`set_assessment`); a
Secretariat officer or the head of the CRC approves it (:func:`approve`) — never the one who wrote
the assessment (four eyes). Approval numbers the report, renders its HTML and PDF once, stores them
with their SHA-256 and freezes it; a correction is a new version (:func:`new_version`) that
supersedes the approved one when it is approved in turn. Every write is recorded
(:func:`accord.core.audit.record_change`), the stored files by their hashes only.

Approval tells those cleared to read the report (:func:`accord.crisis.notifications.notify_sitrep_approved`),
in the approval's own transaction: a failed approval tells nobody.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter import gazetteer
from accord.core.access import SYSTEM_USER, Action, SystemUser, require
from accord.core.audit import Actor, save_with_record
from accord.core.derived import Labels, at_least
from accord.core.errors import ServiceError
from accord.crisis import notifications
from accord.crisis import sitrep as live
from accord.crisis.models import SituationReport
from accord.crisis.models.sitreps import NUMBER_PREFIX, WHOLE_AREA

DRAFTER = Actor.system("sitrep-drafter")
# Roles by name, as models name their writers (a domain app does not read the accounts app): the
# head of the CRC, and the Secretariat's officers (of the Secretariat, not of a state).
CRC_HEAD, SECRETARIAT_OFFICER = "crc-head", "secretariat-officer"
ASSESSMENT_LIMIT = 20000
STORED_LANGUAGE = "en"  # the stored document's headings; both assessments are in it, each in its language

# Sent after an approval is committed, with ``report`` (the approved version) and ``actor``.

Status = SituationReport.Status


class SitrepDocumentError(ServiceError):
    """A situation report cannot be written as asked."""


def scopes(user: Any = SYSTEM_USER) -> list[str]:
    """The scopes a morning draft covers: the whole area, then each collective security region."""
    return [WHOLE_AREA, *gazetteer.region_keys(user)]


def region_of(report: SituationReport) -> str:
    """The region key the report's picture is filtered by ("" for the whole area)."""
    return "" if report.scope == WHOLE_AREA else report.scope


def current_labels(day: datetime.date, scope: str) -> Labels:
    """The labels of everything the report of ``scope`` on ``day`` shows today (read as Accord)."""
    return live.report_labels(SYSTEM_USER, day, "" if scope == WHOLE_AREA else scope)


def draft_daily(day: datetime.date, *, actor: Actor = DRAFTER) -> list[SituationReport]:
    """The day's drafts, one per scope: made where missing, left as they are where already there."""
    return [draft_for(day, scope, actor=actor) for scope in scopes()]


def draft_for(day: datetime.date, scope: str, *, actor: Actor = DRAFTER) -> SituationReport:
    """The report of a scope and day: the newest version if any exists, else a new draft."""
    if scope != WHOLE_AREA and gazetteer.region_named(scope) is None:
        raise SitrepDocumentError(_("unknown region %(scope)r") % {"scope": scope}, field="scope")
    existing = latest(day, scope)
    if existing is not None:
        return existing
    report = SituationReport(
        scope=scope,
        report_date=day,
        drafted_by=actor.name,
        drafted_at=timezone.now(),
        **current_labels(day, scope).as_fields(),
    )
    try:
        with transaction.atomic():
            save_with_record(report, actor=actor, reason="morning draft of the situation report")
    except IntegrityError:  # drafted meanwhile by another run of the job
        return latest(day, scope)
    return report


def latest(day: datetime.date, scope: str) -> SituationReport | None:
    return (
        SituationReport.objects.restrict(SYSTEM_USER)
        .filter(report_date=day, scope=scope)
        .order_by("-version")
        .first()
    )


def require_draft(report: SituationReport) -> None:
    if report.is_frozen:
        raise SitrepDocumentError(
            _("the report is %(status)s and can no longer be changed; make a new version to correct it")
            % {"status": report.get_status_display()},
            field="status",
        )


def checked_text(value: Any, field: str) -> str:
    """An assessment text as stored: a string, trimmed, within its limit."""
    if not isinstance(value, str):
        raise SitrepDocumentError(_("expected text"), field=field)
    text = value.strip()
    if len(text) > ASSESSMENT_LIMIT:
        raise SitrepDocumentError(
            _("at most %(limit)d characters (%(length)d given)")
            % {"limit": ASSESSMENT_LIMIT, "length": len(text)},
            field=field,
        )
    if "\x00" in text:
        raise SitrepDocumentError(_("the text holds a NUL character"), field=field)
    return text


@transaction.atomic
def set_assessment(report: SituationReport, actor: Actor, en: Any, ru: Any) -> SituationReport:
    """The duty officer's assessment, in English and Russian, on a draft."""
    english, russian = checked_text(en, "assessment_en"), checked_text(ru, "assessment_ru")
    report = locked(report, actor)
    require(actor.access_user, report, Action.CHANGE)
    require_draft(report)
    save_with_record(
        report,
        actor=actor,
        reason="assessment of the situation report",
        fields={
            "assessment_en": english,
            "assessment_ru": russian,
            "assessed_by": actor.name,
            "assessed_at": timezone.now(),
        },
    )
    return report


def locked(report: SituationReport, actor: Actor) -> SituationReport:
    """The report as stored now, locked for the change, if the actor may see it."""
    found = (
        SituationReport.objects.restrict(actor.access_user)
        .select_for_update()
        .filter(pk=report.pk)
        .first()
    )
    if found is None:
        raise PermissionDenied(_("no such situation report"))
    return found


def may_approve(user: Any) -> bool:
    """A Secretariat officer (of the Secretariat, not of a state) or the head of the CRC."""
    if isinstance(user, SystemUser):
        return True
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return False
    role = getattr(user, "role", None)
    if role == CRC_HEAD:
        return True
    return role == SECRETARIAT_OFFICER and not getattr(user, "affiliation_state_id", None)


def approval_refusal(report: SituationReport, actor: Actor) -> str:
    """Why ``actor`` may not approve ``report`` ("" if they may)."""
    if not may_approve(actor.access_user):
        return _("only a Secretariat officer or the head of the CRC approves a situation report")
    if report.assessed_by and report.assessed_by == actor.name:
        return _("the report is approved by someone other than the author of its assessment")
    return ""


def number_for(report: SituationReport) -> str:
    """``CRC-2026-335`` (year and day of the year) for the whole area, the region's key added for a
    region, and ``-v2`` … for a later version of the same day and scope."""
    day = report.report_date
    number = f"{NUMBER_PREFIX}-{day.year}-{day.timetuple().tm_yday:03d}"
    if report.scope != WHOLE_AREA:
        number += f"-{report.scope}"
    return number if report.version == 1 else f"{number}-v{report.version}"


@transaction.atomic
def approve(report: SituationReport, actor: Actor) -> SituationReport:
    """Approve a draft: number it, render and store its HTML and PDF with their hashes, freeze it, and
    mark the version it corrects superseded; tell those cleared to read it."""
    report = locked(report, actor)
    refusal = approval_refusal(report, actor)
    if refusal:
        raise PermissionDenied(refusal)
    require_draft(report)
    for field in ("assessment_en", "assessment_ru"):
        if not getattr(report, field):
            raise SitrepDocumentError(_("an approved report carries the assessment"), field=field)
    now = timezone.now()
    report.number, report.approved_by, report.approved_at = number_for(report), actor.name, now
    html, pdf, labels = rendered(report)
    if report.supersedes_id:  # it names the version it corrects: never less protected than that one
        labels = at_least(labels, labels_of_record(report.supersedes))
    save_with_record(
        report,
        actor=actor,
        reason="situation report approved",
        fields={
            "status": Status.APPROVED,
            "html": html,
            "html_sha256": hashlib.sha256(html).hexdigest(),
            "pdf": pdf,
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            **labels.as_fields(),
        },
    )
    if report.supersedes_id:
        old = SituationReport.objects.restrict(SYSTEM_USER).select_for_update().get(pk=report.supersedes_id)
        save_with_record(
            old, actor=actor, reason=f"superseded by {report.number}", fields={"status": Status.SUPERSEDED}
        )
    notifications.notify_sitrep_approved(report, actor=actor)
    return report


def labels_of_record(report: SituationReport) -> Labels:
    return Labels(report.classification, report.releasability, report.release_to)


def rendered(report: SituationReport) -> tuple[bytes, bytes, Labels]:
    """The report's HTML and PDF as they are stored, and the labels of what they show."""
    from django.utils import translation

    with translation.override(STORED_LANGUAGE):
        context = live.report_context(SYSTEM_USER, report.report_date, region_of(report))
        document = {
            "number": report.number,
            "version": report.version,
            "supersedes": report.supersedes.number if report.supersedes_id else "",
            "approved_by": report.approved_by,
            "approved_at": report.approved_at,
            "assessment_en": report.assessment_en,
            "assessment_ru": report.assessment_ru,
        }
        html = live.render_html_of(context | {"document": document}, self_contained=True)
    return html.encode("utf-8"), live.pdf_of(html), context["labels"]


@transaction.atomic
def new_version(report: SituationReport, actor: Actor) -> SituationReport:
    """A draft correcting an approved report: the next version, its assessment copied to be edited."""
    report = locked(report, actor)
    require(actor.access_user, report, Action.CHANGE)
    if report.status != Status.APPROVED:
        raise SitrepDocumentError(_("only the approved version of a report is corrected"), field="status")
    if SituationReport.objects.restrict(SYSTEM_USER).filter(supersedes=report).exists():
        raise SitrepDocumentError(_("a correction of this report is already being drafted"), field="status")
    correction = SituationReport(
        scope=report.scope,
        report_date=report.report_date,
        version=report.version + 1,
        supersedes=report,
        assessment_en=report.assessment_en,
        assessment_ru=report.assessment_ru,
        drafted_by=actor.name,
        drafted_at=timezone.now(),
        **at_least(current_labels(report.report_date, report.scope), labels_of_record(report)).as_fields(),
    )
    save_with_record(correction, actor=actor, reason=f"correction of {report.number}")
    return correction
