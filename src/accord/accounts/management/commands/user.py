"""``accord user``: change a user's access, and approve or refuse what waits for a second administrator.

    accord user change NAME [--role R] [--clearance C] [--state S | --body B] [--reason TEXT]
    accord user request-clearance NAME LEVEL [--reason TEXT]
    accord user requests [--all]
    accord user approve N [--note TEXT]
    accord user refuse N [--note TEXT]
    accord user reset-second-factor NAME [--reason TEXT]
    accord user set-password NAME [--password P] [--reason TEXT]

The operator at the command line is the trusted system actor; they still count as one pair of
eyes only: a request made here is approved by an administrator in the admin pages, and a request
made there may be approved here — never both by the command line.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accord.accounts.four_eyes import (
    AccessChangeRefused,
    AccessOutcome,
    approve_request,
    change_access,
    describe,
    refuse_request,
)
from accord.accounts.management.commands.createuser import ask_password
from accord.accounts.models import AccessChangeRequest, Role, User
from accord.accounts.services import reset_second_factor, set_password
from accord.charter.models import Body
from accord.charter.services import ServiceError, state_by_code_or_name
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.cli import AccordCommand, InputError

CLEARANCES = {label.name.lower(): int(label.value) for label in Classification}


class Command(AccordCommand):
    help = "Change a user's role, clearance or affiliation; approve or refuse requests (four eyes)."

    def add_arguments(self, parser: Any) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, parser_class=type(parser))
        change = verbs.add_parser("change", help="narrow at once, or ask to widen, a user's access")
        change.add_argument("username")
        change.add_argument("--role", choices=Role.values)
        change.add_argument("--clearance", choices=sorted(CLEARANCES))
        place = change.add_mutually_exclusive_group()
        place.add_argument("--state", help="move the user to a state (ISO code or English name)")
        place.add_argument("--body", help="move the user to a working body (e.g. secretariat)")
        change.add_argument("--reason", default="")
        request = verbs.add_parser("request-clearance", help="ask to raise (or lower at once) a clearance")
        request.add_argument("username")
        request.add_argument("level", choices=sorted(CLEARANCES))
        request.add_argument("--reason", default="")
        listing = verbs.add_parser("requests", help="list the requests waiting for approval")
        listing.add_argument("--all", action="store_true", help="decided requests too")
        reset = verbs.add_parser("reset-second-factor", help="remove a lost authenticator; set up anew")
        reset.add_argument("username")
        reset.add_argument("--reason", default="")
        password = verbs.add_parser("set-password", help="set a password (asked twice, or generated)")
        password.add_argument("username")
        password.add_argument("--password", help="default: ask, or generate one when there is no terminal")
        password.add_argument("--reason", default="")
        for verb in ("approve", "refuse"):
            decide = verbs.add_parser(verb, help=f"{verb} a waiting request")
            decide.add_argument("number", type=int)
            decide.add_argument("--note", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.system("cli")
        try:
            if options["verb"] == "requests":
                self.list_requests(options)
            elif options["verb"] in ("approve", "refuse"):
                self.decide(options, actor)
            elif options["verb"] == "reset-second-factor":
                self.reset(options, actor)
            elif options["verb"] == "set-password":
                self.set_password(options, actor)
            else:
                self.change(options, actor)
        except AccessChangeRefused as refusal:
            raise InputError(str(refusal)) from None

    def change(self, options: dict[str, Any], actor: Actor) -> None:
        user = named_user(options["username"])
        level = options.get("level") or options.get("clearance")
        outcome = change_access(
            user,
            actor=actor,
            role=options.get("role"),
            clearance=CLEARANCES[level] if level else None,
            affiliation=self.affiliation(options),
            reason=options["reason"] or "changed at the command line",
        )
        self.emit(options, outcome_payload(user, outcome), outcome_lines(user, outcome))

    def reset(self, options: dict[str, Any], actor: Actor) -> None:
        user = named_user(options["username"])
        removed = reset_second_factor(user, actor=actor, reason=options["reason"])
        self.emit(
            options,
            {"username": user.username, "devices_removed": removed, "reasons": []},
            [
                _("Removed %(count)s second-factor device(s) of %(user)s and ended their sessions.")
                % {"count": removed, "user": user.username},
                _("They set up a new authenticator at their next login."),
            ],
        )

    def set_password(self, options: dict[str, Any], actor: Actor) -> None:
        user = named_user(options["username"])
        password, generated = (options["password"], False) if options["password"] else ask_password()
        try:
            set_password(user, password, actor=actor, reason=options["reason"])
        except ValidationError as error:
            raise InputError("; ".join(error.messages)) from None
        lines = [_("Password of %(user)s set; their sessions have ended.") % {"user": user.username}]
        if generated:
            lines.append(_("Password: %(password)s") % {"password": password})
        self.emit(options, {"username": user.username, "reasons": []}, lines)

    def affiliation(self, options: dict[str, Any]) -> str | None:
        """``state:KAZ`` or ``body:secretariat`` from the options, or None when not asked."""
        if options.get("state"):
            try:
                return f"state:{state_by_code_or_name(options['state']).code}"
            except ServiceError as error:
                raise InputError(str(error)) from None
        if options.get("body"):
            if not Body.objects.filter(key=options["body"]).exists():
                raise InputError(f"unknown working body {options['body']!r}")
            return f"body:{options['body']}"
        return None

    def decide(self, options: dict[str, Any], actor: Actor) -> None:
        decision = approve_request if options["verb"] == "approve" else refuse_request
        request = decision(options["number"], actor=actor, note=options["note"])
        approved = request.status == AccessChangeRequest.Status.APPROVED
        done = _("Approved request #%(id)s.") if approved else _("Refused request #%(id)s.")
        self.emit(
            options,
            {**request_payload(request), "reasons": []},
            [done % {"id": request.pk}, request_line(request)],
        )

    def list_requests(self, options: dict[str, Any]) -> None:
        operator = Actor.system("cli").access_user
        requests = AccessChangeRequest.objects.restrict(operator).select_related("user")
        if not options["all"]:
            requests = requests.filter(status=AccessChangeRequest.Status.PENDING)
        found = list(requests)
        lines = [request_line(request) for request in found] or [_("No request waits for approval.")]
        self.emit(options, {"requests": [request_payload(r) for r in found], "reasons": []}, lines)


def named_user(username: str) -> User:
    """The user of that name, or a one-line error."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise InputError(f"no user named {username!r}")
    return user


