"""``accord instrument add KEY --title TEXT --kind KIND --enters ENTRY --source TEXT``: record a new
instrument (``accord instruments`` lists them)."""

from typing import Any

from django.utils.translation import gettext as _

from accord.charter.instrument_changes import NewInstrument, record_instrument
from accord.charter.management.commands._base import CharterCommand
from accord.charter.management.commands._sources import add_source_options, source_details
from accord.charter.models import Instrument
from accord.charter.services import ServiceError
from accord.core.audit import Actor
from accord.core.cli import InputError, parse_date


class Command(CharterCommand):
    help = "Record a new instrument: its key, titles, kind, how it enters into force, adoption and source."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["add"], help="add: record a new instrument")
        parser.add_argument("key", help="a short key, e.g. crrf-agreement")
        parser.add_argument("--title", required=True, help="the English title")
        parser.add_argument("--title-ru", default="", help="the Russian title")
        parser.add_argument("--kind", required=True, choices=Instrument.Kind.values)
        parser.add_argument(
            "--enters",
            required=True,
            choices=Instrument.EntryIntoForce.values,
            help="how it enters into force",
        )
        parser.add_argument("--in-force-from", default="", help="its date of entry into force, YYYY-MM-DD")
        parser.add_argument("--adopted", default="", help="the day it was adopted, YYYY-MM-DD")
        parser.add_argument("--place", default="", help="where it was adopted (English)")
        parser.add_argument("--place-ru", default="", help="where it was adopted (Russian)")
        parser.add_argument("--by", default="", help="the key of the body that adopted it, e.g. csc")
        parser.add_argument("--note", default="", help="a note")
        add_source_options(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        adopted = parse_date(options["adopted"], "--adopted") if options["adopted"] else None
        in_force = (
            parse_date(options["in_force_from"], "--in-force-from") if options["in_force_from"] else None
        )
        publisher, published = source_details(options)
        new = NewInstrument(
            key=options["key"],
            title_en=options["title"],
            title_ru=options["title_ru"],
            kind=options["kind"],
            entry_into_force=options["enters"],
            source=options["source"],
            adopted_on=adopted,
            place_en=options["place"],
            place_ru=options["place_ru"],
            adopted_by=options["by"],
            in_force_from=in_force,
            note=options["note"],
            publisher=publisher,
            published_on=published,
        )
        try:
            instrument = record_instrument(new, actor=Actor.system("cli"))
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {
            "key": instrument.key,
            "title_en": instrument.title_en,
            "kind": instrument.kind,
            "entry_into_force": instrument.entry_into_force,
            "adopted_on": adopted,
            "adopted_by": instrument.adopted_by.key if instrument.adopted_by else None,
            "sources": instrument.source_keys,
            "reasons": [],
        }
        line = _("Recorded: the instrument %(key)s (%(title)s).") % {
            "key": instrument.key,
            "title": instrument.title_en,
        }
        self.emit(options, payload, [line])
