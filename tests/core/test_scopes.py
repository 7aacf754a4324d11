"""Token scopes guard every read of the API that is not the open charter, in every app."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

import accord
from accord.accounts.models import Role
from accord.accounts.tokens import KNOWN_SCOPES, create_token
from accord.api import api
from accord.core.access import Permission
from accord.core.audit import Actor
from accord.core.scopes import require_scope
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")

# Every read outside the charter, and the scope it needs. A new read operation fails
# test_every_read_outside_the_charter_is_listed until it is given a scope here and in the code.
READ_SCOPES = {
    "/api/v1/decisions/documents": "decisions:document:view",
    "/api/v1/decisions/documents/count": "decisions:document:view",
    "/api/v1/decisions/documents/{pk}": "decisions:document:view",
    "/api/v1/decisions/sessions": "decisions:session:view",
    "/api/v1/decisions/sessions/{pk}": "decisions:session:view",
    "/api/v1/decisions/agenda-items/{pk}": "decisions:session:view",
    "/api/v1/decisions/minutes/{pk}": "decisions:session:view",
    "/api/v1/decisions/measures": "decisions:measure:view",
    "/api/v1/decisions/statements/counts": "decisions:statement:view",
    "/api/v1/crisis/events": "crisis:event:view",
    "/api/v1/crisis/map": "crisis:event:view",
    "/api/v1/crisis/counts": "crisis:event:view",
    "/api/v1/crisis/reports": "crisis:event:view",
    "/api/v1/crisis/series/{key}/{country}": "crisis:series:view",
    "/api/v1/crisis/series-group/{key}": "crisis:series:view",
    "/api/v1/crisis/alerts": "crisis:alert:view",
    "/api/v1/crisis/episodes": "crisis:alert:view",
    "/api/v1/crisis/episodes/{pk}": "crisis:alert:view",
    "/api/v1/notifications": "crisis:notification:view",
    "/api/v1/notifications/preferences": "crisis:notification:view",
    "/api/v1/crisis/sitreps": "crisis:situationreport:view",
    "/api/v1/response/crises": "response:crisis:view",
    "/api/v1/response/crises/{key}": "response:crisis:view",
    "/api/v1/response/crises/{key}/timeline": "response:crisis:view",
    "/api/v1/crisis/sitreps/{pk}": "crisis:situationreport:view",
    "/api/v1/crisis/sitreps/{pk}/files/{kind}": "crisis:situationreport:view",
    "/api/v1/forces/report": "forces:report:view",
    "/api/v1/forces/operations": "forces:operation:view",
    "/api/v1/forces/operations/{key}": "forces:operation:view",
    "/api/v1/forces/operations/{key}/results": "forces:operation:view",
    "/api/v1/forces/trainings": "forces:training:view",
    "/api/v1/response/deliveries": "response:delivery:view",
    "/api/v1/response/requests/{key}/offers": "response:offer:view",
    "/api/v1/response/requests/{key}/gap": "response:offer:view",
    "/api/v1/forces/trainings/{pk}": "forces:training:view",
    "/api/v1/forces/trainings/{pk}/changes": "forces:training:view",
    "/api/v1/forces/trainings/{pk}/participants": "forces:training:view",
    "/api/v1/forces/formations": "forces:formation:view",
    "/api/v1/forces/formations/{key}": "forces:formation:view",
    "/api/v1/forces/contributions": "forces:contribution:view",
    "/api/v1/forces/contributions/{pk}": "forces:contribution:view",
    "/api/v1/forces/readiness": "forces:readinessreport:view",
    "/api/v1/forces/cooperation/organizations": "forces:cooperation:view",
    "/api/v1/forces/cooperation/organizations/{key}": "forces:cooperation:view",
    "/api/v1/forces/cooperation/events": "forces:cooperation:view",
    "/api/v1/forces/personnel": "forces:personneltraining:view",
    "/api/v1/response/requests": "response:request:view",
    "/api/v1/response/requests/{key}": "response:request:view",
    "/api/v1/response/consultations": "response:consultation:view",
    "/api/v1/response/consultations/{pk}": "response:consultation:view",
    "/api/v1/response/requests/{key}/decision": "response:consultation:view",
    "/api/v1/response/deployments": "response:deployment:view",
    "/api/v1/response/deployments/{key}": "response:deployment:view",
    "/api/v1/monitoring/stories": "monitoring:story:view",
    "/api/v1/monitoring/stories/{pk}": "monitoring:story:view",
    "/api/v1/monitoring/search": "monitoring:story:view",
    "/api/v1/monitoring/rules": "monitoring:rulesversion:view",
    "/api/v1/monitoring/rules/versions": "monitoring:rulesversion:view",
    "/api/v1/monitoring/items": "monitoring:item:view",
    "/api/v1/monitoring/items/{pk}": "monitoring:item:view",
    "/api/v1/monitoring/sources": "monitoring:source:view",
    "/api/v1/monitoring/sources/{key}": "monitoring:source:view",
}
PLACEHOLDERS = {"pk": "1", "key": "covid.confirmed", "country": "KAZ", "kind": "pdf"}


def reads() -> list[str]:
    """The paths of the API's GET operations, from its OpenAPI description."""
    paths = api.get_openapi_schema()["paths"]
    return sorted(path for path, operations in paths.items() if "get" in operations)


