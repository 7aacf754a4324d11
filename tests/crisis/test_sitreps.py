"""The daily situation report as a document: morning drafts, the assessment, approval (who may, the
number, the stored and hashed files, the freeze), corrections as new versions, and what a report
covers (every figure whole, the Organization's regions only, areas of interest apart)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.charter import gazetteer
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification, Releasability
from accord.core.models import ChangeRecord
from accord.crisis.models import Event, SituationReport
from accord.crisis.sitreps.services import (
    SitrepDocumentError,
    approve,
    draft_daily,
    new_version,
    set_assessment,
)
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
DAY = datetime.date(2021, 7, 25)  # the 206th day of 2021


def event(mark: str, country: str, *, days_before: int = 0, region: str = "", **values) -> Event:
    """A public event, recorded like any other."""
    made = Event(
        source="report",
        source_id=mark,
        date=DAY - datetime.timedelta(days=days_before),
        date_precision="day",
        place=mark,
        place_precision="country",
        country=country,
        region=region,
        category="terrorism",
        fatalities_best=1,
        classification=Classification.PUBLIC,
        releasability=Releasability.EVERYONE,
        **values,
    )
    save_with_record(made, actor=SYSTEM, reason="test")
    return made


@pytest.fixture
def officers():
    return {
        "duty": make_user("duty", Role.CRC_DUTY_OFFICER),
        "head": make_user("head", Role.CRC_HEAD),
        "secretariat": make_user("secretary", Role.SECRETARIAT_OFFICER),
        "liaison": make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ"),
        "reader": make_user("reader", Role.READER),
    }


def whole_area(day: datetime.date = DAY) -> SituationReport:
    return next(report for report in draft_daily(day) if report.scope == "all")


def assessed(report: SituationReport, officers) -> SituationReport:
    return set_assessment(report, Actor.for_user(officers["duty"]), "Calm overall.", "В целом спокойно.")


def test_the_morning_draft_covers_the_whole_area_and_each_region_once(officers):
    drafts = draft_daily(DAY)
    assert [report.scope for report in drafts] == ["all", *gazetteer.region_keys()]
    assert {report.status for report in drafts} == {"draft"} and {r.version for r in drafts} == {1}
    assessed(drafts[0], officers)
    again = draft_daily(DAY)
    assert [report.pk for report in again] == [report.pk for report in drafts], "no duplicates"
    assert SituationReport.objects.count() == len(drafts)
    assert again[0].assessment_en == "Calm overall.", "a person's assessment is never overwritten"


def test_the_morning_job_drafts_after_the_early_warning_run():
    from accord.core.jobs import declared_periodic

    by_name = {item.name: item for item in declared_periodic()}
    assert by_name["crisis.sitrep-draft"].at > by_name["crisis.early-warning"].at
    assert by_name["crisis.sitrep-draft"].every == datetime.timedelta(days=1)


def test_a_duty_officer_writes_the_assessment_in_both_languages(officers):
    report = assessed(whole_area(), officers)
    report.refresh_from_db()
    assert (report.assessment_en, report.assessment_ru, report.assessed_by) == (
        "Calm overall.",
        "В целом спокойно.",
        "duty",
    )
    record = ChangeRecord.objects.filter(
        object_type="crisis.situationreport", object_id=str(report.pk)
    ).last()
    assert record.actor_name == "duty" and record.after["assessment_ru"] == "В целом спокойно."
    with pytest.raises(PermissionDenied):
        set_assessment(report, Actor.for_user(officers["reader"]), "x", "x")
    with pytest.raises(SitrepDocumentError) as refused:
        set_assessment(report, Actor.for_user(officers["duty"]), "x" * 20001, "")
    assert refused.value.field == "assessment_en"


def test_only_a_secretariat_officer_or_the_crc_head_approves_and_never_the_author(officers):
    report = assessed(whole_area(), officers)
    for who in ("duty", "liaison", "reader"):
        with pytest.raises(PermissionDenied):
            approve(report, Actor.for_user(officers[who]))
    own = set_assessment(report, Actor.for_user(officers["head"]), "Head's own view.", "Мнение главы.")
    with pytest.raises(PermissionDenied, match="other than the author"):
        approve(own, Actor.for_user(officers["head"]))
    assert approve(own, Actor.for_user(officers["secretariat"])).status == "approved"
    region = assessed(draft_daily(DAY)[1], officers)
    assert approve(region, Actor.for_user(officers["head"])).approved_by == "head"


def test_a_report_is_approved_only_with_its_assessment(officers):
    with pytest.raises(SitrepDocumentError) as refused:
        approve(whole_area(), Actor.for_user(officers["head"]))
    assert refused.value.field == "assessment_en"


def test_approval_numbers_the_report_by_year_and_day_of_the_year(officers):
    report = approve(assessed(whole_area(), officers), Actor.for_user(officers["head"]))
    assert report.number == "CRC-2021-206"
    region = next(r for r in draft_daily(DAY) if r.scope == "central-asian")
    assert approve(assessed(region, officers), Actor.for_user(officers["head"])).number == (
        "CRC-2021-206-central-asian"
    )
    correction = new_version(report, Actor.for_user(officers["duty"]))
    assert approve(correction, Actor.for_user(officers["head"])).number == "CRC-2021-206-v2"


def test_an_approved_report_is_frozen(officers):
    report = approve(assessed(whole_area(), officers), Actor.for_user(officers["head"]))
    with pytest.raises(SitrepDocumentError) as refused:
        set_assessment(report, Actor.for_user(officers["duty"]), "Changed.", "Изменено.")
    assert refused.value.field == "status"
    with pytest.raises(SitrepDocumentError):
        approve(report, Actor.for_user(officers["secretariat"]))
    report.refresh_from_db()
    assert report.assessment_en == "Calm overall."


def test_the_stored_files_are_what_was_hashed_and_what_is_downloaded(client, officers):
    event("vis-kaz-bomb", "KAZ", region="central-asian")
    report = approve(assessed(whole_area(), officers), Actor.for_user(officers["head"]))
    report.refresh_from_db()
    html, pdf = bytes(report.html), bytes(report.pdf)
    assert pdf.startswith(b"%PDF-") and b"vis-kaz-bomb" in html and b"CRC-2021-206" in html
    assert hashlib.sha256(html).hexdigest() == report.html_sha256
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
    assert "<style>" in html.decode(), "the stored document carries its stylesheet"
    record = ChangeRecord.objects.filter(
        object_type="crisis.situationreport", object_id=str(report.pk)
    ).last()
    assert record.after["pdf_sha256"] == report.pdf_sha256 and "pdf" not in record.after
    assert "html" not in record.after, "the change record holds the hashes, not the document"
    login_verified(client, officers["reader"])
    download = client.get(f"/crisis/sitreps/{report.pk}/report.pdf")
    assert download.content == pdf and download["Content-Disposition"].startswith("attachment")
    assert client.get(f"/crisis/sitreps/{report.pk}/report.html").content == html
    page = client.get(f"/crisis/sitreps/{report.pk}/").content.decode()
    assert report.pdf_sha256 in page and "vis-kaz-bomb" in page and "<style>" not in page


def test_a_correction_is_a_new_version_that_supersedes_the_old_one(officers):
    first = approve(assessed(whole_area(), officers), Actor.for_user(officers["head"]))
    SituationReport.objects.filter(pk=first.pk).update(classification=Classification.SECRET)
    first.refresh_from_db()
    correction = new_version(first, Actor.for_user(officers["duty"]))
    assert (correction.version, correction.status, correction.supersedes_id) == (2, "draft", first.pk)
    assert correction.classification == Classification.SECRET, "never less protected than what it names"
    assert correction.assessment_en == "Calm overall."
    with pytest.raises(SitrepDocumentError):
        new_version(first, Actor.for_user(officers["duty"]))  # one correction at a time
    first.refresh_from_db()
    assert first.status == "approved", "the old version stands until the correction is approved"
    set_assessment(correction, Actor.for_user(officers["duty"]), "Corrected.", "Исправлено.")
    approve(correction, Actor.for_user(officers["head"]))
    first.refresh_from_db()
    assert first.status == "superseded" and first.pdf_sha256, "both versions are kept"
    assert draft_daily(DAY)[0].pk == correction.pk, "the morning job leaves the versions alone"


def test_figures_are_never_capped(client, officers):
    for index in range(35):
        event(f"kaz-{index}", "KAZ", region="central-asian", days_before=index % 5)
    report = whole_area()
    login_verified(client, officers["duty"])
    page = client.get(f"/crisis/sitreps/{report.pk}/").content.decode()
    assert '<b class="figure-events">35</b>' in page
    assert "The first 30 of 35 new events." in page
    assert "/api/v1/crisis/events?start=2021-07-19&amp;end=2021-07-25" in page


def test_all_regions_means_the_organizations_regions(client, officers):
    event("in-kazakhstan", "KAZ", region="central-asian")
    for code in ("YEM", "COD", "MEX"):
        event(f"in-{code}", code)
    login_verified(client, officers["duty"])
    page = client.get(f"/crisis/sitreps/{whole_area().pk}/").content.decode()
    assert "in-kazakhstan" in page
    assert not {"in-YEM", "in-COD", "in-MEX"} & {word for word in page.split() if word.startswith("in-")}
    assert "in-MEX" not in page and "in-YEM" not in page and "in-COD" not in page


def test_areas_of_interest_are_shown_apart_and_labelled(client, officers):
    event("in-afghanistan", "AFG")
    event("at-panj", "TJK", region="central-asian", latitude=37.2, longitude=69.1)  # on the border
    event("in-khujand", "TJK", region="central-asian", latitude=40.28, longitude=69.62)  # north of it
    login_verified(client, officers["duty"])
    page = client.get(f"/crisis/sitreps/{whole_area().pk}/").content.decode()
    sections = page.split('<section class="area-of-interest">')
    members, areas = sections[0], sections[1:]
    assert [section.split("</h2>")[0] for section in areas] == [
        "\n<h2>Area of interest: Afghanistan",
        "\n<h2>Area of interest: Tajik-Afghan border",
    ]
    assert "in-afghanistan" not in members and '<b class="figure-events">2</b>' in members
    assert "in-afghanistan" in areas[0] and "at-panj" not in areas[0]
    assert "at-panj" in areas[1] and "in-khujand" not in areas[1] and "in-afghanistan" not in areas[1]


def test_the_list_searches_filters_and_sorts_newest_first(client, officers):
    older = approve(
        assessed(whole_area(DAY - datetime.timedelta(days=1)), officers), Actor.for_user(officers["head"])
    )
    newer = whole_area()
    login_verified(client, officers["duty"])
    listed = client.get("/crisis/sitreps/").content.decode()
    assert listed.index(f"/crisis/sitreps/{newer.pk}/") < listed.index(f"/crisis/sitreps/{older.pk}/")
    found = client.get("/crisis/sitreps/", {"q": "CRC-2021-205"}).content.decode()
    assert f"/crisis/sitreps/{older.pk}/" in found and f"/crisis/sitreps/{newer.pk}/" not in found
    assert "Calm overall" not in client.get("/crisis/sitreps/", {"q": "nothing-like-it"}).content.decode()
    drafts = client.get("/crisis/sitreps/", {"status": "draft", "scope": "all"}).content.decode()
    assert f"/crisis/sitreps/{newer.pk}/" in drafts and f"/crisis/sitreps/{older.pk}/" not in drafts
    assert client.get("/crisis/sitreps/", {"date": "2021-07-24"}).content.decode().count("CRC-2021-205") >= 1


def test_the_report_page_writes_approves_and_corrects(client, officers):
    report = whole_area()
    login_verified(client, officers["duty"])
    answer = client.post(
        f"/crisis/sitreps/{report.pk}/",
        {"action": "assessment", "assessment_en": "Quiet.", "assessment_ru": "Тихо."},
    )
    assert answer.status_code == 302
    page = client.get(f"/crisis/sitreps/{report.pk}/").content.decode()
    assert 'value="approve"' not in page, "a duty officer does not approve"
    client.logout()
    login_verified(client, officers["head"])
    assert 'value="approve"' in client.get(f"/crisis/sitreps/{report.pk}/").content.decode()
    assert client.post(f"/crisis/sitreps/{report.pk}/", {"action": "approve"}).status_code == 302
    frozen = client.post(
        f"/crisis/sitreps/{report.pk}/", {"action": "assessment", "assessment_en": "x", "assessment_ru": "x"}
    )
    assert frozen.status_code == 200 and "status:" in frozen.content.decode()
    corrected = client.post(f"/crisis/sitreps/{report.pk}/", {"action": "new-version"})
    assert corrected.status_code == 302 and corrected["Location"] != f"/crisis/sitreps/{report.pk}/"


def test_approval_notifies_those_cleared_to_read_the_report_but_not_the_approver(officers):
    from accord.crisis.models import Notification

    report = approve(assessed(whole_area(), officers), Actor.for_user(officers["head"]))
    told = set(
        Notification.objects.filter(kind="sitrep.approved", object_id=str(report.pk)).values_list(
            "recipient__username", flat=True
        )
    )
    assert "duty" in told and "head" not in told
    assert report.number == "CRC-2021-206"


def test_the_api_lists_shows_downloads_assesses_and_approves(client, officers):
    report = whole_area()
    login_verified(client, officers["duty"])
    url = f"/api/v1/crisis/sitreps/{report.pk}"
    listed = client.get("/api/v1/crisis/sitreps", {"scope": "all"}).json()
    assert [row["id"] for row in listed["items"]] == [report.pk]
    bad = client.post(f"{url}/assessment", {"assessment_en": 5}, content_type="application/json")
    assert bad.status_code == 422 and "assessment_ru" in str(bad.json()["detail"])
    written = client.post(
        f"{url}/assessment",
        {"assessment_en": "Quiet.", "assessment_ru": "Тихо."},
        content_type="application/json",
    )
    assert written.status_code == 200 and written.json()["assessment_ru"] == "Тихо."
    assert client.post(f"{url}/approve").status_code == 403, "a duty officer does not approve"
    assert client.get(f"{url}/files/pdf").status_code == 404, "a draft has no stored files"
    client.logout()
    login_verified(client, officers["head"])
    approved = client.post(f"{url}/approve").json()
    assert approved["number"] == "CRC-2021-206" and approved["status"] == "approved"
    frozen = client.post(
        f"{url}/assessment", {"assessment_en": "x", "assessment_ru": "x"}, content_type="application/json"
    )
    assert frozen.status_code == 422 and frozen.json()["detail"].startswith("status: ")
    pdf = client.get(f"{url}/files/pdf")
    assert (
        hashlib.sha256(pdf.content).hexdigest()
        == approved["pdf_sha256"]
        == client.get(url).json()["pdf_sha256"]
    )
    assert client.post(f"{url}/versions").status_code == 201


def test_the_morning_job_drafts_once_however_often_it_runs():
    from accord.core.models import Run
    from accord.crisis.jobs import draft_daily_sitreps
    from tests.core.test_jobs import run_worker_once

    first = draft_daily_sitreps.submit(SYSTEM, date=DAY.isoformat())
    run_worker_once()
    again = draft_daily_sitreps.submit(SYSTEM, date=DAY.isoformat())
    run_worker_once()
    first.refresh_from_db()
    again.refresh_from_db()
    scopes = 1 + len(gazetteer.region_keys())
    assert (first.status, first.added, again.status, again.added, again.unchanged) == (
        Run.Status.COMPLETE,
        scopes,
        Run.Status.COMPLETE,
        0,
        scopes,
    )
    assert SituationReport.objects.filter(report_date=DAY, drafted_by="system:tests").count() == scopes
