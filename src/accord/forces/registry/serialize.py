"""The registry's records as plain dictionaries, for the API and ``--json``: the same shape everywhere,
every link to another record through :mod:`accord.core.references` (a hidden target stays hidden)."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.references import api_value, reference_by_id
from accord.decisions.models import Document
from accord.forces.models import (
    Agreement,
    Contribution,
    Formation,
    InstitutionalContact,
    JointEvent,
    PartnerOrganization,
    PersonnelTraining,
    ReadinessReport,
)


def labels(record: Any) -> dict[str, Any]:
    return {
        "classification": int(record.classification),
        "releasability": record.releasability,
        "release_to": record.release_to_codes,
    }


def formation_json(formation: Formation, counts: dict[str, int] | None = None) -> dict[str, Any]:
    return {
        "key": formation.key,
        "name_en": formation.name_en,
        "name_ru": formation.name_ru,
        "short": formation.short,
        "kind": formation.kind,
        "region": formation.region.key if formation.region_id else None,
        "formed": formation.formed,
        "formed_precision": formation.formed_precision,
        "purpose": formation.purpose,
        "decision_note": formation.decision_note,
        "part_of": formation.parent.key if formation.parent_id else None,
        "sources": formation.source_keys,
        **({"contributions_per_state": counts} if counts is not None else {}),
    }


def readiness_json(report: ReadinessReport, user: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "contribution": report.contribution_id,
        "date": report.date,
        "people": report.people,
        "equipment": report.equipment,
        "support": report.support,
        "overall": report.overall,
        "document": api_value(reference_by_id(user, Document, report.document_id))
        if report.document_id
        else None,
        "source_text": report.source_text,
        "note": report.note,
        **labels(report),
    }


def contribution_json(
    item: Contribution, user: Any, latest: ReadinessReport | None = None, *, with_latest: bool = True
) -> dict[str, Any]:
    shown = {
        "id": item.pk,
        "key": item.key,
        "formation": item.formation.key,
        "state": item.state.code,
        "unit_type": item.unit_type,
        "description_en": item.description_en,
        "description_ru": item.description_ru,
        "personnel": item.personnel,
        "equipment": item.equipment,
        "valid_from": item.valid_from,
        "valid_until": item.valid_until,
        "source_text": item.source_text,
        "sources": item.source_keys,
        "note_en": item.note_en,
        "note_ru": item.note_ru,
        **labels(item),
    }
    if with_latest:
        shown["readiness"] = readiness_json(latest, user) if latest else None
    return shown


def organization_json(item: PartnerOrganization) -> dict[str, Any]:
    return {
        "key": item.key,
        "name_en": item.name_en,
        "name_ru": item.name_ru,
        "abbreviation": item.abbreviation,
        "kind": item.kind,
        "part_of": item.parent.key if item.parent_id else None,
        "note": item.note,
        "sources": item.source_keys,
    }


def agreement_json(item: Agreement, day: datetime.date | None = None) -> dict[str, Any]:
    return {
        "id": item.pk,
        "key": item.key,
        "organization": item.organization.key,
        "title_en": item.title_en,
        "title_ru": item.title_ru,
        "signed": item.signed,
        "signed_precision": item.signed_precision,
        "in_force_from": item.in_force_from,
        "in_force_until": item.in_force_until,
        "source_text": item.source_text,
        "sources": item.source_keys,
    }


def event_json(item: JointEvent) -> dict[str, Any]:
    return {
        "id": item.pk,
        "key": item.key,
        "organizations": [partner.key for partner in item.organizations.all()],
        "title_en": item.title_en,
        "title_ru": item.title_ru,
        "date": item.date,
        "date_precision": item.date_precision,
        "place_en": item.place_en,
        "place_ru": item.place_ru,
        "kind": item.kind,
        "status": item.status,
        "note_en": item.note_en,
        "note_ru": item.note_ru,
        "sources": item.source_keys,
    }


def contact_json(item: InstitutionalContact) -> dict[str, Any]:
    return {
        "id": item.pk,
        "organization": item.organization.key,
        "their_unit": item.their_unit,
        "our_body": item.our_body.key,
        "channel": item.channel,
        "note": item.note,
        **labels(item),
    }


def personnel_json(item: PersonnelTraining) -> dict[str, Any]:
    return {
        "id": item.pk,
        "key": item.key,
        "year": item.year,
        "state": item.state.code if item.state_id else None,
        "field": item.field or None,
        "institution_en": item.institution_en,
        "institution_ru": item.institution_ru,
        "places_offered": item.places_offered,
        "places_used": item.places_used,
        "approximate": item.approximate,
        "source_text": item.source_text,
        "sources": item.source_keys,
        "note_en": item.note_en,
        "note_ru": item.note_ru,
        **labels(item),
    }
