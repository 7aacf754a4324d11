"""How the harness makes each model's records: one per label for classified models, one under each
labelled parent for models seen through a parent, and a few owned or unlabelled ones for the rest.

Every write goes through the service that records it, as in the application.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accord.accounts.models import AccessChangeRequest
from accord.accounts.tokens import create_token
from accord.charter.models import Body, State, StateFact
from accord.charter.services import record_relation
from accord.core.audit import Actor, log_read, save_with_record
from accord.core.models import ChangeRecord, ReadRecord
from accord.core.runs import start_run
from accord.crisis import episodes as episode_service
from accord.crisis.models import (
    Alert,
    Episode,
    Event,
    EventCount,
    Notification,
    Series,
    SeriesPoint,
    SituationReport,
)
from accord.crisis.notifications import set_preferences
from accord.crisis.services import comment_on_alert
from accord.decisions.models import AgendaItem, Document, Session
from accord.decisions.services import (
    accept_amendment,
    add_agenda_item,
    add_measure,
    create_document,
    create_session,
    decide_agenda_item,
    draft_minutes,
    propose_amendment,
    report_progress,
)
from accord.forces.models import Agreement, Operation, OperationPhase, OperationType, PartnerOrganization
from accord.forces.operations.services import add_participant, record_result
from accord.forces.registry import services as forces_services
from tests.visibility.matrix import GRID, Combo, Labels
from tests.visibility.world import ACTOR, Record, World, harness_file, labelled, make_harness_user, marker

SESSION_STATE = "KAZ"  # the participant of every harness session (a member)
# Users whose own records (their account, tokens, runs) the harness checks: visible to them and to
# administrators only.
OWNERS = (
    Combo("reader", "member", 3),
    Combo("crc-duty-officer", "secretariat", 1),
    Combo("liaison-officer", "partner", 1),
)
READER_OF_THE_LOG = "vis-read-logger"
PROGRAMS = "decisions.document/programs"  # a second grid of documents: the parents of measures
SERIES_KEY = "vis.series"


def statements(world: World) -> Iterator[Record]:
    """Documents (statements, dated today, each with a file) at every label."""
    for labels in GRID:
        mark = marker("doc", labels)
        document = create_document(
            labelled(
                {
                    "kind": Document.Kind.STATEMENT,
                    "statement_level": "un",
                    "title_en": mark,
                    "date": world.today,
                    "attachment": harness_file(mark),
                },
                labels,
            ),
            actor=ACTOR,
        )
        yield Record(mark, document.pk, labels)


def programs(world: World) -> Iterator[Record]:
    """Programs (older documents, parents of measures) at every label."""
    for labels in GRID:
        mark = marker("prog", labels)
        values = {"kind": Document.Kind.PROGRAM, "title_en": mark, "date": datetime.date(2003, 3, 3)}
        yield Record(mark, create_document(labelled(values, labels), actor=ACTOR).pk, labels)


def sessions(world: World) -> Iterator[Record]:
    """Sessions of the Council of Foreign Ministers ten days ahead, at every label, Kazakhstan taking part."""
    body = Body.objects.exclude(key="secretariat").order_by("key").first()
    participant = State.objects.get(code=SESSION_STATE)
    day = world.today + datetime.timedelta(days=10)
    for labels in GRID:
        mark = marker("ses", labels)
        values = labelled({"body": body, "title_en": mark, "date": day, "place_en": "Minsk"}, labels)
        yield Record(mark, create_session(values, [participant], actor=ACTOR).pk, labels)


def children_of(world: World, parent_label: str, code: str, make) -> Iterator[Record]:
    """One child under each labelled parent, carrying the parent's labels."""
    model = apps.get_model(parent_label.split("/")[0])
    for parent in world.records[parent_label]:
        mark = marker(code, parent.labels)
        child = make(model.objects.get(pk=parent.pk), mark)
        yield Record(mark, child.pk, parent.labels, parent_pk=parent.pk)


