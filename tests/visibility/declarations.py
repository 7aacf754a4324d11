"""The one registry: every model with a restricted manager, how the harness makes its records, who must
see them, and every channel through which they can be seen.

A new model is covered by declaring it here (``test_coverage`` fails for a restricted model with no
declaration). Who must see a record comes from the pure rules (:mod:`tests.visibility.matrix`) and the
kind of access the model declares: classified by its own labels, seen through a labelled parent,
public, the user's own, administrators', auditors', or no one's.

To cover a new model: write a factory in ``factories.py`` (records at every label of ``GRID``, or one
under each labelled parent), add a ``Declaration`` with its kind and every channel that shows it (a
page, an export, an API answer, a count, a feed, a download, its history), and list it below after its
parents. A channel known to be wrong today is listed in ``gaps`` with the reason: it is a strict xfail,
so the day it is fixed the harness says to remove the gap.
"""

from __future__ import annotations

import re

from django.utils import timezone

from accord.forces.models import Operation
from tests.visibility import channels as ch
from tests.visibility import factories as make
from tests.visibility.declaration import Declaration
from tests.visibility.declarations_monitoring import MONITORING
from tests.visibility.declarations_response import (
    CONSULTATION_ATTENDEES,
    CONSULTATIONS,
    CONTINGENTS,
    DELIVERIES,
    DEPLOYMENT_PHASES,
    DEPLOYMENTS,
    OFFERS,
    REQUEST_LINES,
    REQUEST_STEPS,
    REQUESTS,
    RESPONSE_CRISES,
)
from tests.visibility.world import Record


def session_page(pk) -> str:
    return f"/sessions/{pk}/"


def participants_in_api(browser: ch.Browser, records: list[Record]) -> ch.Seen:
    """A participant is seen when its session's API answer lists it."""
    found = set()
    for record in records:
        shown = browser.get(f"/api/v1/decisions/sessions/{record.parent_pk}")
        if shown.status == 200 and [row["state"] for row in shown.json()["participants"]] == [
            make.SESSION_STATE
        ]:
            found.add(record.marker)
    return found


def open_episodes_on_dashboard(browser: ch.Browser, records: list[Record]) -> ch.Seen:
    """How many open episodes the dashboard says there are (never capped, unlike its table)."""
    found = re.search(r"(\d+) open episodes?\.", browser.get("/crisis/").text)
    assert found, "no count of open episodes on the dashboard"
    return int(found.group(1))


def q(text: str) -> dict[str, str]:
    return {"q": text}


