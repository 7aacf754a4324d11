"""Keeping sources: who may, what each kind needs, and the monitoring folders' fence."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.core.classification import Classification, Releasability
from accord.monitoring.models import Source
from accord.monitoring.sources_services import SourceError, create_source, set_active, update_source
from tests.accounts.helpers import make_user
from tests.monitoring.intake_helpers import own_roots

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(settings, tmp_path):
    return own_roots(settings, tmp_path)


@pytest.fixture
def officer() -> Actor:
    return Actor.for_user(make_user("src-crc", Role.CRC_DUTY_OFFICER))


def values(**changes) -> dict:
    return {
        "key": "wire",
        "name": "Wire",
        "kind": "api",
        "language": "en",
        "reliability": "B",
        "classification": Classification.PUBLIC,
        "releasability": Releasability.EVERYONE,
        **changes,
    }


def refused(field: str, **changes) -> SourceError:
    with pytest.raises(SourceError) as caught:
        create_source(values(**changes), actor=Actor.system("tests"))
    assert caught.value.field == field, caught.value
    return caught.value


def test_a_crc_officer_creates_and_changes_a_source(officer, roots):
    source = create_source(values(kind="folder", address=str(roots)), actor=officer)
    assert source.kind == "folder" and source.reliability == "B" and source.active
    assert update_source(source, {"name": "The wire", "every_minutes": 15}, actor=officer)
    source.refresh_from_db()
    assert source.name == "The wire" and source.every_minutes == 15
    assert not update_source(source, {"name": "The wire"}, actor=officer)
    set_active(source, False, actor=officer)
    source.refresh_from_db()
    assert not source.active


def test_a_reader_may_not_keep_sources():
    reader = Actor.for_user(make_user("src-reader", Role.READER))
    with pytest.raises(PermissionDenied):
        create_source(values(), actor=reader)
    source = create_source(values(key="kept"), actor=Actor.system("tests"))
    with pytest.raises(PermissionDenied):
        update_source(source, {"name": "Mine"}, actor=reader)


def test_refusals_name_their_field(roots):
    refused("key", key="")
    refused("kind", kind="telegraph")
    refused("language", language="de")
    refused("reliability", reliability="G")
    refused("every_minutes", every_minutes=-5)
    refused("address", kind="feed", address="ftp://news.example/feed")
    refused("address", kind="feed", address="news.example/feed")
    refused("address", kind="folder", address="")
    refused("release_to", releasability=Releasability.NAMED_STATES, release_to="")
    create_source(values(), actor=Actor.system("tests"))
    refused("key", name="Again")
    assert refused("nickname", key="other", nickname="x").field == "nickname"


def test_a_key_never_changes():
    source = create_source(values(key="fixed"), actor=Actor.system("tests"))
    with pytest.raises(SourceError) as caught:
        update_source(source, {"key": "moved"}, actor=Actor.system("tests"))
    assert caught.value.field == "key"


def test_a_folder_or_feed_file_outside_the_monitoring_folders_is_refused(roots, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    refused("address", kind="folder", address=str(outside))
    refused("address", kind="folder", address="/etc")
    refused("address", kind="folder", address=str(roots / ".." / "elsewhere"))
    refused("address", kind="folder", address="relative/folder")
    refused("address", kind="feed-file", address=str(outside / "feed.xml"))
    refused("address", kind="feed", address="file:///etc/passwd")
    escape = roots / "escape"
    escape.symlink_to(outside, target_is_directory=True)
    error = refused("address", kind="folder", address=str(escape))
    assert "monitoring folders" in str(error)
    inside = roots / "wire"
    inside.mkdir()
    assert create_source(values(kind="folder", address=str(inside)), actor=Actor.system("tests")).pk
    feed = roots / "feed.xml"
    created = create_source(
        values(key="feedfile", kind="feed-file", address=feed.as_uri()), actor=Actor.system("t")
    )
    assert created.kind == Source.Kind.FEED_FILE


def test_a_change_of_a_source_is_recorded(officer):
    from accord.core.models import ChangeRecord as Record

    source = create_source(values(key="recorded"), actor=officer)
    update_source(source, {"reliability": "C"}, actor=officer)
    records = Record.objects.filter(object_type="monitoring.source", object_id=str(source.pk))
    assert records.count() == 2
