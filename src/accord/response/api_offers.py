"""The offers API (``/api/v1/response/…``): a request's offers and gap, the answers to an offer, and
the deliveries ledger, as the caller may see them; writes through the services (403 for a permission,
422 with the field for a rule)."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.charter.models import AssistanceBasis, State
from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.references import References
from accord.core.scopes import require_scope
from accord.core.validation import Day, StateCode, Year, bounded_text, model_text
from accord.response import offer_services as services
from accord.response.errors import ResponseError
from accord.response.ledger import (
    SORTS,
    LedgerFilter,
    delivery_json,
    figure,
    gap_json,
    ledger,
    visible_request,
)
from accord.response.models import Delivery, LineKind, Offer, Request

router = Router(tags=["response"])
RequestKey = model_text(Request, "key")
Reason = bounded_text(2000)
Amount = Field(None, gt=0, le=Decimal("1e15"), max_digits=20, decimal_places=3)
Currency = bounded_text(3)
RESPONSES = {200: dict, **error_responses(403, 404, 422)}


def offer_payload(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "request": offer.line.request.key,
        "line": offer.line.number,
        "from": offer.state.code,
        "quantity": figure(offer.quantity),
        "value": figure(offer.value),
        "currency": offer.currency,
        "status": offer.status,
        "offered_on": offer.offered_on,
        "accepted_on": offer.accepted_on,
        "declined_on": offer.declined_on,
        "withdrawn_on": offer.withdrawn_on,
        "reason": offer.answer_reason,
        "source": offer.source_text,
    }


def request_or_404(request: HttpRequest, key: str) -> Request:
    try:
        return visible_request(request.user, key)
    except ResponseError:
        raise Http404("Not found.") from None


def offer_or_404(request: HttpRequest, pk: int) -> Offer:
    found = (
        Offer.objects.restrict(request.user).select_related("line__request", "state").filter(pk=pk).first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def state_or_422(code: str, field: str) -> State:
    found = State.objects.filter(code=code.upper()).first()  # the charter's states are public
    if found is None:
        raise ResponseError(_("unknown state %(code)s") % {"code": code}, field=field)
    return found


@router.get("/requests/{key}/offers", summary="The offers against a request's lines the caller may see")
def list_request_offers(request: HttpRequest, key: RequestKey):
    require_scope(request, Permission.OFFER_VIEW)
    found = request_or_404(request, key)
    offers = (
        Offer.objects.restrict(request.user)
        .filter(line__request=found)
        .select_related("line__request", "state")
    )
    return [offer_payload(offer) for offer in offers]


class OfferIn(Schema):
    state: StateCode
    line: int = Field(ge=1, le=32767)
    quantity: Decimal = Field(gt=0, le=Decimal("1e15"), max_digits=20, decimal_places=3)
    value: Decimal | None = Amount
    currency: Currency = ""
    on: Day
    note: Reason = ""
    source: model_text(Offer, "source_text") = ""


@router.post(
    "/requests/{key}/offers",
    response={201: dict, **error_responses(403, 404, 422)},
    summary="Offer help against a line of a request",
)
def post_request_offer(request: HttpRequest, key: RequestKey, payload: OfferIn):
    require_scope(request, Permission.OFFER_ADD)
    made = services.make_offer(
        request_or_404(request, key),
        line=payload.line,
        state=state_or_422(payload.state, "state"),
        quantity=payload.quantity,
        value=payload.value,
        currency=payload.currency,
        on=payload.on,
        note=payload.note,
        source=payload.source,
        actor=Actor.for_user(request.user),
    )
    return Status(201, offer_payload(made))


class AnswerIn(Schema):
    on: Day
    reason: Reason = ""


def answer_offer(request: HttpRequest, pk: int, payload: AnswerIn, answer: Callable[..., Offer]) -> dict:
    """Accept, decline or withdraw an offer the caller may see, with the day and the reason given."""
    require_scope(request, Permission.OFFER_CHANGE)
    done = answer(
        offer_or_404(request, pk), on=payload.on, reason=payload.reason, actor=Actor.for_user(request.user)
    )
    return offer_payload(done)


@router.post("/offers/{pk}/accept", response=RESPONSES, summary="The requesting state accepts an offer")
def post_offer_accept(request: HttpRequest, pk: int, payload: AnswerIn):
    return answer_offer(request, pk, payload, services.accept_offer)


@router.post("/offers/{pk}/decline", response=RESPONSES, summary="The requesting state declines an offer")
def post_offer_decline(request: HttpRequest, pk: int, payload: AnswerIn):
    return answer_offer(request, pk, payload, services.decline_offer)


@router.post("/offers/{pk}/withdraw", response=RESPONSES, summary="The offering state withdraws its offer")
def post_offer_withdraw(request: HttpRequest, pk: int, payload: AnswerIn):
    return answer_offer(request, pk, payload, services.withdraw_offer)


@router.get("/requests/{key}/gap", summary="A request's gap per line as of a date (today when left out)")
def get_request_gap(request: HttpRequest, key: RequestKey, on: Day | None = None):
    require_scope(request, Permission.OFFER_VIEW)
    return gap_json(request.user, request_or_404(request, key), on)


FROM_STATE = Query("", alias="from")  # ?from=KAZ (ORG: the Organization); "from" is Python's word
LedgerSort = Literal[tuple(SORTS)]  # type: ignore[valid-type]


@router.get("/deliveries", response=list[dict], summary="The deliveries ledger as the caller may see it")
@paginate(Pages, page_size=50)
def list_deliveries(
    request: HttpRequest,
    year: Year | None = None,
    donor: bounded_text(3) = FROM_STATE,
    to: bounded_text(3) = "",
    basis: model_text(AssistanceBasis, "key") = "",
    sort: LedgerSort = "-date",
    **kwargs,
):
    require_scope(request, Permission.DELIVERY_VIEW)
    wanted = LedgerFilter(year=year, donor=donor, recipient=to, basis=basis, sort=sort)
    refs = References(request.user)
    return [delivery_json(item, refs) for item in ledger(request.user, wanted)]


class DeliveryIn(Schema):
    offer: int | None = Field(None, ge=1)
    donor: StateCode | None = None
    recipient: StateCode | None = None
    basis: model_text(AssistanceBasis, "key") = ""
    kind: Literal[tuple(LineKind.values)] = "equipment"  # type: ignore[valid-type]
    what_en: model_text(Delivery, "what_en") = ""
    what_ru: model_text(Delivery, "what_ru") = ""
    quantity: Decimal | None = Amount
    unit: model_text(Delivery, "unit") = ""
    value: Decimal | None = Amount
    currency: Currency = ""
    on: Day
    source: model_text(Delivery, "source_text")
    note: Reason = ""


def free_delivery(request: HttpRequest, payload: DeliveryIn) -> Delivery:
    """Help no offer answers (military-technical assistance): from a state or the Organization."""
    if payload.recipient is None:
        raise ResponseError(_("say to which state the help went"), field="recipient")
    basis = None
    if payload.basis:
        basis = AssistanceBasis.objects.restrict(request.user).filter(key=payload.basis).first()
        if basis is None:
            raise ResponseError(_("unknown basis %(key)s") % {"key": payload.basis}, field="basis")
    return services.deliver_without_offer(
        donor=state_or_422(payload.donor, "donor") if payload.donor else None,
        recipient=state_or_422(payload.recipient, "recipient"),
        basis=basis,
        kind=payload.kind,
        what_en=payload.what_en,
        what_ru=payload.what_ru,
        quantity=payload.quantity,
        unit=payload.unit,
        value=payload.value,
        currency=payload.currency,
        on=payload.on,
        source=payload.source,
        note=payload.note,
        actor=Actor.for_user(request.user),
    )


@router.post(
    "/deliveries",
    response={201: dict, **error_responses(403, 404, 422)},
    summary="Record a delivery: against a committed offer, or without one",
)
def post_delivery(request: HttpRequest, payload: DeliveryIn):
    require_scope(request, Permission.DELIVERY_ADD)
    if payload.offer is None:
        return Status(201, delivery_json(free_delivery(request, payload), References(request.user)))
    if payload.quantity is None:
        raise ResponseError(_("say how much was delivered"), field="quantity")
    made = services.deliver(
        offer_or_404(request, payload.offer),
        quantity=payload.quantity,
        value=payload.value,
        currency=payload.currency,
        on=payload.on,
        source=payload.source,
        note=payload.note,
        actor=Actor.for_user(request.user),
    )
    return Status(201, delivery_json(made, References(request.user)))