def participants(world: World) -> Iterator[Record]:
    return children_of(world, "decisions.session", "par", lambda session, mark: session.participants.get())


def agenda_items(world: World) -> Iterator[Record]:
    return children_of(
        world, "decisions.session", "item", lambda session, mark: add_agenda_item(session, mark, actor=ACTOR)
    )


def positions(world: World) -> Iterator[Record]:
    def position(item, mark):
        decide_agenda_item(item, {SESSION_STATE: ("reservation", mark)}, actor=ACTOR)
        return item.positions.get()

    return children_of(world, "decisions.agendaitem", "pos", position)


def minutes(world: World) -> Iterator[Record]:
    return children_of(
        world, "decisions.session", "min", lambda session, mark: draft_minutes(session, mark, actor=ACTOR)
    )


def amendments(world: World) -> Iterator[Record]:
    state = State.objects.get(code=SESSION_STATE)
    return children_of(
        world,
        "decisions.minutes",
        "amd",
        lambda minutes, mark: propose_amendment(minutes, state, mark, world.today, actor=ACTOR),
    )


def minutes_versions(world: World) -> Iterator[Record]:
    """A version of each minutes' text, made by accepting an amendment that carries the mark."""
    state = State.objects.get(code=SESSION_STATE)

    def version(minutes, mark):
        amendment = propose_amendment(minutes, state, mark, world.today, actor=ACTOR)
        return accept_amendment(amendment, actor=ACTOR, on=world.today)

    return children_of(world, "decisions.minutes", "ver", version)


def measures(world: World) -> Iterator[Record]:
    deadline = world.today + datetime.timedelta(days=400)
    return children_of(
        world,
        PROGRAMS,
        "mea",
        lambda program, mark: add_measure(program, "1", mark, deadline=deadline, actor=ACTOR),
    )


def progress_reports(world: World) -> Iterator[Record]:
    return children_of(
        world,
        "decisions.measure",
        "rep",
        lambda measure, mark: report_progress(measure, world.today, mark, actor=ACTOR),
    )


def events(world: World) -> Iterator[Record]:
    """Situation reports of yesterday in Kazakhstan at every label; fatalities 2**i, so that any
    total tells exactly which events were counted."""
    for index, labels in enumerate(GRID):
        mark = marker("evt", labels)
        event = Event(
            source="report",
            source_id=mark,
            date=world.today - datetime.timedelta(days=1),
            date_precision="day",
            place=mark,
            place_precision="point",
            latitude=43.2,
            longitude=76.9,
            country="KAZ",
            region="central-asian",
            category="terrorism",
            fatalities_best=2**index,
            classification=labels.level,
            releasability=labels.releasability,
            release_to=labelled({}, labels)["release_to"],
        )
        save_with_record(event, actor=ACTOR, reason="visibility harness")
        yield Record(mark, event.pk, labels)


OPERATION_TYPE = "proxy"  # harness operations are PROXY operations of the harness's year
PUBLIC_OPERATION = "vis-op-results"  # the public operation under which results are made at every label


def harness_operation(world: World, key: str, labels) -> Operation:
    """An operation of the harness's year with one phase (named by its key), recorded like any other."""
    operation = Operation(operation_type=OperationType.objects.get(key=OPERATION_TYPE))
    values = {"key": key, "name_en": key, "year": world.today.year, "source_keys": ["seed-004"]}
    save_with_record(operation, actor=ACTOR, reason="visibility harness", fields=labelled(values, labels))
    phase = OperationPhase(operation=operation)
    day = datetime.date(world.today.year, 1, 1)
    fields = {"key": "main", "name_en": key.replace("vis-op-", "vis-opph-"), "start": day, "end": day}
    save_with_record(phase, actor=ACTOR, reason="visibility harness", fields=fields)
    add_participant(operation, State.objects.get(code=SESSION_STATE), actor=ACTOR)
    return operation


