"""Writes of the forces registry: each checks its input whole, checks who may write, and records
who wrote what, when and why (:func:`accord.core.audit.save_with_record`).

A refusal is a :class:`ForcesError` naming the field (422 in the API, exit 2 at the command line);
a writer without the right gets ``PermissionDenied`` (403) with the reason.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.charter.models import Body, State
from accord.core.access import Action, require, require_add
from accord.core.audit import Actor, save_with_record
from accord.core.derived import Labels, combined
from accord.core.errors import ServiceError
from accord.core.validation import record_problems, require_within_reach
from accord.decisions.models import Document
from accord.forces.models import (
    Contribution,
    Formation,
    InstitutionalContact,
    JointEvent,
    PartnerOrganization,
    PersonnelTraining,
    ReadinessReport,
)
from accord.forces.no_names import looks_like_names

NAMELESS_FIELDS = (
    "description_en",
    "description_ru",
    "note",
    "note_en",
    "note_ru",
    "their_unit",
    "institution_en",
    "institution_ru",
)


class ForcesError(ServiceError):
    """A forces record refused because of what it was given."""


def labels_of(record: Any) -> Labels:
    return Labels(record.classification, record.releasability, record.release_to)


def check_nameless(values: dict[str, Any]) -> None:
    """Refuse free text that looks like it names people (figures and units only, never people)."""
    for name in NAMELESS_FIELDS:
        text = values.get(name) or ""
        why = looks_like_names(str(text))
        if why:
            raise ForcesError(_("no names of people here: %(why)s") % {"why": why}, field=name)


def check_whole(instance: Any) -> None:
    """Every field's own limits (figures within bounds, dates in range, choices known)."""
    for name, reason in record_problems(instance):
        raise ForcesError(reason, field=name)


def visible_or_refuse(user: Any, model: type, pk: Any, field: str) -> Any:
    """The record ``pk`` of ``model`` if the user may see it; else refused as unknown (never confirmed)."""
    found = model.objects.restrict(user, Action.VIEW).filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise ForcesError(
            _("no such %(kind)s: %(pk)s") % {"kind": model._meta.verbose_name, "pk": pk}, field=field
        )
    return found


def state_by_code(code: str, field: str = "state") -> State:
    found = State.objects.filter(code=(code or "").upper()).first()
    if found is None:
        raise ForcesError(_("unknown state %(code)r") % {"code": code}, field=field)
    return found


@transaction.atomic
def record_contribution(values: dict[str, Any], *, actor: Actor, reason: str = "") -> Contribution:
    """Record a state's contribution to a formation (a liaison officer: their own state's only)."""
    user = actor.access_user
    formation = values["formation"]
    if not isinstance(formation, Formation):
        formation = Formation.objects.filter(key=formation).first()
        if formation is None:
            raise ForcesError(
                _("unknown formation %(key)r") % {"key": values["formation"]}, field="formation"
            )
    state = values["state"] if isinstance(values["state"], State) else state_by_code(values["state"])
    require_add(user, Contribution, state.code)
    fields = {**values, "formation": formation, "state": state}
    check_nameless(fields)
    contribution = Contribution(**fields)
    check_whole(contribution)
    if (
        contribution.valid_from
        and contribution.valid_until
        and contribution.valid_until < contribution.valid_from
    ):
        raise ForcesError(_("ends before it begins"), field="valid_until")
    save_with_record(contribution, actor=actor, reason=reason or "contribution recorded")
    require_within_reach(user, contribution)
    return contribution


CHANGEABLE = frozenset(
    {
        "description_en",
        "description_ru",
        "personnel",
        "equipment",
        "valid_from",
        "valid_until",
        "source_text",
        "note_en",
        "note_ru",
        "classification",
        "releasability",
    }
)


@transaction.atomic
def change_contribution(
    contribution: Contribution, values: dict[str, Any], *, actor: Actor, reason: str
) -> bool:
    """Change a contribution's figures, text, dates or labels, with the reason kept in its history.

    Only those who may change it (its state's liaison officer, the Secretariat) may; its labels may
    be raised but never lowered, since what it told at its labels cannot be told to more readers.
    Returns whether anything changed.
    """
    user = actor.access_user
    contribution = visible_or_refuse(user, Contribution, contribution.pk, "contribution")
    require_add(user, Contribution, contribution.state.code)  # says why not: another state, a status
    require(user, contribution, Action.CHANGE)
    unknown = sorted(set(values) - CHANGEABLE)
    if unknown:
        raise ForcesError(
            _("these cannot be changed: %(fields)s") % {"fields": ", ".join(unknown)}, field=unknown[0]
        )
    if not (reason or "").strip():
        raise ForcesError(_("say why the contribution changes"), field="reason")
    check_nameless(values)
    why = looks_like_names(reason)
    if why:
        raise ForcesError(_("no names of people here: %(why)s") % {"why": why}, field="reason")
    fields = dict(values)
    candidate = copy.copy(contribution)
    candidate._state = copy.copy(contribution._state)
    for name, value in fields.items():
        setattr(candidate, name, value)
    check_whole(candidate)  # the instance itself stays as it was, for the record of before
    after = {name: fields.get(name, getattr(contribution, name)) for name in ("valid_from", "valid_until")}
    if after["valid_from"] and after["valid_until"] and after["valid_until"] < after["valid_from"]:
        raise ForcesError(_("ends before it begins"), field="valid_until")
    new = Labels(
        fields.get("classification", contribution.classification),
        fields.get("releasability", contribution.releasability),
        contribution.release_to,
    )
    wider = combined([new, labels_of(contribution)])
    if (wider.classification, wider.releasability) != (new.classification, new.releasability):
        raise ForcesError(
            _("a contribution's labels may be raised, never lowered (it is %(classification)s, %(release)s)")
            % {
                "classification": contribution.get_classification_display(),
                "release": contribution.get_releasability_display(),
            },
            field="classification" if new.classification < contribution.classification else "releasability",
        )
    changed = save_with_record(contribution, actor=actor, reason=reason.strip(), fields=fields)
    require_within_reach(user, contribution)
    return changed


