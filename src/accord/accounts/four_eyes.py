"""Changing what a user may see: nobody changes their own, and widening needs two administrators.

A user's role, clearance and affiliation decide what they may see. Narrowing them (a lower
clearance, a role taken away) protects records, so it takes effect at once. Widening them (a
higher clearance, the administrator or auditor role, another affiliation — a working body is
capped by no state's status, another state has another status) is asked by one administrator and
applied only when a different administrator, cleared at least as high as the user will be,
approves. Every request and decision is recorded.

The operator at the command line acts as the trusted system (they hold the server, its database
and its keys); they still count as one pair of eyes: what the command line asked for is approved
by an administrator in the admin pages, and what an administrator asked for may be approved at
the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.affiliation import AccountError, affiliation_refusal
from accord.accounts.models import PRIVILEGED_ROLES, AccessChangeRequest, Role, User
from accord.accounts.policy import visibility_for
from accord.accounts.rules import sees_no_more
from accord.charter.models import Body, State
from accord.core.access import SYSTEM_USER, SystemUser
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification

Field = AccessChangeRequest.Field


class AccessChangeRefused(AccountError):
    """A change of role, clearance or affiliation that the rules do not allow; the message says why."""


@dataclass(frozen=True)
class AccessChange:
    """One field of a user's access, from one value to another (values as stored in requests)."""

    field: str
    from_value: str
    to_value: str


@dataclass
class AccessOutcome:
    """What a change did: the changes applied at once, and the requests waiting for approval."""

    applied: list[AccessChange] = field(default_factory=list)
    requested: list[AccessChangeRequest] = field(default_factory=list)


def affiliation_value(state: State | None, body: Body | None) -> str:
    """An affiliation as one value: ``state:KAZ`` or ``body:secretariat`` (empty when none)."""
    if state is not None:
        return f"state:{state.code}"
    return f"body:{body.key}" if body is not None else ""


def current_values(user: User) -> dict[str, str]:
    """The user's access today, as the values requests compare."""
    return {
        Field.ROLE: user.role,
        Field.CLEARANCE: str(user.clearance),
        Field.AFFILIATION: affiliation_value(user.affiliation_state, user.affiliation_body),
    }


def describe(field_name: str, value: str) -> str:
    """A value as people read it (SECRET, administrator, state KAZ)."""
    if field_name == Field.CLEARANCE and value.isdigit():
        return str(Classification(int(value)).label)
    if field_name == Field.ROLE and value in Role.values:
        return str(Role(value).label)
    kind, _sep, key = value.partition(":")
    if kind == "state":
        return _("state %(code)s") % {"code": key}
    return _("working body %(key)s") % {"key": key} if kind == "body" else value


def widens(change: AccessChange) -> bool:
    """Whether a change may let the user see or do more (and so needs a second administrator)."""
    if change.field == Field.CLEARANCE:
        return int(change.to_value) > int(change.from_value)
    if change.field == Field.ROLE:
        return change.to_value in PRIVILEGED_ROLES
    return True


def check_value(field_name: str, value: str) -> None:
    """Refuse a value that does not exist (an unknown role, level, state or body)."""
    if field_name == Field.AFFILIATION and not value:
        raise AccessChangeRefused(_("a user belongs to a state or to a working body: choose one"))
    if field_name == Field.CLEARANCE:
        valid = value.isdigit() and int(value) in Classification.values
    elif field_name == Field.ROLE:
        valid = value in Role.values
    else:
        kind, _sep, key = value.partition(":")
        # Whether the value names a state or body is the system's check, not a read shown to anyone.
        valid = (kind == "state" and State.objects.restrict(SYSTEM_USER).filter(code=key).exists()) or (
            kind == "body" and Body.objects.restrict(SYSTEM_USER).filter(key=key).exists()
        )
    if not valid:
        raise AccessChangeRefused(
            _("%(field)s: %(value)s is not a known value") % {"field": field_name, "value": value}
        )


def is_administrator(actor: Actor) -> bool:
    """The trusted system, or an active user holding the administrator role."""
    user = actor.access_user
    if isinstance(user, SystemUser):
        return True
    return bool(user.is_active and user.role == Role.ADMINISTRATOR)


def refuse_unless_administrator(actor: Actor) -> None:
    """Only administrators manage users' access."""
    if not is_administrator(actor):
        raise AccessChangeRefused(_("only an administrator changes a user's role, clearance or affiliation"))