def operations(world: World) -> Iterator[Record]:
    """Operations at every label (each with a phase and Kazakhstan taking part)."""
    for labels in GRID:
        mark = marker("op", labels)
        yield Record(mark, harness_operation(world, mark, labels).pk, labels)


def operation_phases(world: World) -> Iterator[Record]:
    return children_of(world, "forces.operation", "opph", lambda operation, mark: operation.phases.get())


def operation_participants(world: World) -> Iterator[Record]:
    return children_of(world, "forces.operation", "opp", lambda operation, mark: operation.participants.get())


def operation_results(world: World) -> Iterator[Record]:
    """Results at every label under one public operation, each noting its marker."""
    operation = harness_operation(world, PUBLIC_OPERATION, Labels(0, "ev"))
    for labels in GRID:
        mark = marker("res", labels)
        phase = OperationPhase(operation=operation)
        day = datetime.date(world.today.year, 1, 1)
        fields = {"key": f"p-{labels.tag}", "name_en": "", "start": day, "end": day}
        save_with_record(phase, actor=ACTOR, reason="visibility harness", fields=fields)
        result = record_result(
            operation,
            phase=phase.key,
            state=None,
            indicator="websites-blocked",
            value=1,
            source="seed-004",
            note=mark,
            actor=ACTOR,
            classification=labels.level,
            releasability=labels.releasability,
            release_to=labels.release_to,
        )
        yield Record(mark, result.pk, labels)


def harness_series() -> Series:
    series = Series.objects.filter(key=SERIES_KEY).first()
    if series is None:
        series = Series(key=SERIES_KEY, country="KAZ", region="central-asian", unit="cases")
        save_with_record(series, actor=ACTOR, reason="visibility harness")
    return series


def series(world: World) -> Iterator[Record]:
    """A series at every label (media signals are labelled from their sources); the public harness
    series carries the points and alerts below."""
    for labels in GRID:
        mark = marker("ser", labels)
        labelled_series = Series(**labelled({"key": mark, "country": "KAZ", "unit": "stories"}, labels))
        save_with_record(labelled_series, actor=ACTOR, reason="visibility harness")
        yield Record(mark, labelled_series.pk, labels)


def series_points(world: World) -> Iterator[Record]:
    series = harness_series()
    for days in range(3):
        point = SeriesPoint(series=series, date=world.today - datetime.timedelta(days=days), value=days)
        save_with_record(point, actor=ACTOR, reason="visibility harness")
        yield Record(f"vis-point-{days}", point.pk, parent_pk=series.pk)


def alerts(world: World) -> Iterator[Record]:
    """Open alerts on the harness series at every label; the method names the alert."""
    series = harness_series()
    for labels in GRID:
        mark = marker("alr", labels)
        alert = Alert(
            series=series,
            date=world.today - datetime.timedelta(days=1),
            level="red",
            method=mark,
            observed=10,
            expected=1,
            threshold=5,
            statistic=3,
            **labelled({}, labels),
        )
        save_with_record(alert, actor=ACTOR, reason="visibility harness")
        yield Record(mark, alert.pk, labels)


def situation_reports(world: World) -> Iterator[Record]:
    """Approved reports at every label, one version each of the same day; the number names the report
    and the stored files carry it (the files as stored, not rendered: the harness checks who is
    handed them, not WeasyPrint)."""
    for index, labels in enumerate(GRID):
        mark = marker("sit", labels)
        report = SituationReport(
            scope="all",
            report_date=world.today - datetime.timedelta(days=1),
            version=index + 1,
            status=SituationReport.Status.APPROVED,
            number=mark,
            assessment_en=mark,
            drafted_by=ACTOR.name,
            drafted_at=timezone.now(),
            approved_by=ACTOR.name,
            approved_at=timezone.now(),
            html=f"<html><body>{mark}</body></html>".encode(),
            pdf=f"%PDF-1.7 {mark}".encode(),
            **labelled({}, labels),
        )
        save_with_record(report, actor=ACTOR, reason="visibility harness")
        yield Record(mark, report.pk, labels)


