"""Pages of consultations, decisions and deployments, in English and Russian, with their forms and
refusals; the session pages work for a consultation held by a body that does not decide."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.charter.models import State
from accord.decisions.models import Minutes
from accord.forces.models import Formation
from accord.response.consultation_services import decide
from accord.response.deployment_services import ContingentPlan, deploy
from accord.response.models import Consultation, Deployment
from accord.response.panels import rendered_panels
from tests.accounts.helpers import login_verified, make_user
from tests.response.consult_factory import (
    ACTOR,
    approve,
    approved_request,
    council_decision,
    statuses,
    submitted_request,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def officer(client):
    login_verified(client, make_user("sec-pages", Role.SECRETARIAT_OFFICER))
    return client


def deployed(request, code="RUS", personnel=300, start=DAY + datetime.timedelta(days=10)):
    plan = ContingentPlan(
        state=State.objects.get(code=code), personnel=personnel, deployed_on=start, equipment=7
    )
    return deploy(request, Formation.objects.get(key="peacekeeping"), plan, actor=ACTOR).deployment


def test_holding_a_consultation_through_the_form_and_its_session_pages(officer):
    statuses()
    request = submitted_request("kgz-page")
    form = officer.get("/response/requests/kgz-page/consult/")
    assert form.status_code == 200 and "crisis-response-center" in form.content.decode()
    answer = officer.post(
        "/response/requests/kgz-page/consult/",
        {
            "body": "crisis-response-center",
            "on": "2024-03-02",
            "format": "video-conference",
            "kind": "out-of-schedule",
            "states": ["KGZ", "SRB"],
            "classification": "1",
            "attendees": "heads of the military medical services\n",
            "outcome_en": "Propose help",
        },
    )
    consultation = Consultation.objects.get(request=request)
    assert answer.status_code == 302 and answer["Location"] == f"/response/consultations/{consultation.pk}/"
    page = officer.get(answer["Location"]).content.decode()
    assert "partner, in an advisory capacity" in page and "heads of the military medical services" in page
    # the session of a body that does not decide has its agenda and minutes pages like any other
    session = consultation.session
    assert officer.get(f"/sessions/{session.pk}/").status_code == 200
    added = officer.post(f"/sessions/{session.pk}/agenda/new/", {"title_en": "Assistance to Kyrgyzstan"})
    assert added.status_code in (200, 302) and session.agenda.count() == 1
    drafted = officer.post(f"/sessions/{session.pk}/minutes/new/", {"text": "The CRC heard the request."})
    assert drafted.status_code in (200, 302) and Minutes.objects.filter(session=session).exists()


def test_a_refused_consultation_says_why_beside_the_field(officer):
    statuses()
    submitted_request("kgz-page")
    answer = officer.post(
        "/response/requests/kgz-page/consult/",
        {
            "body": "secretariat",
            "on": "2024-03-02",
            "format": "in-person",
            "kind": "regular",
            "states": ["ARM"],
            "classification": "1",
        },
    )
    assert answer.status_code == 200 and "cannot take part" in answer.content.decode()
    assert not Consultation.objects.exists()


def test_a_reader_is_refused_the_forms(client):
    submitted_request("kgz-page", classification=0, releasability="everyone")
    login_verified(client, make_user("reader-pages", Role.READER, state="KAZ"))
    assert client.get("/response/requests/kgz-page/consult/").status_code == 403
    assert client.get("/response/requests/kgz-page/deploy/").status_code == 403
    assert client.get("/response/requests/kgz-page/decide/").status_code == 403


def test_linking_the_decision_through_the_form(officer):
    request = submitted_request("kgz-page")
    item = council_decision(DAY + datetime.timedelta(days=2))
    assert officer.get("/response/requests/kgz-page/decide/").status_code == 200
    answer = officer.post("/response/requests/kgz-page/decide/", {"item": item.pk})
    assert answer.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"


def test_deploying_withdrawing_and_the_pages_in_russian(officer):
    statuses()
    request = submitted_request("kgz-page")
    contingent = {
        "formation": "peacekeeping",
        "state": "RUS",
        "personnel": "300",
        "equipment": "12",
        "deployed_on": "2024-03-10",
    }
    early = officer.post("/response/requests/kgz-page/deploy/", contingent)  # not yet approved
    assert early.status_code == 200 and "had not been approved" in early.content.decode()
    assert not Deployment.objects.filter(request__key="kgz-page").exists()
    approve(request, DAY + datetime.timedelta(days=5))
    answer = officer.post("/response/requests/kgz-page/deploy/", contingent)
    assert answer.status_code == 302, answer.content.decode()[-2000:]
    deployment = Deployment.objects.get(request__key="kgz-page")
    refused = officer.post(
        "/response/requests/kgz-page/deploy/",
        {"formation": "peacekeeping", "state": "AFG", "personnel": "3", "deployed_on": "2024-03-10"},
    )
    assert refused.status_code == 200 and "error" in refused.content.decode()
    officer.post(
        f"/response/deployments/{deployment.key}/phases/",
        {"name_en": "Deployment", "name_ru": "Развёртывание", "starts_on": "2024-03-10"},
    )
    late = officer.post(f"/response/deployments/{deployment.key}/withdraw/", {"on": "2024-03-01"})
    assert late.status_code == 422
    done = officer.post(f"/response/deployments/{deployment.key}/withdraw/", {"on": "2024-03-30"})
    assert done.status_code == 302
    deployment.refresh_from_db()
    assert deployment.withdrawn_on == datetime.date(2024, 3, 30)
    russian = officer.get(
        f"/response/deployments/{deployment.key}/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "Этапы" in russian and "Всего" in russian and "Россия" in russian and "Развёртывание" in russian
    assert "<td>300</td>" in russian
    listing = officer.get(
        "/response/deployments/", {"present": "withdrawn", "sort": "formation"}, HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert deployment.key in listing and "Личный состав" in listing and "сначала новые" in listing
    assert "kgz-page" not in officer.get("/response/deployments/?present=deployed").content.decode()


def test_the_deployments_list_is_empty_for_a_partner_and_says_so(client):
    statuses()
    request = approved_request("kgz-secret", classification=3)
    deployment = deployed(request)
    login_verified(client, make_user("srb-pages", Role.LIAISON_OFFICER, state="SRB"))
    page = client.get("/response/deployments/").content.decode()
    assert deployment.key not in page and "No deployment you may see matches." in page
    assert client.get(f"/response/deployments/{deployment.key}/").status_code == 404


def test_the_request_pages_panels_show_the_decision_and_the_deployments():
    request = submitted_request("kgz-panel")
    item = council_decision(DAY + datetime.timedelta(days=2), objection="")
    decide(request, item, actor=ACTOR)
    request.refresh_from_db()
    deployed(request)
    from accord.core.access import SYSTEM_USER

    contexts = {template: context for template, context in rendered_panels(SYSTEM_USER, request, None)}
    decision = contexts["response/panel_consultations.html"]["decision"]
    assert {row["state"] for row in decision["positions"]} == {"BLR", "KAZ", "KGZ", "RUS", "TJK"}
    rows = contexts["response/panel_deployments.html"]["deployments"]
    assert rows[0]["totals"] == {"personnel": 300, "equipment": 7}
    before = {t: c for t, c in rendered_panels(SYSTEM_USER, request, DAY)}
    assert before["response/panel_deployments.html"]["deployments"] == []
    assert before["response/panel_consultations.html"]["decision"] is None
