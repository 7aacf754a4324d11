"""``accord session source ID TEXT`` and ``accord session link ID --document DOC [--item ITEM]``:
cite a source for a session (or one of its items) and link documents to it."""

from typing import Any

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError
from accord.decisions.management.commands._base import DecisionsCommand
from accord.decisions.models import AgendaItem, Document, Session
from accord.decisions.queries import session_row
from accord.decisions.recording import add_source, link_document


class Command(DecisionsCommand):
    help = (
        "Cite a source for a session (source SESSION TEXT [--item ITEM]) or link a document to it "
        "(link SESSION --document DOC [--item ITEM] to make it that item's decision)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("verb", choices=["source", "link"])
        parser.add_argument("id", help="the session's id")
        parser.add_argument("text", nargs="?", default="", help="source: the source's key or title")
        parser.add_argument("--document", help="link: the document's id")
        parser.add_argument("--item", help="the agenda item's id (its source, or its decision)")
        parser.add_argument("--reason", default="", help="why (kept in the change record)")
        self.add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        session = self.found(Session.objects.all(), options["id"], "session")
        item = None
        if options["item"]:
            item = self.found(AgendaItem.objects.filter(session=session), options["item"], "agenda item")
        actor = self.actor(options)
        if options["verb"] == "source":
            if not options["text"].strip():
                raise InputError("source: name the source (its key or its title)")
            self.write(
                lambda: add_source(item or session, options["text"], actor=actor, reason=options["reason"])
            )
        else:
            document = self.found(Document.objects.all(), options["document"] or "", "document")
            self.write(
                lambda: link_document(document, session, item=item, actor=actor, reason=options["reason"])
            )
        session.refresh_from_db()
        row = session_row(session)
        documents = list(session.documents.values_list("pk", flat=True))
        self.emit(
            options,
            {**row, "documents": documents, "reasons": []},
            [f"#{row['id']} {row['title']}: {', '.join(row['sources']) or '—'}; {documents or '—'}"],
        )

    def found(self, queryset: Any, text: str, what: str) -> Any:
        """The record with this id, or a one-line error."""
        if not str(text).isdigit():
            raise InputError(f"{what} {text!r} is not understood: expected a number, e.g. 3")
        record = queryset.restrict(SYSTEM_USER).filter(pk=int(text)).first()
        if record is None:
            raise InputError(f"no {what} {text}")
        return record
