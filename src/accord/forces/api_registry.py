"""The forces registry in the API (``/api/v1/forces/``): formations, national contributions and their
readiness, cooperation with other organizations, and the training of personnel. Reads answer what the
caller may see; writes go through the services (422 naming the field, 403 saying why not)."""

from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from accord.charter.schema import KEY_PATTERN, Key
from accord.core.access import Permission
from accord.core.api_pages import Pages
from accord.core.audit import Actor, log_read
from accord.core.scopes import require_scope
from accord.core.validation import Day, StateCode, bounded_text, model_text
from accord.forces.models import (
    Contribution,
    EventKind,
    EventStatus,
    Formation,
    InstitutionalContact,
    JointEvent,
    PartnerOrganization,
    PersonnelTraining,
    Rating,
    TrainingField,
    UnitType,
)
from accord.forces.models.contributions import MAX_STRENGTH
from accord.forces.models.cooperation import Channel
from accord.forces.models.personnel import MAX_PLACES
from accord.forces.registry import queries, services
from accord.forces.registry.serialize import (
    agreement_json,
    contact_json,
    contribution_json,
    event_json,
    formation_json,
    organization_json,
    personnel_json,
    readiness_json,
)

router = Router(tags=["forces"])

Strength = Annotated[int, Field(ge=0, le=MAX_STRENGTH)]
Places = Annotated[int, Field(ge=0, le=MAX_PLACES)]
Level = Annotated[int, Field(ge=0, le=3)]
RatingName = Literal[tuple(Rating.values)]  # type: ignore[valid-type]
Release = Literal["everyone", "members-and-partners", "members-only"]

# A key inside a list (a list's items carry their own constraints).
KeyText = Annotated[str, StringConstraints(pattern=KEY_PATTERN, max_length=64)]


class ContributionQuery(Schema):
    formation: Key = ""
    state: StateCode = ""


class ContributionIn(Schema):
    formation: Key
    state: StateCode
    unit_type: Literal[tuple(UnitType.values)]  # type: ignore[valid-type]
    description_en: model_text(Contribution, "description_en") = ""
    description_ru: model_text(Contribution, "description_ru") = ""
    personnel: Strength | None = None
    equipment: Strength | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None
    source_text: model_text(Contribution, "source_text") = ""
    note_en: bounded_text(4000) = ""
    note_ru: bounded_text(4000) = ""
    classification: Level = 2
    releasability: Release = "members-only"
    reason: bounded_text(400) = ""


class ContributionChangeIn(Schema):
    description_en: model_text(Contribution, "description_en") | None = None
    description_ru: model_text(Contribution, "description_ru") | None = None
    personnel: Strength | None = None
    equipment: Strength | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None
    source_text: model_text(Contribution, "source_text") | None = None
    note_en: bounded_text(4000) | None = None
    note_ru: bounded_text(4000) | None = None
    classification: Level | None = None
    releasability: Release | None = None
    reason: Annotated[bounded_text(400), Field(min_length=1)]


class ReadinessIn(Schema):
    date: Day
    people: RatingName
    equipment: RatingName
    support: RatingName
    document: int | None = None
    source_text: bounded_text(400) = ""
    note: bounded_text(4000) = ""
    classification: Level | None = None
    releasability: Release | None = None
    reason: bounded_text(400) = ""


class MatrixQuery(Schema):
    date: Day | None = None


class YearQuery(Schema):
    year: Annotated[int, Field(ge=1992, le=2100)]


class EventQuery(Schema):
    year: Annotated[int, Field(ge=1992, le=2100)] | None = None


class EventIn(Schema):
    organizations: Annotated[list[KeyText], Field(min_length=1, max_length=20)]
    title_en: model_text(JointEvent, "title_en")
    title_ru: model_text(JointEvent, "title_ru") = ""
    date: Day | None = None
    date_precision: Literal["day", "month", "year"] = "day"
    place_en: model_text(JointEvent, "place_en") = ""
    kind: Literal[tuple(EventKind.values)]  # type: ignore[valid-type]
    status: Literal[tuple(EventStatus.values)] = "planned"  # type: ignore[valid-type]
    note_en: bounded_text(4000) = ""
    reason: bounded_text(400) = ""


class ContactIn(Schema):
    organization: Key
    their_unit: model_text(InstitutionalContact, "their_unit")
    our_body: Key
    channel: Literal[tuple(Channel.values)]  # type: ignore[valid-type]
    note: bounded_text(4000) = ""
    classification: Level = 1
    releasability: Release = "members-only"
    reason: bounded_text(400) = ""


