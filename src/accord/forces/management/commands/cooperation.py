"""``accord cooperation list|show ORG|event|contact``: partner organizations, the agreements in force,
joint events and contacts between institutions."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.cli import InputError, parse_date
from accord.core.fields import DatePrecision
from accord.decisions.management.commands._base import DecisionsCommand
from accord.decisions.models import date_text
from accord.forces.models import (
    EventKind,
    EventStatus,
    InstitutionalContact,
    JointEvent,
    PartnerOrganization,
)
from accord.forces.models.cooperation import Channel
from accord.forces.registry import queries, services
from accord.forces.registry.serialize import agreement_json, contact_json, event_json, organization_json


class Command(DecisionsCommand):
    help = "Partner organizations, agreements in force, joint events and institutional contacts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["list", "show", "event", "contact"])
        parser.add_argument("organization", nargs="*", help="show: ORG; event: ORG [ORG…]; contact: ORG")
        parser.add_argument("--date", help="show: agreements in force on (default today); event: its date")
        parser.add_argument(
            "--precision", choices=DatePrecision.values, default="day", help="event: of the date"
        )
        parser.add_argument("--title", default="", help="event: its title (English)")
        parser.add_argument("--title-ru", default="", help="event: its title (Russian)")
        parser.add_argument("--place", default="", help="event: where")
        parser.add_argument("--kind", choices=EventKind.values, help="event: its kind")
        parser.add_argument("--status", choices=EventStatus.values, default="planned")
        parser.add_argument("--source", default="", help="event: the source key (e.g. seed-004)")
        parser.add_argument("--their-unit", default="", help="contact: the partner's office or unit")
        parser.add_argument("--our-body", default="", help="contact: our body (e.g. secretariat)")
        parser.add_argument("--channel", choices=Channel.values, help="contact: the channel")
        parser.add_argument("--note", default="", help="a note (no names of people)")
        parser.add_argument("--reason", default="", help="why the record is made (kept in its history)")
        self.add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['verb']}")(options)

    def do_list(self, options: dict[str, Any]) -> None:
        user = self.actor(options).access_user
        found = list(PartnerOrganization.objects.restrict(user).select_related("parent"))
        lines = [
            f"{item.key:<20} {item.abbreviation:<10} {item.name}"
            + (f" ({item.parent.abbreviation})" if item.parent_id else "")
            for item in found
        ] or [_("No partner organizations recorded.")]
        self.emit(options, {"organizations": [organization_json(item) for item in found]}, lines)

    def do_show(self, options: dict[str, Any]) -> None:
        user = self.actor(options).access_user
        if len(options["organization"]) != 1:
            raise InputError("show needs one organization key")
        key = options["organization"][0]
        item = PartnerOrganization.objects.restrict(user).filter(key=key).first()
        if item is None:
            raise InputError(f"no partner organization {key!r}")
        day = parse_date(options["date"], "--date") if options["date"] else timezone.localdate()
        agreements = list(queries.agreements_in_force(user, day).filter(organization=item))
        events = list(
            JointEvent.objects.restrict(user).filter(organizations=item).prefetch_related("organizations")
        )
        contacts = list(
            InstitutionalContact.objects.restrict(user).filter(organization=item).select_related("our_body")
        )
        payload = {
            **organization_json(item),
            "agreements_in_force": [agreement_json(a) for a in agreements],
            "in_force_on": day,
            "events": [event_json(e) for e in events],
            "contacts": [contact_json(c) for c in contacts],
        }
        lines = [f"{item.name} ({item.abbreviation}) — {item.get_kind_display()}", item.note]
        lines.append(_("Agreements in force on %(day)s: %(count)s") % {"day": day, "count": len(agreements)})
        lines += [f"  {a.title}" for a in agreements]
        lines.append(_("Joint events: %(count)s") % {"count": len(events)})
        lines += [f"  {when(e)} {e.title} [{e.get_status_display()}]" for e in events]
        lines.append(_("Contacts: %(count)s") % {"count": len(contacts)})
        lines += [f"  {c.their_unit} ↔ {c.our_body} ({c.get_channel_display()})" for c in contacts]
        self.emit(options, payload, [line for line in lines if line])

    def do_event(self, options: dict[str, Any]) -> None:
        if not options["organization"] or not options["title"] or not options["kind"]:
            raise InputError("event needs ORG [ORG…], --title and --kind")
        values = {
            "title_en": options["title"],
            "title_ru": options["title_ru"],
            "date": parse_date(options["date"], "--date") if options["date"] else None,
            "date_precision": options["precision"],
            "place_en": options["place"],
            "kind": options["kind"],
            "status": options["status"],
            "note_en": options["note"],
            "source_keys": [options["source"]] if options["source"] else [],
        }
        actor = self.actor(options)
        event = self.write(
            lambda: services.record_event(
                values, options["organization"], actor=actor, reason=options["reason"]
            )
        )
        self.emit(
            options,
            event_json(event),
            [_("Joint event #%(id)s recorded: %(title)s.") % {"id": event.pk, "title": event.title}],
        )

    def do_contact(self, options: dict[str, Any]) -> None:
        if (
            len(options["organization"]) != 1
            or not options["their_unit"]
            or not options["our_body"]
            or not options["channel"]
        ):
            raise InputError("contact needs ORG, --their-unit, --our-body and --channel")
        values = {
            "organization": options["organization"][0],
            "their_unit": options["their_unit"],
            "our_body": options["our_body"],
            "channel": options["channel"],
            "note": options["note"],
        }
        actor = self.actor(options)
        contact = self.write(lambda: services.record_contact(values, actor=actor, reason=options["reason"]))
        self.emit(
            options,
            contact_json(contact),
            [_("Contact #%(id)s recorded: %(contact)s.") % {"id": contact.pk, "contact": contact}],
        )


def when(event: JointEvent) -> str:
    """An event's date as precisely as it is known."""
    return date_text(event.date, event.date_precision) if event.date else "—"