REQUIRED_QUERIES = {
    "/api/v1/crisis/series-group/{key}": "?country=KAZ",
    "/api/v1/forces/report": "?year=2020",
    "/api/v1/forces/trainings": "?year=2020",
    "/api/v1/forces/personnel": "?year=2020",
    "/api/v1/monitoring/search": "?q=exercise",
}


def filled(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: PLACEHOLDERS[match.group(1)], path) + REQUIRED_QUERIES.get(
        path, ""
    )


def bearer(scopes: list[str]) -> dict:
    user = make_user(f"centre-{len(scopes)}-{scopes[0].replace(':', '-')}", Role.SECRETARIAT_OFFICER)
    issued = create_token(user, "centre", scopes, datetime.timedelta(days=1), actor=SYSTEM)
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def test_every_read_outside_the_charter_is_listed():
    outside_charter = [path for path in reads() if not path.startswith("/api/v1/charter/")]
    assert outside_charter == sorted(READ_SCOPES)
    assert set(READ_SCOPES.values()) <= set(KNOWN_SCOPES)


@pytest.mark.parametrize("path", sorted(READ_SCOPES))
def test_a_token_without_the_read_scope_learns_nothing(client, path):
    others = [scope for scope in KNOWN_SCOPES if scope != READ_SCOPES[path]]
    response = client.get(filled(path), **bearer(others))
    assert response.status_code == 403, response.content
    assert READ_SCOPES[path] in response.json()["detail"]


@pytest.mark.parametrize("path", sorted(READ_SCOPES))
def test_the_read_scope_opens_the_read(client, path):
    response = client.get(filled(path), **bearer([READ_SCOPES[path]]))
    assert response.status_code in (200, 404), response.content


def test_the_open_charter_needs_no_scope(client):
    headers = bearer(["crisis:alert:change"])
    for path in reads():
        if path.startswith("/api/v1/charter/") and "{" not in path and "eligibility" not in path:
            assert client.get(path, **headers).status_code == 200, path


def test_a_browser_session_is_judged_by_role_not_scope(client):
    assert client.get("/api/v1/decisions/sessions").status_code == 200
    assert client.get("/api/v1/crisis/alerts").status_code == 200


def test_an_operation_names_a_permission_not_text(rf):
    request = rf.get("/api/v1/crisis/events")
    request.token_scopes = ["crisis:event:view"]
    with pytest.raises(TypeError):
        require_scope(request, "crisis:event:view")
    require_scope(request, Permission.EVENT_VIEW)


def test_token_scopes_are_the_permissions_and_nothing_else():
    assert tuple(permission.value for permission in Permission) == KNOWN_SCOPES
    assert all(len(scope.split(":")) == 3 for scope in KNOWN_SCOPES)


def test_no_api_module_writes_a_scope_as_text():
    for module in (Path(accord.__file__).parent).glob("*/api.py"):
        source = module.read_text(encoding="utf-8")
        assert not re.search(r"require_scope\(request, [\"']", source), module
        assert not re.search(r"writing\(\s*request,\s*[\"']", source), module
