"""The admin pages for users and tokens: reachable by administrators, and their changes recorded."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import AccessChangeRequest, ApiToken, Role, User
from accord.accounts.tokens import create_token
from accord.charter.models import State
from accord.core.models import ChangeRecord
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    administrator = make_user("root", Role.ADMINISTRATOR)
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    login_verified(client, administrator)
    return client


def test_an_administrator_edits_a_user_and_the_change_is_recorded(admin_client):
    reader = make_user("someone", Role.READER, state="KAZ")
    page = admin_client.get(f"/admin/accounts/user/{reader.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "username": "someone",
            "role": "liaison-officer",
            "affiliation_state": reader.affiliation_state_id,
            "clearance": 2,
            "date_joined_0": "2022-01-01",
            "date_joined_1": "00:00:00",
            "is_active": "on",
        }
    )
    data.pop("last_login", None)
    data.pop("affiliation_body", None)
    response = admin_client.post(f"/admin/accounts/user/{reader.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert User.objects.get(pk=reader.pk).role == Role.LIAISON_OFFICER
    change = ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(reader.pk)).latest("id")
    assert (change.actor_name, change.before["role"], change.after["role"]) == (
        "root",
        "reader",
        "liaison-officer",
    )


def test_tokens_are_revoked_from_the_admin(admin_client, actor):
    owner = make_user("centre", Role.LIAISON_OFFICER, state="KAZ")
    issued = create_token(
        owner, "centre", ["decisions:document:view"], datetime.timedelta(days=5), actor=actor
    )
    assert admin_client.get("/admin/accounts/apitoken/").status_code == 200
    admin_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [issued.token.pk]}
    )
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is not None


def test_a_secretariat_officer_has_no_admin_pages(client):
    officer = make_user("officer", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    assert client.get("/admin/accounts/user/").status_code == 302


# --- Managing Accord never opens a record --------------------------------------------------------


def make_admin(username: str, clearance: int = 3) -> User:
    """An administrator as the services make one (staff and superuser come with the role)."""
    user = make_user(username, Role.ADMINISTRATOR, clearance=clearance)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def user_form(client, user: User, **changes) -> dict:
    """What the admin's user form posts, with ``changes`` applied."""
    form = client.get(f"/admin/accounts/user/{user.pk}/change/").context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list) and name != "last_login"
    }
    data.update(
        {
            "date_joined_0": "2022-01-01",
            "date_joined_1": "00:00:00",
            "is_active": "on",
            "affiliation_state": user.affiliation_state_id or "",
            "affiliation_body": user.affiliation_body_id or "",
        }
    )
    data.update(changes)
    return data


def secret_document_titled(title: str):
    from accord.core.audit import Actor
    from accord.decisions.services import create_document

    return create_document(
        {
            "kind": "decision",
            "title_en": title,
            "text": "the full secret text",
            "date": "2022-01-01",
            "classification": 3,
            "releasability": "members-only",
        },
        actor=Actor.system("tests"),
    )


def test_a_restricted_administrator_reads_no_secret_change_record(client):
    document = secret_document_titled("Operation Nightfall")
    record = ChangeRecord.objects.get(object_type="decisions.document", object_id=str(document.pk))
    login_verified(client, make_admin("capped", clearance=1))
    listing = client.get("/admin/core/changerecord/", {"q": "Nightfall"})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 0
    assert "Operation Nightfall" not in listing.content.decode()
    assert "Operation Nightfall" not in client.get("/admin/core/changerecord/").content.decode()
    opened = client.get(f"/admin/core/changerecord/{record.pk}/change/", follow=True)
    assert "the full secret text" not in opened.content.decode()
    assert "Operation Nightfall" not in opened.content.decode()


def test_a_cleared_administrator_reads_the_change_record(client):
    document = secret_document_titled("Operation Daybreak")
    record = ChangeRecord.objects.get(object_type="decisions.document", object_id=str(document.pk))
    login_verified(client, make_admin("cleared"))
    assert "Daybreak" in client.get("/admin/core/changerecord/", {"q": "Daybreak"}).content.decode()
    assert client.get(f"/admin/core/changerecord/{record.pk}/change/").status_code == 200


def test_nobody_raises_their_own_clearance_in_the_admin(client):
    administrator = make_admin("ambitious", clearance=1)
    login_verified(client, administrator)
    response = client.post(
        f"/admin/accounts/user/{administrator.pk}/change/", user_form(client, administrator, clearance=3)
    )
    assert response.status_code == 200
    assert "nobody changes their own role, clearance or affiliation" in response.content.decode()
    assert User.objects.get(pk=administrator.pk).clearance == 1
    assert not AccessChangeRequest.objects.exists()