def refuse_own_change(actor: Actor, user: User) -> None:
    """Nobody widens — or narrows — their own access: someone else must look at it."""
    if actor.user is not None and actor.user.pk == user.pk:
        raise AccessChangeRefused(
            _("nobody changes their own role, clearance or affiliation; ask another administrator")
        )


def refuse_taking_over_wider_access(actor: Actor, user: User) -> None:
    """Nobody sets the password of someone who may see or do more than they may.

    Whoever sets a password can log in with it: an administrator cleared for RESTRICTED who set a
    SECRET reader's password would read SECRET records as that reader, and the password of an
    auditor or administrator who has not yet set up a second factor opens that role. Such a
    password is set at the command line (the trusted operator) or by an administrator cleared as
    high, holding the same role.
    """
    acting = actor.access_user
    if isinstance(acting, SystemUser) or (actor.user is not None and actor.user.pk == user.pk):
        return
    refuse_unless_administrator(actor)
    if not sees_no_more(visibility_for(user), visibility_for(acting)):
        raise AccessChangeRefused(
            _(
                "%(user)s may see records you may not (clearance %(level)s, %(affiliation)s): "
                "only an administrator who may see all of them sets this password"
            )
            % {
                "user": user.username,
                "level": Classification(user.clearance).label,
                "affiliation": describe(Field.AFFILIATION, current_values(user)[Field.AFFILIATION]),
            }
        )
    if user.role in PRIVILEGED_ROLES and user.role != acting.role:
        raise AccessChangeRefused(
            _("only the operator at the command line sets the password of %(user)s (%(role)s)")
            % {"user": user.username, "role": Role(user.role).label}
        )


def changes_wanted(user: User, wanted: dict[str, str | None]) -> list[AccessChange]:
    """The fields whose wanted value differs from the user's current one."""
    now = current_values(user)
    return [
        AccessChange(name, now[name], value)
        for name, value in wanted.items()
        if value is not None and value != now[name]
    ]


def check_access_change(actor: Actor, user: User, changes: list[AccessChange]) -> None:
    """Everything that refuses a change before anything is written (forms call this to explain)."""
    if not changes:
        return
    refuse_unless_administrator(actor)
    refuse_own_change(actor, user)
    for change in changes:
        check_value(change.field, change.to_value)
    resulting = current_values(user) | {change.field: change.to_value for change in changes}
    refuse_role_without_its_place(resulting)


def refuse_role_without_its_place(values: dict[str, str]) -> None:
    """The role and affiliation a user would hold must fit (a liaison officer belongs to a state)."""
    kind, _sep, _key = values[Field.AFFILIATION].partition(":")
    refusal = affiliation_refusal(values[Field.ROLE], has_state=kind == "state", has_body=kind == "body")
    if refusal:
        raise AccessChangeRefused(refusal)


def apply_values(user: User, values: dict[str, str]) -> dict[str, object]:
    """The model fields that carry these access values (the administrator role brings the admin pages)."""
    fields: dict[str, object] = {}
    if Field.ROLE in values:
        role = values[Field.ROLE]
        fields.update(role=role, is_staff=role == Role.ADMINISTRATOR, is_superuser=role == Role.ADMINISTRATOR)
    if Field.CLEARANCE in values:
        fields["clearance"] = int(values[Field.CLEARANCE])
    if Field.AFFILIATION in values:
        kind, _sep, key = values[Field.AFFILIATION].partition(":")
        states, bodies = State.objects.restrict(SYSTEM_USER), Body.objects.restrict(SYSTEM_USER)
        fields["affiliation_state"] = states.get(code=key) if kind == "state" else None
        fields["affiliation_body"] = bodies.get(key=key) if kind == "body" else None
    return fields


def waiting_request(user: User, field_name: str) -> AccessChangeRequest | None:
    """A request for the same field of the same user that still waits for a decision."""
    return AccessChangeRequest.objects.filter(
        user=user, field=field_name, status=AccessChangeRequest.Status.PENDING
    ).first()


def open_request(user: User, change: AccessChange, *, actor: Actor, reason: str) -> AccessChangeRequest:
    """Record a request that waits for a second administrator."""
    if waiting_request(user, change.field) is not None:
        raise AccessChangeRefused(
            _("a request to change the %(field)s of %(user)s already waits for approval")
            % {"field": change.field, "user": user.username}
        )
    request = AccessChangeRequest(
        user=user,
        field=change.field,
        from_value=change.from_value,
        to_value=change.to_value,
        reason=reason,
        requested_by=actor.user,
        requested_by_name=actor.name,
    )
    save_with_record(request, actor=actor, reason=reason or "access change requested")
    return request