@transaction.atomic
def record_readiness(
    contribution: Contribution, values: dict[str, Any], *, actor: Actor, reason: str = ""
) -> ReadinessReport:
    """Record how ready a contribution is on a date; labelled at least as the contribution is."""
    user = actor.access_user
    contribution = visible_or_refuse(user, Contribution, contribution.pk, "contribution")
    require_add(user, ReadinessReport, contribution.state.code)
    fields = {
        "classification": contribution.classification,
        "releasability": contribution.releasability,
        "release_to": contribution.release_to,
        **values,
    }
    if fields.get("document") is not None and not isinstance(fields["document"], Document):
        fields["document"] = visible_or_refuse(user, Document, fields["document"], "document")
    if fields.get("document") is None and not (fields.get("source_text") or "").strip():
        raise ForcesError(_("name the report behind the rating: a document or a source"), field="source_text")
    check_nameless(fields)
    report = ReadinessReport(contribution=contribution, **fields)
    check_whole(report)
    if combined([labels_of(report), labels_of(contribution)]) != labels_of(report):
        raise ForcesError(
            _(
                "a readiness report may not be labelled below the contribution it rates "
                "(the contribution is %(classification)s, %(release)s)"
            )
            % {
                "classification": contribution.get_classification_display(),
                "release": contribution.get_releasability_display(),
            },
            field="classification",
        )
    save_with_record(report, actor=actor, reason=reason or "readiness reported")
    require_within_reach(user, report)
    return report


@transaction.atomic
def record_personnel(values: dict[str, Any], *, actor: Actor, reason: str = "") -> PersonnelTraining:
    """Record places offered and used at an institution in a year (for a state, in a field)."""
    user = actor.access_user
    state = values.get("state")
    if state is not None and not isinstance(state, State):
        state = state_by_code(state)
    require_add(user, PersonnelTraining, state.code if state else None)
    fields = {**values, "state": state}
    check_nameless(fields)
    row = PersonnelTraining(**fields)
    check_whole(row)
    if (
        row.places_offered is not None
        and row.places_used is not None
        and row.places_used > row.places_offered
    ):
        raise ForcesError(_("more places used than offered"), field="places_used")
    save_with_record(row, actor=actor, reason=reason or "training of personnel recorded")
    require_within_reach(user, row)
    return row


@transaction.atomic
def record_event(
    values: dict[str, Any], organizations: list[str], *, actor: Actor, reason: str = ""
) -> JointEvent:
    """Record a joint event with one or more partner organizations."""
    require_add(actor.access_user, JointEvent)
    partners = list(PartnerOrganization.objects.filter(key__in=organizations))
    unknown = sorted(set(organizations) - {partner.key for partner in partners})
    if unknown or not organizations:
        raise ForcesError(
            _("unknown organizations: %(keys)s") % {"keys": ", ".join(unknown) or "-"}, field="organizations"
        )
    check_nameless(values)
    event = JointEvent(**values)
    check_whole(event)
    save_with_record(event, actor=actor, reason=reason or "joint event recorded")
    event.organizations.set(partners)
    return event


@transaction.atomic
def record_contact(values: dict[str, Any], *, actor: Actor, reason: str = "") -> InstitutionalContact:
    """Record which office of a partner deals with which of our bodies (institutions, never people)."""
    user = actor.access_user
    require_add(user, InstitutionalContact)
    fields = dict(values)
    if not isinstance(fields.get("organization"), PartnerOrganization):
        fields["organization"] = PartnerOrganization.objects.filter(key=fields.get("organization")).first()
        if fields["organization"] is None:
            raise ForcesError(
                _("unknown organization %(key)r") % {"key": values.get("organization")}, field="organization"
            )
    if not isinstance(fields.get("our_body"), Body):
        fields["our_body"] = Body.objects.filter(key=fields.get("our_body")).first()
        if fields["our_body"] is None:
            raise ForcesError(_("unknown body %(key)r") % {"key": values.get("our_body")}, field="our_body")
    check_nameless(fields)
    contact = InstitutionalContact(**fields)
    check_whole(contact)
    save_with_record(contact, actor=actor, reason=reason or "institutional contact recorded")
    require_within_reach(user, contact)
    return contact