def test_nobody_changes_their_own_affiliation_in_the_admin(client):
    administrator = make_admin("wanderer")
    login_verified(client, administrator)
    kazakhstan = State.objects.get(code="KAZ")
    data = user_form(client, administrator, affiliation_state=kazakhstan.pk, affiliation_body="")
    response = client.post(f"/admin/accounts/user/{administrator.pk}/change/", data)
    assert "nobody changes their own" in response.content.decode()
    assert User.objects.get(pk=administrator.pk).affiliation_state_id is None


def test_raising_a_clearance_waits_for_a_second_administrator(client):
    first, second = make_admin("first"), make_admin("second")
    reader = make_user("promoted", Role.READER, clearance=0)
    login_verified(client, first)
    response = client.post(
        f"/admin/accounts/user/{reader.pk}/change/", user_form(client, reader, clearance=3)
    )
    assert response.status_code == 302
    assert User.objects.get(pk=reader.pk).clearance == 0
    request = AccessChangeRequest.objects.get(user=reader)
    assert (request.field, request.from_value, request.to_value, request.status) == (
        "clearance",
        "0",
        "3",
        "pending",
    )
    assert (request.requested_by, request.requested_by_name) == (first, "first")

    approve = {"action": "approve", "_selected_action": [request.pk]}
    refused = client.post("/admin/accounts/accesschangerequest/", approve, follow=True)
    assert "cannot approve; a second one must" in refused.content.decode()
    assert User.objects.get(pk=reader.pk).clearance == 0

    client.logout()
    login_verified(client, second)
    client.post("/admin/accounts/accesschangerequest/", approve)
    assert User.objects.get(pk=reader.pk).clearance == 3
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.decided_at is not None) == ("approved", second, True)
    applied = ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(reader.pk)).latest("id")
    assert (applied.actor_name, applied.before["clearance"], applied.after["clearance"]) == ("second", 0, 3)


def test_an_approver_must_hold_the_clearance_asked_for(client):
    first, capped = make_admin("asker"), make_admin("capped-approver", clearance=2)
    reader = make_user("to-be-secret", Role.READER, clearance=0)
    login_verified(client, first)
    client.post(f"/admin/accounts/user/{reader.pk}/change/", user_form(client, reader, clearance=3))
    request = AccessChangeRequest.objects.get(user=reader)
    client.logout()
    login_verified(client, capped)
    page = client.post(
        "/admin/accounts/accesschangerequest/",
        {"action": "approve", "_selected_action": [request.pk]},
        follow=True,
    )
    assert "must hold at least SECRET clearance" in page.content.decode()
    assert User.objects.get(pk=reader.pk).clearance == 0


def test_granting_the_administrator_role_waits_for_a_second_administrator(client):
    first = make_admin("granter")
    officer = make_user("officer-to-admin", Role.SECRETARIAT_OFFICER)
    login_verified(client, first)
    client.post(
        f"/admin/accounts/user/{officer.pk}/change/", user_form(client, officer, role="administrator")
    )
    officer.refresh_from_db()
    assert (officer.role, officer.is_staff, officer.is_superuser) == ("secretariat-officer", False, False)
    assert AccessChangeRequest.objects.get(user=officer).to_value == "administrator"


def test_lowering_a_clearance_applies_at_once(client):
    administrator = make_admin("lowering")
    officer = make_user("demoted", Role.SECRETARIAT_OFFICER, clearance=3)
    login_verified(client, administrator)
    client.post(f"/admin/accounts/user/{officer.pk}/change/", user_form(client, officer, clearance=1))
    assert User.objects.get(pk=officer.pk).clearance == 1
    assert not AccessChangeRequest.objects.exists()


def test_the_admin_offers_no_way_around_the_roles(client):
    administrator = make_admin("no-shortcut")
    reader = make_user("plain", Role.READER)
    login_verified(client, administrator)
    form = client.get(f"/admin/accounts/user/{reader.pk}/change/").context["adminform"].form
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)


def test_no_admin_page_shows_or_plants_a_second_factor(client):
    login_verified(client, make_admin("curious"))
    for path in ("/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/", "/admin/auth/group/"):
        assert client.get(path).status_code == 404, path