@transaction.atomic
def change_access(
    user: User,
    *,
    actor: Actor,
    role: str | None = None,
    clearance: int | None = None,
    affiliation: str | None = None,
    reason: str = "",
) -> AccessOutcome:
    """Change a user's access: what narrows it applies now, what widens it becomes a request."""
    user = User.objects.select_for_update().get(pk=user.pk)
    wanted = {
        Field.ROLE: role,
        Field.CLEARANCE: None if clearance is None else str(clearance),
        Field.AFFILIATION: affiliation,
    }
    changes = changes_wanted(user, wanted)
    check_access_change(actor, user, changes)
    outcome = AccessOutcome()
    for change in changes:
        if widens(change):
            outcome.requested.append(open_request(user, change, actor=actor, reason=reason))
        else:
            outcome.applied.append(change)
    if outcome.applied:
        values = {change.field: change.to_value for change in outcome.applied}
        save_with_record(
            user, actor=actor, reason=reason or "access narrowed", fields=apply_values(user, values)
        )
    return outcome


def refuse_unfit_approver(actor: Actor, request: AccessChangeRequest) -> None:
    """The approver is a different administrator, not the user, and cleared as high as the result."""
    same_person = actor.user is not None and actor.user.pk == request.requested_by_id
    if same_person or actor.name == request.requested_by_name:
        raise AccessChangeRefused(
            _("request #%(id)s: the administrator who asked cannot approve; a second one must")
            % {"id": request.pk}
        )
    if actor.user is not None and actor.user.pk == request.user_id:
        raise AccessChangeRefused(
            _("request #%(id)s: nobody approves a change of their own access") % {"id": request.pk}
        )
    resulting = int(request.to_value) if request.field == Field.CLEARANCE else request.user.clearance
    if actor.user is not None and actor.user.clearance < resulting:
        raise AccessChangeRefused(
            _("request #%(id)s: the approver must hold at least %(level)s clearance")
            % {"id": request.pk, "level": Classification(resulting).label}
        )


def pending_request(request_id: int, actor: Actor) -> AccessChangeRequest:
    """A request that still waits, locked for the decision; refused with the reason otherwise."""
    request = (
        AccessChangeRequest.objects.restrict(actor.access_user)
        .select_for_update()
        .select_related("user")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise AccessChangeRefused(_("there is no access change request #%(id)s") % {"id": request_id})
    if request.status != AccessChangeRequest.Status.PENDING:
        raise AccessChangeRefused(
            _("request #%(id)s was already %(status)s")
            % {"id": request.pk, "status": request.get_status_display()}
        )
    return request


def decide(request: AccessChangeRequest, status: str, *, actor: Actor, note: str) -> None:
    """Record who decided what, and when."""
    save_with_record(
        request,
        actor=actor,
        reason=note or f"access change {status}",
        fields={
            "status": status,
            "decided_by": actor.user,
            "decided_by_name": actor.name,
            "decided_at": timezone.now(),
            "decision_note": note,
        },
    )


@transaction.atomic
def approve_request(request_id: int, *, actor: Actor, note: str = "") -> AccessChangeRequest:
    """Apply a waiting request, if a second administrator fit to approve it asks."""
    refuse_unless_administrator(actor)
    request = pending_request(request_id, actor)
    refuse_unfit_approver(actor, request)
    user = User.objects.select_for_update().get(pk=request.user_id)
    if current_values(user)[request.field] != request.from_value:
        raise AccessChangeRefused(
            _("request #%(id)s: the user's %(field)s changed since it was asked; ask again")
            % {"id": request.pk, "field": request.field}
        )
    refuse_role_without_its_place(current_values(user) | {request.field: request.to_value})
    save_with_record(
        user,
        actor=actor,
        reason=f"access change request #{request.pk} approved",
        fields=apply_values(user, {request.field: request.to_value}),
    )
    decide(request, AccessChangeRequest.Status.APPROVED, actor=actor, note=note)
    return request


@transaction.atomic
def refuse_request(request_id: int, *, actor: Actor, note: str = "") -> AccessChangeRequest:
    """Close a waiting request without applying it (any administrator, the one who asked included)."""
    refuse_unless_administrator(actor)
    request = pending_request(request_id, actor)
    decide(request, AccessChangeRequest.Status.REFUSED, actor=actor, note=note)
    return request
