"""The rules in the API: the rules in force with their YAML and categories, the versions, and trying a
text (tags with their rules and words, figures, reasons); a token without the scope is refused."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.monitoring.rules_services import save_rules
from accord.monitoring.understanding.rulebook import shipped_rules_text
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_knowledge():
    from accord.monitoring.understanding.knowledge import forget

    forget()
    yield
    forget()


@pytest.fixture
def reader(client):
    login_verified(client, make_user("api-rules", Role.READER))
    return client


def test_the_rules_in_force_and_the_versions(reader):
    answer = reader.get("/api/v1/monitoring/rules")
    assert answer.status_code == 200
    data = answer.json()
    assert data["version"] == 0 and data["text"] == shipped_rules_text()
    keys = [category["key"] for category in data["categories"]]
    assert {"terrorism", "border-incident", "it-crime"} <= set(keys)
    assert reader.get("/api/v1/monitoring/rules/versions").json() == []
    save_rules(shipped_rules_text(), "the first version", actor=Actor.system("tests"))
    assert reader.get("/api/v1/monitoring/rules").json()["version"] == 1
    versions = reader.get("/api/v1/monitoring/rules/versions").json()
    assert [(found["number"], found["note"]) for found in versions] == [(1, "the first version")]


def test_trying_a_text_answers_with_the_reasons(reader):
    answer = reader.post(
        "/api/v1/monitoring/rules/try",
        {"text": "More than 30 channels of illegal migration were closed.", "language": "en"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    data = answer.json()
    category = next(tag for tag in data["tags"] if tag["key"] == "illegal-migration")
    assert category["rule"] == "rules:illegal-migration/1" and category["words"] == ["illegal migration"]
    assert [(figure["value"], figure["unit"], figure["qualifier"]) for figure in data["figures"]] == [
        (30.0, "channels", "more-than")
    ]
    assert any("illegal-migration" in reason for reason in data["reasons"])
    bad = reader.post(
        "/api/v1/monitoring/rules/try", {"text": "x", "language": "de"}, content_type="application/json"
    )
    assert bad.status_code == 422