def alert_comments(world: World) -> Iterator[Record]:
    return children_of(
        world, "crisis.alert", "cmt", lambda alert, mark: comment_on_alert(alert, mark, actor=ACTOR)
    )


def alert_episodes(world: World) -> Iterator[Record]:
    """Open alert episodes on the harness series at every label, opened on different days (the
    dashboard shows the latest ten); the method names the episode."""
    series = harness_series()
    for index, labels in enumerate(GRID):
        mark = marker("eps", labels)
        day = world.today - datetime.timedelta(days=index + 1)
        episode = Episode(
            series=series, method=mark, opened_on=day, last_alert_on=day, level="red", **labelled({}, labels)
        )
        save_with_record(episode, actor=ACTOR, reason="visibility harness")
        yield Record(mark, episode.pk, labels)


def episode_comments(world: World) -> Iterator[Record]:
    return children_of(
        world,
        "crisis.episode",
        "ecm",
        lambda episode, mark: episode_service.comment(episode, mark, actor=ACTOR),
    )


def existing(label: str, limit: int | None = None) -> Iterator[Record]:
    """Records loaded with the charter (public models): every one of them, or the first ``limit``."""
    rows = apps.get_model(label)._default_manager.order_by("pk").values_list("pk", flat=True)
    for pk in rows[:limit] if limit else rows:
        yield Record(f"{label}#{pk}", pk)


def statement_tallies(world: World) -> Iterator[Record]:
    return existing("decisions.statementtally")


def owners_accounts(world: World) -> Iterator[Record]:
    for combo in OWNERS:
        yield Record(combo.username, world.users[combo.username].pk, owner=combo.username)


def tokens(world: World) -> Iterator[Record]:
    for combo in OWNERS:
        issued = create_token(
            world.users[combo.username],
            f"vis-token-{combo.role}",
            ["decisions:document:view"],
            datetime.timedelta(days=30),
            actor=ACTOR,
        )
        yield Record(issued.token.name, issued.token.pk, owner=combo.username)


def access_requests(world: World) -> Iterator[Record]:
    """A pending request to raise one owner's clearance (the admin's four-eyes queue)."""
    request = AccessChangeRequest(
        user=world.users[OWNERS[0].username],
        field=AccessChangeRequest.Field.CLEARANCE,
        from_value="1",
        to_value="3",
        requested_by_name="vis-admin",
    )
    save_with_record(request, actor=ACTOR, reason="visibility harness")
    yield Record("vis-access-request", request.pk)


def runs(world: World) -> Iterator[Record]:
    """A run of each owner, and one of the system."""
    for combo in OWNERS:
        run = start_run("vis-import", Actor.for_user(world.users[combo.username]), subject=combo.username)
        yield Record(f"vis-run-{combo.username}", run.pk, owner=combo.username)
    yield Record("vis-run-system", start_run("vis-import", ACTOR, subject="system").pk)


def notifications(world: World) -> Iterator[Record]:
    """A notification of each owner, about the harness's PUBLIC event (each user's own inbox)."""
    about = next(record for record in world.records["crisis.event"] if record.labels.tag == "0-ev")
    for combo in OWNERS:
        notification = Notification.objects.create(
            recipient=world.users[combo.username],
            kind="report.received",
            content_type=ContentType.objects.get_for_model(Event),
            object_id=str(about.pk),
        )
        yield Record(f"vis-notification-{combo.username}", notification.pk, owner=combo.username)


def notification_preferences(world: World) -> Iterator[Record]:
    """Each owner's notification preferences, set by the owner (the service records them)."""
    for combo in OWNERS:
        user = world.users[combo.username]
        preference = set_preferences(user, {"kinds": ["report.received"]}, actor=Actor.for_user(user))
        yield Record(f"vis-preference-{combo.username}", preference.pk, owner=combo.username)