DOCUMENTS = Declaration(
    "decisions.document",
    "classified",
    make.statements,
    (
        ch.page("list", "/documents/"),
        ch.page("search", "/documents/", **q("vis-doc")),
        ch.csv_rows("export-csv", "/documents/export.csv", "title_en", **q("vis-doc")),
        ch.json_rows("export-json", "/documents/export.json", "title_en", **q("vis-doc")),
        ch.json_rows("api-list", "/api/v1/decisions/documents", "title_en", **q("vis-doc")),
        ch.count(
            "api-count", "/api/v1/decisions/documents/count", lambda body: body["count"], **q("vis-doc")
        ),
        ch.page("statements", "/statements/"),
        ch.count("statement-tally", "/api/v1/decisions/statements/counts", make.recorded_this_year),
        ch.per_record("detail", lambda record: f"/documents/{record.pk}/"),
        ch.per_record("api-detail", lambda record: f"/api/v1/decisions/documents/{record.pk}"),
        ch.per_record("download", lambda record: f"/documents/{record.pk}/file/"),
        ch.history("decisions.document"),
    ),
)
PROGRAMS = Declaration(make.PROGRAMS, "classified", make.programs, (ch.history("decisions.document"),))
SESSIONS = Declaration(
    "decisions.session",
    "classified",
    make.sessions,
    (
        ch.page("list", "/sessions/"),
        ch.page("calendar", "/sessions/calendar.ics"),
        ch.json_rows("api-list", "/api/v1/decisions/sessions", "title"),
        ch.per_record("detail", lambda record: session_page(record.pk)),
        ch.per_record("api-detail", lambda record: f"/api/v1/decisions/sessions/{record.pk}"),
        # A public document adopted at each session names the session only to those who may see it.
        ch.json_rows("reference", "/api/v1/decisions/documents", "session", **q("vis-rdoc")),
        ch.history("decisions.session"),
    ),
)
REFERRING_DOCUMENTS = Declaration(make.REFERRING, "public", make.referring_documents)
PARTICIPANTS = Declaration(
    "decisions.participant",
    "through",
    make.participants,
    (
        ch.Channel("api-session", participants_in_api),
        ch.history("decisions.participant"),
    ),
)
AGENDA_ITEMS = Declaration(
    "decisions.agendaitem",
    "through",
    make.agenda_items,
    (
        ch.on_parent_page("session-page", session_page),
        ch.per_record("api-detail", lambda record: f"/api/v1/decisions/agenda-items/{record.pk}"),
        ch.history("decisions.agendaitem"),
    ),
)
POSITIONS = Declaration(
    "decisions.position",
    "through",
    make.positions,
    (
        ch.on_parent_page("api-item", lambda pk: f"/api/v1/decisions/agenda-items/{pk}"),
        ch.per_record("session-page", lambda record: session_page(make.session_of_item(record.parent_pk))),
        ch.history("decisions.position"),
    ),
)
MINUTES = Declaration(
    "decisions.minutes",
    "through",
    make.minutes,
    (ch.on_parent_page("session-page", session_page), ch.history("decisions.minutes")),
)
AMENDMENTS = Declaration(
    "decisions.amendment", "through", make.amendments, (ch.history("decisions.amendment"),)
)
MINUTES_VERSIONS = Declaration(
    "decisions.minutesversion", "through", make.minutes_versions, (ch.history("decisions.minutesversion"),)
)
MEASURES = Declaration(
    "decisions.measure",
    "through",
    make.measures,
    (
        ch.page("list", "/measures/"),
        ch.json_rows("api-list", "/api/v1/decisions/measures", "text"),
        ch.on_parent_page("program-page", lambda pk: f"/documents/{pk}/"),
        ch.history("decisions.measure"),
    ),
)
PROGRESS_REPORTS = Declaration(
    "decisions.progressreport", "through", make.progress_reports, (ch.history("decisions.progressreport"),)
)
STATEMENT_TALLIES = Declaration(
    "decisions.statementtally",
    "public",
    make.statement_tallies,
    (ch.history("decisions.statementtally", first=2),),
    whole_table=True,
)
EVENTS = Declaration(
    "crisis.event",
    "classified",
    make.events,
    (
        ch.json_rows("api-list", "/api/v1/crisis/events", "place"),
        ch.json_rows("api-reports", "/api/v1/crisis/reports", "place"),
        ch.page("api-map", "/api/v1/crisis/map"),
        ch.total("api-figures", "/api/v1/crisis/counts", lambda p: p.json()["figures"]["fatalities"]),
        ch.total("api-daily", "/api/v1/crisis/counts", make.daily_fatalities),
        ch.page("dashboard", "/crisis/"),  # the table of events (its first page holds them all)
        ch.csv_rows("export-csv", "/crisis/events.csv", "place"),
        ch.json_rows("export-json", "/crisis/events.json", "place"),
        ch.page("export-geojson", "/crisis/events.geojson"),
        ch.total("dashboard-figures", "/crisis/", ch.figure_on_page("Fatalities")),
        ch.page("sitrep", "/crisis/sitrep/"),
        ch.history("crisis.event"),
    ),
)
SERIES = Declaration(
    "crisis.series",
    "classified",
    make.series,
    (
        ch.per_record("api", lambda record: f"/api/v1/crisis/series/{record.marker}/KAZ"),
        ch.history("crisis.series"),
    ),
)
# Seen through their series (the harness series is public).
SERIES_POINTS = Declaration(
    "crisis.seriespoint",
    "public",
    make.series_points,
    (
        ch.count(
            "api-series", f"/api/v1/crisis/series/{make.SERIES_KEY}/KAZ", lambda body: len(body["points"])
        ),
        ch.history("crisis.seriespoint"),
    ),
)
ALERTS = Declaration(
    "crisis.alert",
    "classified",
    make.alerts,
    (
        ch.page("api-list", "/api/v1/crisis/alerts"),
        ch.page("api-series", f"/api/v1/crisis/series/{make.SERIES_KEY}/KAZ"),
        ch.count("api-open-count", "/api/v1/crisis/counts", lambda body: body["figures"]["open_alerts"]),
        ch.per_record("detail", lambda record: f"/crisis/alerts/{record.pk}/"),
        ch.history("crisis.alert"),
    ),
)
SITUATION_REPORTS = Declaration(
    "crisis.situationreport",
    "classified",
    make.situation_reports,
    (
        ch.page("list", "/crisis/sitreps/"),
        ch.page("search", "/crisis/sitreps/", q="vis-sit"),
        ch.per_record("page", lambda record: f"/crisis/sitreps/{record.pk}/"),
        ch.per_record("download-html", lambda record: f"/crisis/sitreps/{record.pk}/report.html"),
        ch.per_record("download-pdf", lambda record: f"/crisis/sitreps/{record.pk}/report.pdf"),
        ch.json_rows("api-list", "/api/v1/crisis/sitreps", "number"),
        ch.per_record("api", lambda record: f"/api/v1/crisis/sitreps/{record.pk}"),
        ch.per_record("api-download", lambda record: f"/api/v1/crisis/sitreps/{record.pk}/files/pdf"),
        ch.history("crisis.situationreport"),
    ),
)
ALERT_COMMENTS = Declaration(
    "crisis.alertcomment",
    "through",
    make.alert_comments,
    (ch.on_parent_page("alert-page", lambda pk: f"/crisis/alerts/{pk}/"), ch.history("crisis.alertcomment")),
)
EPISODES = Declaration(
    "crisis.episode",
    "classified",
    make.alert_episodes,
    (
        ch.page("list", "/crisis/episodes/", cap=25),  # a page of the list
        ch.page("list-red", "/crisis/episodes/", cap=25, level="red", status="unclosed"),
        ch.json_rows("api-list", "/api/v1/crisis/episodes", "method"),
        ch.count("api-open-count", "/api/v1/crisis/counts", lambda body: body["figures"]["open_episodes"]),
        ch.page("dashboard", "/crisis/", cap=10),  # the latest ten open episodes
        ch.Channel("dashboard-count", open_episodes_on_dashboard),
        ch.page("sitrep", "/crisis/sitrep/"),  # the episodes open on the report's day
        ch.per_record("detail", lambda record: f"/crisis/episodes/{record.pk}/"),
        ch.per_record("api-detail", lambda record: f"/api/v1/crisis/episodes/{record.pk}"),
        ch.history("crisis.episode"),
    ),
)
EPISODE_COMMENTS = Declaration(
    "crisis.episodecomment",
    "through",
    make.episode_comments,
    (
        ch.on_parent_page("episode-page", lambda pk: f"/crisis/episodes/{pk}/"),
        ch.on_parent_page("api-episode", lambda pk: f"/api/v1/crisis/episodes/{pk}"),
        ch.history("crisis.episodecomment"),
    ),
)
EVENT_COUNTS = Declaration(
    "crisis.eventcount", "no one", make.event_counts, (ch.history("crisis.eventcount"),)
)
RUNS = Declaration("core.run", "own", make.runs, (ch.history("core.run"),))
# Each user's own inbox and choices (the pages and the API show a user their own only, administrators
# included, so only restrict() and the history page are checked against "administrators see all").
NOTIFICATIONS = Declaration(
    "crisis.notification", "own", make.notifications, (ch.history("crisis.notification"),)
)
NOTIFICATION_PREFERENCES = Declaration(
    "crisis.notificationpreference",
    "own",
    make.notification_preferences,
    (ch.history("crisis.notificationpreference"),),
)
READ_RECORDS = Declaration(
    "core.readrecord",
    "auditors",
    make.read_records,
    (ch.page("read-log", "/audit/reads/", user=make.READER_OF_THE_LOG),),
)
# The change records of the harness statements: each as visible as the statement (seen on its history).
CHANGE_RECORDS = Declaration("core.changerecord", "through", make.change_records, full_matrix=False)
USERS = Declaration("accounts.user", "own", make.owners_accounts, (ch.history("accounts.user"),))
TOKENS = Declaration("accounts.apitoken", "own", make.tokens, (ch.history("accounts.apitoken"),))
ACCESS_REQUESTS = Declaration(
    "accounts.accesschangerequest",
    "administrators",
    make.access_requests,
    (ch.history("accounts.accesschangerequest"),),
)