class PersonnelIn(Schema):
    year: Annotated[int, Field(ge=1992, le=2100)]
    state: StateCode = ""
    field: Literal[("", *TrainingField.values)] = ""  # type: ignore[valid-type]
    institution_en: model_text(PersonnelTraining, "institution_en")
    institution_ru: model_text(PersonnelTraining, "institution_ru") = ""
    places_offered: Places | None = None
    places_used: Places | None = None
    approximate: bool = False
    source_text: model_text(PersonnelTraining, "source_text") = ""
    note_en: bounded_text(4000) = ""
    classification: Level = 1
    releasability: Release = "members-only"
    reason: bounded_text(400) = ""


def visible_contribution(request: HttpRequest, pk: int) -> Contribution:
    found = queries.contributions(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such contribution.")
    return found


@router.get("/formations", response=list[dict[str, Any]], summary="The formations of the collective forces")
def list_formations(request: HttpRequest):
    require_scope(request, Permission.FORMATION_VIEW)
    counts = queries.counted_per_state(request.user)
    formations = Formation.objects.restrict(request.user).select_related("region", "parent")
    return [formation_json(item, counts.get(item.pk, {})) for item in formations]


@router.get(
    "/formations/{key}", response=dict[str, Any], summary="One formation, its parts and contributions"
)
def get_formation(request: HttpRequest, key: bounded_text(64)):
    require_scope(request, Permission.FORMATION_VIEW)
    formation = Formation.objects.restrict(request.user).filter(key=key).first()
    if formation is None:
        raise Http404("No such formation.")
    found = list(queries.contributions(request.user, formation=key))
    latest = queries.readiness_on(request.user, timezone.localdate(), [item.pk for item in found])
    return {
        **formation_json(formation),
        "parts": [part.key for part in Formation.objects.restrict(request.user).filter(parent=formation)],
        "contributions": [contribution_json(item, request.user, latest.get(item.pk)) for item in found],
    }


@router.get("/contributions", response=list[dict[str, Any]], summary="National contributions you may see")
@paginate(Pages, page_size=50)
def list_contributions(request: HttpRequest, filters: Query[ContributionQuery], **kwargs: Any):
    require_scope(request, Permission.CONTRIBUTION_VIEW)
    found = list(queries.contributions(request.user, formation=filters.formation, state=filters.state))
    latest = queries.readiness_on(request.user, timezone.localdate(), [item.pk for item in found])
    return [contribution_json(item, request.user, latest.get(item.pk)) for item in found]


@router.get(
    "/contributions/{pk}", response=dict[str, Any], summary="One contribution and its readiness history"
)
def get_contribution(request: HttpRequest, pk: int):
    require_scope(request, Permission.CONTRIBUTION_VIEW)
    item = visible_contribution(request, pk)
    log_read(request.user, item, "api")
    history = list(queries.history(request.user, item))
    return {
        **contribution_json(item, request.user, history[0] if history else None),
        "history": [readiness_json(report, request.user) for report in history],
    }


@router.post("/contributions", response={201: dict[str, Any]}, summary="Record a national contribution")
def post_contribution(request: HttpRequest, payload: ContributionIn):
    require_scope(request, Permission.CONTRIBUTION_ADD)
    values = payload.dict()
    reason = values.pop("reason")
    item = services.record_contribution(values, actor=Actor.for_user(request.user), reason=reason)
    return Status(201, contribution_json(item, request.user, with_latest=False))


@router.patch(
    "/contributions/{pk}",
    response=dict[str, Any],
    summary="Change a contribution's figures, text, dates or labels (raised only); only the fields given",
)
def patch_contribution(request: HttpRequest, pk: int, payload: ContributionChangeIn):
    require_scope(request, Permission.CONTRIBUTION_CHANGE)
    item = visible_contribution(request, pk)
    values = payload.dict(exclude_unset=True)
    reason = values.pop("reason")
    services.change_contribution(item, values, actor=Actor.for_user(request.user), reason=reason)
    return contribution_json(visible_contribution(request, pk), request.user, with_latest=False)


@router.post(
    "/contributions/{pk}/readiness",
    response={201: dict[str, Any]},
    summary="Report a contribution's readiness",
)
def post_readiness(request: HttpRequest, pk: int, payload: ReadinessIn):
    require_scope(request, Permission.READINESS_ADD)
    item = visible_contribution(request, pk)
    values = {key: value for key, value in payload.dict().items() if value is not None}
    reason = values.pop("reason", "")
    report = services.record_readiness(item, values, actor=Actor.for_user(request.user), reason=reason)
    return Status(201, readiness_json(report, request.user))


@router.get("/readiness", response=dict[str, Any], summary="The readiness matrix on a date (default today)")
def get_readiness_matrix(request: HttpRequest, filters: Query[MatrixQuery]):
    require_scope(request, Permission.READINESS_VIEW)
    day = filters.date or timezone.localdate()
    matrix = queries.readiness_matrix(request.user, day)
    cells = [
        {
            "formation": formation.key,
            "state": state.code,
            "contributions": [item.pk for item in cell.contributions],
            "overall": cell.overall or None,
            "reports": [readiness_json(report, request.user) for report in cell.reports],
        }
        for formation in matrix.formations
        for state in matrix.states
        if (cell := matrix.cell(formation, state)) is not None
    ]
    return {"date": day, "cells": cells}


@router.get("/cooperation/organizations", response=list[dict[str, Any]], summary="Partner organizations")
def list_organizations(request: HttpRequest):
    require_scope(request, Permission.COOPERATION_VIEW)
    return [organization_json(item) for item in PartnerOrganization.objects.restrict(request.user)]


@router.get(
    "/cooperation/organizations/{key}",
    response=dict[str, Any],
    summary="A partner organization: agreements in force today, joint events, contacts",
)
def get_organization(request: HttpRequest, key: bounded_text(64)):
    require_scope(request, Permission.COOPERATION_VIEW)
    item = PartnerOrganization.objects.restrict(request.user).filter(key=key).first()
    if item is None:
        raise Http404("No such organization.")
    today = timezone.localdate()
    contacts = InstitutionalContact.objects.restrict(request.user).filter(organization=item)
    return {
        **organization_json(item),
        "agreements_in_force": [
            agreement_json(a)
            for a in queries.agreements_in_force(request.user, today).filter(organization=item)
        ],
        "events": [
            event_json(e)
            for e in JointEvent.objects.restrict(request.user)
            .filter(organizations=item)
            .prefetch_related("organizations")
        ],
        "contacts": [contact_json(c) for c in contacts.select_related("organization", "our_body")],
    }


@router.get("/cooperation/events", response=list[dict[str, Any]], summary="Joint events (of a year)")
@paginate(Pages, page_size=50)
def list_joint_events(request: HttpRequest, filters: Query[EventQuery], **kwargs: Any):
    require_scope(request, Permission.COOPERATION_VIEW)
    found = JointEvent.objects.restrict(request.user).prefetch_related("organizations")
    if filters.year:
        found = found.filter(date__year=filters.year)
    return [event_json(item) for item in found]


@router.post("/cooperation/events", response={201: dict[str, Any]}, summary="Record a joint event")
def post_event(request: HttpRequest, payload: EventIn):
    require_scope(request, Permission.COOPERATION_ADD)
    values = payload.dict()
    organizations, reason = values.pop("organizations"), values.pop("reason")
    event = services.record_event(values, organizations, actor=Actor.for_user(request.user), reason=reason)
    return Status(201, event_json(event))


@router.post(
    "/cooperation/contacts", response={201: dict[str, Any]}, summary="Record a contact between institutions"
)
def post_contact(request: HttpRequest, payload: ContactIn):
    require_scope(request, Permission.COOPERATION_ADD)
    values = payload.dict()
    reason = values.pop("reason")
    return Status(
        201, contact_json(services.record_contact(values, actor=Actor.for_user(request.user), reason=reason))
    )


@router.get("/personnel", response=dict[str, Any], summary="Training of personnel in a year, with totals")
def get_personnel(request: HttpRequest, filters: Query[YearQuery]):
    require_scope(request, Permission.PERSONNEL_VIEW)
    rows = list(queries.personnel_of_year(request.user, filters.year))
    totals = queries.personnel_totals(request.user, filters.year)
    return {
        "year": filters.year,
        "rows": [personnel_json(row) for row in rows],
        "totals": [
            {
                "state": code or None,
                "field": field or None,
                "places_offered": found.offered,
                "places_used": found.used,
                "approximate": found.approximate,
                "sources": list(found.sources),
            }
            for (code, field), found in totals.items()
        ],
    }


@router.post("/personnel", response={201: dict[str, Any]}, summary="Record places offered and used")
def post_personnel(request: HttpRequest, payload: PersonnelIn):
    require_scope(request, Permission.PERSONNEL_ADD)
    values = payload.dict()
    reason = values.pop("reason")
    values["state"] = values["state"] or None
    row = services.record_personnel(values, actor=Actor.for_user(request.user), reason=reason)
    return Status(201, personnel_json(row))
