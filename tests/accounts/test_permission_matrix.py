"""The permission matrix: every role × affiliation status × classification × releasability, on every path.

The expected visibility is written out here by hand, independently of the policy code, and every
path that shows documents — the list page, search, the CSV and JSON exports, the API list and
count, the detail page, the API detail, the history page — must show exactly those records.
"""

from __future__ import annotations

import csv
import io
import itertools
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from accord.accounts.models import Role
from accord.charter.models import State, StateStatus
from accord.core.audit import Actor
from accord.decisions.services import create_document
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db

P, R, C, S = 0, 1, 2, 3
# affiliation -> (state code or None, highest classification it may see, releasabilities it may see)
EXPECTED = {
    "member": ("KAZ", S, {"everyone", "members-and-partners", "members-only", "named-own"}),
    "partner": ("SRB", R, {"everyone", "members-and-partners", "named-own"}),
    "observer": ("AFG", P, {"everyone", "named-own"}),
    "suspended": ("UZB", P, {"everyone", "named-own"}),
    "secretariat": (
        None,
        S,
        {"everyone", "members-and-partners", "members-only", "named-own", "named-other"},
    ),
}
PUBLIC_SEES = (P, {"everyone"})
LABELS = ["everyone", "members-and-partners", "members-only", "named-own", "named-other"]


@pytest.fixture
def statuses(actor):
    """Serbia a partner and Afghanistan an observer from 2022 (Kazakhstan a member, Uzbekistan suspended)."""
    for code, status in (("SRB", "partner"), ("AFG", "observer")):
        StateStatus.objects.create(state=State.objects.get(code=code), status=status, valid_from="2022-01-01")


@pytest.fixture
def documents(statuses):
    """One document per classification and release label."""
    made = {}
    for level, label in itertools.product((P, R, C, S), LABELS):
        releasability = "named-states" if label.startswith("named") else label
        release_to = (
            ["KAZ", "SRB", "AFG", "UZB"]
            if label == "named-own"
            else ["ARM"]
            if label == "named-other"
            else []
        )
        document = create_document(
            {
                "kind": "decision",
                "title_en": f"doc-{level}-{label}",
                "date": "2022-06-01",
                "classification": level,
                "releasability": releasability,
                "release_to": release_to,
            },
            actor=Actor.system("tests"),
        )
        made[(level, label)] = document
    return made


def expected_titles(affiliation: str | None, clearance: int = S) -> set[str]:
    """The documents an affiliation may see, by the table above."""
    if affiliation is None:
        cap, labels = PUBLIC_SEES
    else:
        _, status_cap, labels = EXPECTED[affiliation]
        cap = min(status_cap, clearance)
    return {
        f"doc-{level}-{label}"
        for level, label in itertools.product((P, R, C, S), LABELS)
        if level <= cap and label in labels
    }


def titles_on_list_page(client: Client, **params) -> set[str]:
    page = client.get("/documents/", params).content.decode()
    return {
        title
        for level, label in itertools.product((P, R, C, S), LABELS)
        if (title := f"doc-{level}-{label}") + "<" in page
    }


def seen_everywhere(client: Client, documents) -> dict[str, set[str]]:
    """The titles each path shows."""
    search = {"q": "doc-"}
    exported_csv = client.get("/documents/export.csv", search).content.decode()
    exported_json = json.loads(client.get("/documents/export.json", search).content)
    api_list = client.get("/api/v1/decisions/documents", search).json()
    paths = {
        "page": titles_on_list_page(client),
        "search": titles_on_list_page(client, q="doc-"),
        "csv": {row["title_en"] for row in csv.DictReader(io.StringIO(exported_csv))},
        "json": {row["title_en"] for row in exported_json},
        "api": {row["title_en"] for row in api_list["items"]},
        "detail": set(),
        "api-detail": set(),
        "history": set(),
    }
    count = client.get("/api/v1/decisions/documents/count", search).json()["count"]
    assert count == api_list["count"] == len(paths["api"])
    for document in documents.values():
        if client.get(f"/documents/{document.pk}/").status_code == 200:
            paths["detail"].add(document.title_en)
        if client.get(f"/api/v1/decisions/documents/{document.pk}").status_code == 200:
            paths["api-detail"].add(document.title_en)
        if client.get(f"/history/decisions.document/{document.pk}/").status_code == 200:
            paths["history"].add(document.title_en)
    return paths


def assert_exactly(paths: dict[str, set[str]], expected: set[str]) -> None:
    for path, seen in paths.items():
        assert seen == expected, (
            f"{path}: leaked {sorted(seen - expected)}, missing {sorted(expected - seen)}"
        )


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("affiliation", EXPECTED)
def test_each_role_and_affiliation_sees_exactly_its_documents(client, documents, role, affiliation):
    state = EXPECTED[affiliation][0]
    user = make_user(f"{role}-{affiliation}", role, state=state)
    login_verified(client, user)
    assert_exactly(seen_everywhere(client, documents), expected_titles(affiliation))


def test_the_public_sees_only_public_documents_released_to_everyone(client, documents):
    assert_exactly(seen_everywhere(client, documents), expected_titles(None))
    assert expected_titles(None) == {"doc-0-everyone"}


@pytest.mark.parametrize(("affiliation", "clearance"), [("member", R), ("secretariat", C), ("partner", P)])
def test_clearance_caps_what_a_user_sees(client, documents, affiliation, clearance):
    user = make_user(
        f"cleared-{affiliation}", Role.READER, state=EXPECTED[affiliation][0], clearance=clearance
    )
    login_verified(client, user)
    assert_exactly(seen_everywhere(client, documents), expected_titles(affiliation, clearance))


def test_a_user_who_owes_the_second_factor_sees_nothing_not_even_the_public_view(client, documents):
    user = make_user("unverified", Role.SECRETARIAT_OFFICER)
    client.force_login(user)
    assert client.get("/documents/").status_code == 302
    refused = client.get("/api/v1/decisions/documents", {"q": "doc-"})
    assert refused.status_code == 401 and "second factor" in refused.json()["detail"]


def test_a_status_change_changes_what_a_states_users_see(client, documents):
    reader = make_user("serbian-reader", Role.READER, state="SRB")
    login_verified(client, reader)
    assert titles_on_list_page(client) == expected_titles("partner")
    StateStatus.objects.filter(state__code="SRB").update(valid_to="2023-01-01")
    StateStatus.objects.create(state=State.objects.get(code="SRB"), status="member", valid_from="2023-01-01")
    assert titles_on_list_page(client) == expected_titles("member")


def test_visibility_depends_on_the_date(documents):
    from accord.accounts.policy import may_see_record

    reader = make_user("afghan-reader", Role.READER, state="AFG")
    observer_only = documents[(P, "members-and-partners")]
    StateStatus.objects.filter(state__code="AFG").update(valid_to="2024-01-01")
    StateStatus.objects.create(state=State.objects.get(code="AFG"), status="partner", valid_from="2024-01-01")
    import datetime

    assert not may_see_record(reader, observer_only, datetime.date(2023, 6, 1))
    assert may_see_record(reader, observer_only, datetime.date(2024, 6, 1))
    assert not may_see_record(AnonymousUser(), observer_only, datetime.date(2024, 6, 1))


def test_an_inactive_user_sees_nothing_beyond_the_public(client, documents):
    user = make_user("gone", Role.READER, state="KAZ")
    user.is_active = False
    user.save()
    client.force_login(user)
    assert titles_on_list_page(client) == expected_titles(None)