def training_page(pk) -> str:
    return f"/forces/trainings/{pk}/"


def this_year() -> dict[str, str]:
    return {"year": str(timezone.localdate().year)}


TRAININGS = Declaration(
    "forces.training",
    "classified",
    make.trainings,
    (
        ch.page("list", "/forces/trainings/", **this_year()),
        ch.page("calendar", "/forces/trainings/calendar/", **this_year()),
        ch.page("feed", "/forces/trainings.ics"),
        ch.json_rows("api-list", "/api/v1/forces/trainings", "name_en", **this_year()),
        ch.per_record("detail", lambda record: training_page(record.pk)),
        ch.per_record("api-detail", lambda record: f"/api/v1/forces/trainings/{record.pk}"),
        ch.history("forces.training"),
        *ch.yearly_report(timezone.localdate().year),
    ),
)
TRAINING_CHANGES = Declaration(
    "forces.trainingchange",
    "through",
    make.training_changes,
    (
        ch.on_parent_page("training-page", training_page),
        ch.on_parent_page("api-changes", lambda pk: f"/api/v1/forces/trainings/{pk}/changes"),
        ch.history("forces.trainingchange"),
    ),
)
TRAINING_PHASES = Declaration(
    "forces.trainingphase",
    "through",
    make.training_phases,
    (ch.on_parent_page("training-page", training_page), ch.history("forces.trainingphase")),
)
TRAINING_FINDINGS = Declaration(
    "forces.trainingfinding",
    "through",
    make.training_findings,
    (ch.on_parent_page("training-page", training_page), ch.history("forces.trainingfinding")),
)
TRAINING_PARTICIPANTS = Declaration(
    "forces.trainingparticipant",
    "through",
    make.training_participants,
    (ch.history("forces.trainingparticipant"),),
)

