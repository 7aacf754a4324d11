"""``accord delete KIND ID --reason TEXT``: delete one recorded fact, with its reason recorded.

KIND is the record's kind as in its history page's address (``charter.appointment``), ID its
number there. Refused (exit 2) without a reason, for a row a data file owns, or for a row that other
records refer to; see :mod:`accord.core.deletion`.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accord.core.audit import Actor
from accord.core.cli import AccordCommand, InputError
from accord.core.deletion import deletable_model, delete_fact
from accord.core.errors import ServiceError


class Command(AccordCommand):
    help = "Delete one recorded fact (KIND as in its history page, e.g. charter.appointment), with a reason."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", help="the kind of record, e.g. charter.appointment")
        parser.add_argument("id", help="the record's number, as in its history page")
        parser.add_argument("--reason", required=True, help="why it is deleted (kept in its history)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            model = deletable_model(options["kind"])
            key = model._meta.pk.clean(options["id"], None)
        except ServiceError as error:
            raise InputError(str(error)) from None
        except ValidationError:
            raise InputError(_("id: not a record number: %(id)s") % {"id": options["id"]}) from None
        instance = model._default_manager.filter(pk=key).first()
        if instance is None:
            raise InputError(_("id: no %(kind)s %(id)s") % {"kind": options["kind"], "id": options["id"]})
        shown = str(instance)
        try:
            delete_fact(Actor.system("cli"), instance, options["reason"])
        except ServiceError as error:
            raise InputError(str(error)) from None
        payload = {"kind": options["kind"], "id": options["id"], "deleted": shown, "reasons": []}
        self.emit(options, payload, [_("Deleted: %(record)s.") % {"record": shown}])
