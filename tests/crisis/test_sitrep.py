"""The daily situation report: one template for the page, the HTML file and the PDF."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.crisis.alerts import run_early_warning
from accord.crisis.ingest.ged import import_ged
from accord.crisis.ingest.jhu import import_jhu_covid
from accord.crisis.models import Series
from accord.crisis.services import report_event
from tests.accounts.helpers import login_verified, make_user
from tests.crisis.ingest.helpers import COVID, SHIPPED_GED

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


@pytest.fixture
def picture(tmp_path):
    import_ged(SHIPPED_GED, actor=SYSTEM)
    path = tmp_path / "kaz.csv"
    with COVID.open(encoding="utf-8") as source:
        lines = source.readlines()
    path.write_text(
        "".join([lines[0], *[line for line in lines if ",Kazakhstan," in line]]), encoding="utf-8"
    )
    import_jhu_covid(path, actor=SYSTEM)
    series = Series.objects.get(key="covid.confirmed", country="KAZ")
    run_early_warning(series, datetime.date(2021, 7, 1), datetime.date(2021, 7, 31), actor=SYSTEM)
    officer = make_user("tjk-officer", Role.LIAISON_OFFICER, state="TJK")
    report_event(
        {
            "date": datetime.date(2021, 7, 24),
            "country": "TJK",
            "category": "drug-trafficking",
            "place": "Panj",
            "latitude": 37.2,
            "longitude": 69.1,
            "fatalities": 0,
            "description": "Seizure",
        },
        actor=Actor.for_user(officer),
    )


def test_html_report(picture, tmp_path):
    out = tmp_path / "sitrep.html"
    call_command(
        "sitrep", "--date", "2021-07-25", "--region", "central-asian", "--format", "html", "--out", str(out)
    )
    html = out.read_text(encoding="utf-8")
    assert "Daily situation report" in html and "25 July 2021" in html
    assert "RESTRICTED" in html, "the report carries the highest classification of what it shows"
    assert "EARS C2" in html and "2021-05-11" in html, "the episodes open on the day, named"
    assert html.count("<svg") >= 3, "the map and the charts, drawn without JavaScript"
    assert "Panj" in html, "new events"
    assert "COVID-19 data of the Johns Hopkins University CSSE" in html, "the sources of the figures"
    assert "<script" not in html


def test_pdf_report(picture, tmp_path):
    out = tmp_path / "sitrep.pdf"
    call_command(
        "sitrep", "--date", "2021-07-25", "--region", "central-asian", "--format", "pdf", "--out", str(out)
    )
    assert out.read_bytes().startswith(b"%PDF-")
    assert len(out.read_bytes()) > 20_000


def test_report_in_russian(picture, tmp_path):
    out = tmp_path / "sitrep.html"
    call_command("sitrep", "--date", "2021-07-25", "--format", "html", "--out", str(out), "--language", "ru")
    html = out.read_text(encoding="utf-8")
    assert 'lang="ru"' in html and "25 июля 2021" in html


def test_bad_region():
    with pytest.raises(CommandError, match="unknown region 'atlantic'"):
        call_command("sitrep", "--date", "2021-07-25", "--region", "atlantic", "--out", "/dev/null")


def test_the_report_page_shows_only_what_the_reader_may_see(client, picture):
    public = client.get("/crisis/sitrep/", {"date": "2021-07-25", "region": "central-asian"}).content.decode()
    assert "Panj" not in public and "2021-05-11" not in public
    member = make_user("kaz-reader", Role.READER, state="KAZ")
    login_verified(client, member)
    page = client.get("/crisis/sitrep/", {"date": "2021-07-25", "region": "central-asian"}).content.decode()
    assert "Panj" in page and "2021-05-11" in page
    pdf = client.get("/crisis/sitrep/", {"date": "2021-07-25", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert client.get("/crisis/sitrep/", {"date": "25.07.2021"}).status_code == 400


def test_an_output_folder_that_does_not_exist_exits_2_before_the_report_is_made(tmp_path):
    out = tmp_path / "missing" / "dir" / "x.pdf"
    with pytest.raises(CommandError) as caught:
        call_command("sitrep", "--date", "2021-07-25", "--format", "pdf", "--out", str(out))
    assert caught.value.returncode == 2
    assert str(caught.value) == f"{out}: cannot be written: the folder {out.parent} does not exist"
    with pytest.raises(CommandError, match="is a folder: name the file to write"):
        call_command("sitrep", "--date", "2021-07-25", "--out", str(tmp_path))