# The charter (the open regulatory framework), the sources and the formations of the collective
# forces: public, loaded with the charter and the forces files.
PUBLIC_LABELS = (
    "core.source",
    "charter.organization",
    "charter.state",
    "charter.region",
    "charter.areaofinterest",
    "charter.statestatus",
    "charter.statuskind",
    "charter.body",
    "charter.rotationrule",
    "charter.post",
    "charter.appointment",
    "charter.chairmanship",
    "charter.admissioncriterion",
    "charter.statusright",
    "charter.assistancebasis",
    "charter.instrument",
    "charter.instrumentparticipant",
    "charter.diplomaticrelation",
    "charter.statefact",
    "charter.conflictyear",
    "forces.formation",  # the collective forces' open structure, loaded with the forces files
    "forces.trainingseries",  # the series of joint trainings, named in public statements
    "forces.trainingyear",  # a year's figures of trainings, from public interviews
    "forces.partnerorganization",  # the Organization's partners, named in its public statements
    "forces.agreement",
    "forces.jointevent",
)
PUBLIC = tuple(
    Declaration(label, "public", make.public_records(label), (ch.history(label, first=2),), whole_table=True)
    for label in PUBLIC_LABELS
)


def operation_page(pk) -> str:
    return f"/forces/operations/{Operation.objects.get(pk=pk).key}/"


def operation_api(pk) -> str:
    return f"/api/v1/forces/operations/{Operation.objects.get(pk=pk).key}"