def read_records(world: World) -> Iterator[Record]:
    """Reads of every CONFIDENTIAL and SECRET harness statement, by one user (the auditors' log)."""
    reader = make_harness_user(Combo("reader", "secretariat", 3), READER_OF_THE_LOG)
    for record in world.records["decisions.document"]:
        log_read(reader, Document.objects.get(pk=record.pk), "page")
    for read in ReadRecord.objects.filter(actor_user=reader):
        yield Record(f"{read.object_type}#{read.object_id}", read.pk)


def change_records(world: World) -> Iterator[Record]:
    """The change records of the harness statements, labelled like the statement they describe."""
    for record in world.records["decisions.document"]:
        for change in ChangeRecord.objects.filter(object_type="decisions.document", object_id=str(record.pk)):
            yield Record(f"change#{change.pk}", change.pk, record.labels, parent_pk=record.pk)


def event_counts(world: World) -> Iterator[Record]:
    count = EventCount.objects.create(
        country="KAZ", category="terrorism", date=world.today, date_precision="day", events=1, fatalities=1
    )
    yield Record("vis-event-count", count.pk)


REFERRING = "decisions.document/referring"  # public documents adopted at each harness session


def referring_documents(world: World) -> Iterator[Record]:
    """A PUBLIC document released to everyone, adopted at each harness session (a reference to it)."""
    for record in world.records["decisions.session"]:
        mark = marker("rdoc", record.labels)
        values = {
            "kind": Document.Kind.DECISION,
            "title_en": mark,
            "date": datetime.date(2003, 3, 3),
            "session": Session.objects.get(pk=record.pk),
            "classification": 0,
            "releasability": "everyone",
        }
        yield Record(mark, create_document(values, actor=ACTOR).pk, parent_pk=record.pk)


def public_records(label: str):
    """The factory of a public model: the records the charter loaded, or one recorded by the harness."""

    def made(world: World) -> Iterator[Record]:
        if not apps.get_model(label)._default_manager.exists():
            MISSING_FROM_THE_CHARTER[label]()
        return existing(label)

    return made


def relation() -> None:
    kazakhstan, serbia = State.objects.get(code="KAZ"), State.objects.get(code="SRB")
    record_relation(
        kazakhstan, serbia, established=datetime.date(1996, 1, 1), source="vis-source", actor=ACTOR
    )


def state_fact() -> None:
    fact = StateFact(state=State.objects.get(code="KAZ"), key="vis-fact", value=True)
    save_with_record(fact, actor=ACTOR, reason="visibility harness")


def agreement() -> None:
    """An agreement with the OSCE (the shipped cooperation file names none)."""
    row = Agreement(organization=PartnerOrganization.objects.get(key="osce"), title_en="vis agreement")
    save_with_record(row, actor=ACTOR, reason="visibility harness")


MISSING_FROM_THE_CHARTER = {
    "charter.diplomaticrelation": relation,
    "charter.statefact": state_fact,
    "forces.agreement": agreement,
}
PERSONNEL_YEAR = 2001  # a year no shipped figure uses


def contributions(world: World) -> Iterator[Record]:
    """Kazakhstan's contributions to the CRRF at every label; the description names each."""
    for labels in GRID:
        mark = marker("ctb", labels)
        values = {"formation": "crrf", "state": "KAZ", "unit_type": "airborne", "description_en": mark}
        item = forces_services.record_contribution(
            labelled(values, labels), actor=ACTOR, reason="visibility harness"
        )
        yield Record(mark, item.pk, labels)