def request_payload(request: AccessChangeRequest) -> dict[str, Any]:
    """One request as JSON."""
    return {
        "id": request.pk,
        "user": request.user.username,
        "field": request.field,
        "from": request.from_value,
        "to": request.to_value,
        "status": request.status,
        "requested_by": request.requested_by_name,
        "requested_at": request.requested_at.isoformat(),
        "decided_by": request.decided_by_name or None,
    }


def request_line(request: AccessChangeRequest) -> str:
    """One request as a readable line."""
    return _("#%(id)s %(user)s: %(field)s %(old)s → %(new)s, asked by %(who)s (%(status)s)") % {
        "id": request.pk,
        "user": request.user.username,
        "field": request.get_field_display(),
        "old": describe(request.field, request.from_value),
        "new": describe(request.field, request.to_value),
        "who": request.requested_by_name,
        "status": request.get_status_display(),
    }


def outcome_payload(user: User, outcome: AccessOutcome) -> dict[str, Any]:
    """What a change did, as JSON."""
    return {
        "username": user.username,
        "applied": [{"field": c.field, "from": c.from_value, "to": c.to_value} for c in outcome.applied],
        "requested": [request_payload(request) for request in outcome.requested],
        "reasons": [],
    }


def outcome_lines(user: User, outcome: AccessOutcome) -> list[str]:
    """What a change did, as readable lines."""
    lines = [
        _("%(user)s: %(field)s %(old)s → %(new)s, applied.")
        % {
            "user": user.username,
            "field": change.field,
            "old": describe(change.field, change.from_value),
            "new": describe(change.field, change.to_value),
        }
        for change in outcome.applied
    ]
    lines += [
        _("Request #%(id)s waits for an administrator's approval in the admin pages: %(line)s")
        % {"id": request.pk, "line": request_line(request)}
        for request in outcome.requested
    ]
    return lines or [_("Nothing to change.")]