OPERATION_TYPES = Declaration(
    "forces.operationtype",
    "public",
    make.public_records("forces.operationtype"),
    (ch.history("forces.operationtype", first=2),),
    whole_table=True,
)
INDICATORS = Declaration(
    "forces.indicator",
    "public",
    make.public_records("forces.indicator"),
    (ch.history("forces.indicator", first=2),),
    whole_table=True,
)
OPERATIONS = Declaration(
    "forces.operation",
    "classified",
    make.operations,
    (
        ch.page("list", "/forces/operations/", type=make.OPERATION_TYPE, sort="-year"),
        ch.json_rows("api-list", "/api/v1/forces/operations", "key", type=make.OPERATION_TYPE),
        ch.per_record("detail", lambda record: operation_page(record.pk)),
        ch.per_record("api-detail", lambda record: operation_api(record.pk)),
        ch.history("forces.operation"),
    ),
)
OPERATION_PHASES = Declaration(
    "forces.operationphase",
    "through",
    make.operation_phases,
    (
        ch.on_parent_page("operation-page", operation_page),
        ch.on_parent_page("api-operation", operation_api),
        ch.history("forces.operationphase"),
    ),
)
OPERATION_PARTICIPANTS = Declaration(
    "forces.operationparticipant",
    "through",
    make.operation_participants,
    (ch.history("forces.operationparticipant"),),
)
OPERATION_RESULTS = Declaration(
    "forces.operationresult",
    "classified",
    make.operation_results,
    (
        ch.page("operation-page", f"/forces/operations/{make.PUBLIC_OPERATION}/"),
        ch.json_rows("api-results", f"/api/v1/forces/operations/{make.PUBLIC_OPERATION}/results", "note"),
        ch.page("api-operation", f"/api/v1/forces/operations/{make.PUBLIC_OPERATION}"),
        ch.history("forces.operationresult"),
    ),
)
CONTRIBUTIONS = Declaration(
    "forces.contribution",
    "classified",
    make.contributions,
    (
        ch.page("formation-page", "/forces/formations/crrf/"),
        ch.json_rows("api-list", "/api/v1/forces/contributions", "description_en", formation="crrf"),
        ch.page("api-formation", "/api/v1/forces/formations/crrf"),
        ch.per_record("detail", lambda record: f"/forces/contributions/{record.pk}/"),
        ch.per_record("api-detail", lambda record: f"/api/v1/forces/contributions/{record.pk}"),
        ch.history("forces.contribution"),
    ),
)
READINESS_REPORTS = Declaration(
    "forces.readinessreport",
    "classified",
    make.readiness_reports,
    (
        ch.on_parent_page("contribution-page", lambda pk: f"/forces/contributions/{pk}/"),
        ch.on_parent_page("api-contribution", lambda pk: f"/api/v1/forces/contributions/{pk}"),
        ch.page("api-matrix", "/api/v1/forces/readiness"),
        ch.page("api-list", "/api/v1/forces/contributions", formation="crrf"),
        ch.history("forces.readinessreport"),
    ),
)
PERSONNEL = Declaration(
    "forces.personneltraining",
    "classified",
    make.personnel_figures,
    (
        ch.page("page", "/forces/personnel/", year=str(make.PERSONNEL_YEAR)),
        ch.page("api", "/api/v1/forces/personnel", year=str(make.PERSONNEL_YEAR)),
        ch.history("forces.personneltraining"),
    ),
)
CONTACTS = Declaration(
    "forces.institutionalcontact",
    "classified",
    make.institutional_contacts,
    (
        ch.page("organization-page", "/forces/cooperation/osce/"),
        ch.page("api-organization", "/api/v1/forces/cooperation/organizations/osce"),
        ch.history("forces.institutionalcontact"),
    ),
)


# Parents before children: a child's factory finds its parents already made.
DECLARATIONS: tuple[Declaration, ...] = (
    *PUBLIC,
    DOCUMENTS,
    PROGRAMS,
    SESSIONS,
    REFERRING_DOCUMENTS,
    PARTICIPANTS,
    AGENDA_ITEMS,
    POSITIONS,
    MINUTES,
    AMENDMENTS,
    MINUTES_VERSIONS,
    MEASURES,
    PROGRESS_REPORTS,
    STATEMENT_TALLIES,
    TRAININGS,
    TRAINING_CHANGES,
    TRAINING_PHASES,
    TRAINING_FINDINGS,
    TRAINING_PARTICIPANTS,
    EVENTS,
    SERIES,
    SERIES_POINTS,
    ALERTS,
    ALERT_COMMENTS,
    EPISODES,
    EPISODE_COMMENTS,
    SITUATION_REPORTS,
    RESPONSE_CRISES,
    EVENT_COUNTS,
    USERS,
    TOKENS,
    ACCESS_REQUESTS,
    RUNS,
    NOTIFICATIONS,
    NOTIFICATION_PREFERENCES,
    OPERATION_TYPES,
    INDICATORS,
    OPERATIONS,
    OPERATION_PHASES,
    OPERATION_PARTICIPANTS,
    OPERATION_RESULTS,
    READ_RECORDS,
    CONTRIBUTIONS,
    READINESS_REPORTS,
    PERSONNEL,
    CONTACTS,
    REQUESTS,
    REQUEST_LINES,
    REQUEST_STEPS,
    CONSULTATIONS,
    CONSULTATION_ATTENDEES,
    DEPLOYMENTS,
    CONTINGENTS,
    DEPLOYMENT_PHASES,
    OFFERS,
    DELIVERIES,
    *MONITORING,
    CHANGE_RECORDS,
)