def readiness_reports(world: World) -> Iterator[Record]:
    """One readiness report of yesterday under each contribution, labelled as it is; the source names it."""
    day = world.today - datetime.timedelta(days=1)

    def rate(item, mark):
        values = {
            "date": day,
            "people": "ready",
            "equipment": "partial",
            "support": "ready",
            "source_text": mark,
        }
        return forces_services.record_readiness(item, values, actor=ACTOR, reason="visibility harness")

    return children_of(world, "forces.contribution", "rdy", rate)


def personnel_figures(world: World) -> Iterator[Record]:
    """Places at an institution in PERSONNEL_YEAR at every label; the institution names each."""
    for labels in GRID:
        mark = marker("trn", labels)
        values = {
            "year": PERSONNEL_YEAR,
            "state": "KAZ",
            "field": "defence",
            "institution_en": mark,
            "places_offered": 10,
            "places_used": 5,
        }
        row = forces_services.record_personnel(
            labelled(values, labels), actor=ACTOR, reason="visibility harness"
        )
        yield Record(mark, row.pk, labels)


def institutional_contacts(world: World) -> Iterator[Record]:
    """Contacts of the Secretariat with an office of the OSCE at every label; the office names each."""
    for labels in GRID:
        mark = marker("cnt", labels)
        values = {
            "organization": "osce",
            "their_unit": mark,
            "our_body": "secretariat",
            "channel": "meetings",
        }
        contact = forces_services.record_contact(
            labelled(values, labels), actor=ACTOR, reason="visibility harness"
        )
        yield Record(mark, contact.pk, labels)


def session_of_item(item_pk) -> int:
    return AgendaItem.objects.get(pk=item_pk).session_id


def recorded_this_year(body: list[dict]) -> int:
    """Statements recorded one by one this year, by the API's statement tallies."""
    year = timezone.localdate().year
    return sum(row["recorded"] for row in body if row["year"] == year)


def daily_fatalities(page) -> int:
    return sum(row["fatalities"] for row in page.json()["counts"])


TRAINING_HOST = "KAZ"  # hosts every harness training (a member, so it may host)


def trainings(world: World) -> Iterator[Record]:
    """Joint trainings ten days ahead (in the last days of a year, twenty days back) at every label,
    hosted by Kazakhstan."""
    from accord.forces.models import TrainingSeries
    from accord.forces.trainings.services import plan_training

    series = TrainingSeries.objects.get(key="cobalt")
    host = State.objects.get(code=TRAINING_HOST)
    start = world.today + datetime.timedelta(days=10)
    if (start + datetime.timedelta(days=3)).year != world.today.year:
        start = world.today - datetime.timedelta(days=20)  # the channels look at this year's trainings
    for labels in GRID:
        mark = marker("trn", labels)
        values = labelled({}, labels)
        training = plan_training(
            name=mark,
            series=series,
            host=host,
            start=start,
            end=start + datetime.timedelta(days=3),
            actor=ACTOR,
            source=f"plan {mark}",
            **values,
        )
        yield Record(mark, training.pk, labels)


def training_children(world: World, code: str, make) -> Iterator[Record]:
    return children_of(world, "forces.training", code, make)


def training_changes(world: World) -> Iterator[Record]:
    """A postponement of each training, its reason carrying the mark."""
    from accord.forces.trainings.services import postpone

    return training_children(
        world, "tch", lambda training, mark: postpone(training, actor=ACTOR, reason=f"because {mark}")
    )


def training_participants(world: World) -> Iterator[Record]:
    from accord.forces.trainings.services import join

    host = State.objects.get(code=TRAINING_HOST)
    return training_children(world, "tpa", lambda training, mark: join(training, host, actor=ACTOR))


def training_phases(world: World) -> Iterator[Record]:
    from accord.forces.trainings.services import add_phase

    return training_children(world, "tph", lambda training, mark: add_phase(training, mark, actor=ACTOR))


def training_findings(world: World) -> Iterator[Record]:
    from accord.forces.trainings.services import add_finding

    return training_children(world, "tfi", lambda training, mark: add_finding(training, mark, actor=ACTOR))