# Admin pages of other projects' models that hold no record of Accord; each says why it may stay.
UNRESTRICTED_ADMIN_PAGES = {
    # django-axes: failed logins by user name and address, for lifting a lockout.
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def test_every_admin_page_reads_through_restrict():
    from django.contrib import admin

    from accord.core.admin import RestrictedAdmin

    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in UNRESTRICTED_ADMIN_PAGES:
            continue
        assert isinstance(model_admin, RestrictedAdmin), f"the admin page of {label} bypasses restrict()"
        assert hasattr(model._default_manager, "restrict"), label


def test_an_admin_page_lists_only_what_its_user_may_see(rf):
    from django.contrib import admin

    from accord.decisions.models import Document

    secret_document_titled("Operation Midnight")
    request = rf.get("/admin/")
    request.user = make_admin("lister", clearance=1)
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in UNRESTRICTED_ADMIN_PAGES:
            continue
        listed = model_admin.get_queryset(request)
        assert set(listed.values_list("pk", flat=True)) == set(
            model._default_manager.restrict(request.user).values_list("pk", flat=True)
        ), model._meta.label_lower
    assert not Document.objects.restrict(request.user).filter(title_en="Operation Midnight").exists()


def set_password(client, user: User, password: str = "A brand new passphrase 99"):
    return client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": password, "password2": password, "usable_password": "true"},
        follow=True,
    )


def test_an_administrator_cannot_take_over_an_account_cleared_higher_by_setting_its_password(client):
    """A RESTRICTED administrator who set a SECRET reader's password would read SECRET as them."""
    secret = secret_document_titled("Operation Longbow")
    reader = make_user("cleared-reader", Role.READER, clearance=3)
    unchanged = reader.password
    login_verified(client, make_admin("capped-setter", clearance=1))
    page = set_password(client, reader)
    assert "may see records you may not (clearance SECRET" in page.content.decode()
    reader.refresh_from_db()
    assert reader.password == unchanged
    outsider = logged_in_with_password("cleared-reader", "A brand new passphrase 99")
    assert outsider.get(f"/documents/{secret.pk}/").status_code == 404


def test_an_administrator_cannot_set_the_password_of_an_auditor(client):
    auditor = make_user("the-auditor", Role.AUDITOR, clearance=1)
    login_verified(client, make_admin("setter", clearance=3))
    set_password(client, auditor)
    assert User.objects.get(pk=auditor.pk).password == auditor.password


def test_a_password_set_within_reach_is_recorded_without_the_hash(client):
    reader = make_user("forgetful", Role.READER, clearance=1)
    login_verified(client, make_admin("helper", clearance=3))
    assert set_password(client, reader).status_code == 200
    reader.refresh_from_db()
    assert reader.check_password("A brand new passphrase 99")
    change = ChangeRecord.objects.filter(object_type="accounts.user", object_id=str(reader.pk)).latest("id")
    assert (change.actor_name, change.reason) == ("helper", "password set in the admin pages")
    assert reader.password not in str(change.before) + str(change.after)


def logged_in_with_password(username: str, password: str):
    from django.test import Client

    outsider = Client()
    outsider.post("/accounts/login/", {"username": username, "password": password})
    return outsider


def test_an_administrator_of_a_partner_state_cannot_take_over_a_secretariat_account(client):
    """Same clearance, wider reach: the Secretariat sees what a partner state's people may not."""
    from accord.charter.models import StateStatus

    StateStatus.objects.create(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01")
    officer = make_user("secretariat-reader", Role.READER, clearance=1)
    partner_admin = make_user("partner-admin", Role.ADMINISTRATOR, state="SRB", clearance=1)
    partner_admin.is_staff = partner_admin.is_superuser = True
    partner_admin.save()
    login_verified(client, partner_admin)
    set_password(client, officer)
    assert User.objects.get(pk=officer.pk).password == officer.password


def add_user_form(**values) -> dict:
    password = "A brand new passphrase 99"
    return {
        "username": "newcomer",
        "usable_password": "true",
        "password1": password,
        "password2": password,
        **values,
    }


def test_adding_a_user_in_the_admin_needs_an_affiliation_and_writes_nothing_without_one(admin_client):
    before = (User.objects.count(), ChangeRecord.objects.count())
    page = admin_client.post("/admin/accounts/user/add/", add_user_form())
    assert page.status_code == 200
    assert "say where the user belongs" in page.content.decode()
    assert (User.objects.count(), ChangeRecord.objects.count()) == before


def test_a_user_added_in_the_admin_is_a_reader_with_the_lowest_clearance_on_the_record(admin_client):
    kaz = State.objects.get(code="KAZ")
    response = admin_client.post(
        "/admin/accounts/user/add/",
        add_user_form(affiliation_state=kaz.pk, clearance=3, role="administrator"),
    )
    assert response.status_code == 302
    added = User.objects.get(username="newcomer")
    assert (added.role, added.clearance, added.affiliation_state, added.is_staff) == ("reader", 0, kaz, False)
    assert added.check_password("A brand new passphrase 99")
    record = ChangeRecord.objects.get(object_type="accounts.user", object_id=str(added.pk), action="create")
    assert (record.actor_name, record.reason) == ("root", "created in the admin pages")
    assert "password" not in record.after
