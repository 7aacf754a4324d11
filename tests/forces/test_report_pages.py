"""The yearly report's page, its downloads and its API: for logged-in readers, as each may see it,
in both languages; refused to the public; the forces index and the site's navigation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.forces import report
from tests.accounts.helpers import login_verified, make_user
from tests.forces.report_helpers import events, sections  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_reader(client):
    login_verified(client, make_user("js-officer", Role.SECRETARIAT_OFFICER, clearance=Classification.SECRET))
    return client


@pytest.fixture
def restricted_reader(client):
    login_verified(
        client,
        make_user("kaz-reader", Role.LIAISON_OFFICER, state="KAZ", clearance=Classification.RESTRICTED),
    )
    return client


@pytest.mark.usefixtures("sections", "events")
def test_the_page_shows_the_report_of_the_year(secret_reader):
    page = secret_reader.get("/forces/report/", {"year": "2020"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Yearly activity report 2020" in text and "Secretplace" in text
    assert text.count("SECRET · members only") == 2, "the banner at the top and the bottom"
    assert '<option value="2020" selected>' in text, "the year picker"
    assert 'href="/forces/report/2020.html"' in text and 'href="/forces/report/2020.pdf"' in text
    assert 'href="#source-seed-002"' in text and 'id="source-seed-002"' in text


@pytest.mark.usefixtures("sections", "events")
def test_a_reader_sees_only_what_they_may(restricted_reader):
    text = restricted_reader.get("/forces/report/", {"year": "2020"}).content.decode()
    assert "Publicplace" in text and "Secretplace" not in text
    assert "PUBLIC · everyone" in text and "SECRET" not in text


@pytest.mark.usefixtures("sections")
def test_the_page_without_a_year_opens_on_last_year(secret_reader):
    saved = list(report.YEAR_FINDERS)
    report.YEAR_FINDERS.clear()
    try:
        page = secret_reader.get("/forces/report/")
    finally:
        report.YEAR_FINDERS[:] = saved
    assert page.status_code == 200
    assert f"Yearly activity report {timezone.localdate().year - 1}" in page.content.decode()


def test_the_page_without_a_year_opens_on_the_latest_year_with_activity(secret_reader):
    page = secret_reader.get("/forces/report/")
    assert "Yearly activity report 2021" in page.content.decode()


@pytest.mark.parametrize(("year", "said"), [("1950", "before 1992"), ("abc", "four-digit year")])
def test_a_bad_year_is_explained_on_the_page(secret_reader, year, said):
    page = secret_reader.get("/forces/report/", {"year": year})
    assert page.status_code == 400
    text = page.content.decode()
    assert said in text and 'role="alert"' in text and 'name="year"' in text


@pytest.mark.usefixtures("sections", "events")
def test_the_html_download_is_self_contained(secret_reader):
    response = secret_reader.get("/forces/report/2020.html")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="yearly-report-2020-en.html"'
    html = response.content.decode()
    assert "<style>" in html and "<link" not in html and "<script" not in html
    assert "SECRET · members only" in html and "Secretplace" in html


@pytest.mark.usefixtures("sections", "events")
def test_the_pdf_download(secret_reader):
    response = secret_reader.get("/forces/report/2020.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["X-Accord-Classification"] == str(Classification.SECRET)


def test_downloads_refuse_a_bad_year_or_kind(secret_reader):
    assert secret_reader.get("/forces/report/1900.pdf").status_code == 400
    assert secret_reader.get(f"/forces/report/{timezone.localdate().year + 5}.html").status_code == 400
    assert secret_reader.get("/forces/report/2020.docx").status_code == 404


@pytest.mark.parametrize(
    "address", ["/forces/report/?year=2020", "/forces/report/2020.html", "/forces/report/2020.pdf"]
)
def test_the_public_is_sent_to_log_in(client, address):
    response = client.get(address)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.usefixtures("sections", "events")
def test_the_page_in_russian(secret_reader):
    text = secret_reader.get("/forces/report/", {"year": "2020"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'lang="ru"' in text
    assert "Годовой отчёт о деятельности за 2020 год" in text and "Содержание" in text
    assert "СЕКРЕТНО" in text, "the banner in the reader's language"
    assert "15 мая 2020" in text, "the source's date in Russian"
    pdf = secret_reader.get("/forces/report/2020.pdf", HTTP_ACCEPT_LANGUAGE="ru")
    assert pdf["Content-Disposition"].endswith('yearly-report-2020-ru.pdf"')


# The API.


@pytest.mark.usefixtures("sections", "events")
def test_the_api_answers_the_report(secret_reader):
    response = secret_reader.get("/api/v1/forces/report", {"year": 2020})
    assert response.status_code == 200
    shown = response.json()
    assert shown["classification"] == Classification.SECRET
    assert [section["key"] for section in shown["sections"]] == ["test-trainings", "test-events"]
    assert shown["sections"][1]["tables"][0]["rows"][1][1] == {
        "text": "5",
        "value": 5,
        "sources": ["seed-002"],
    }
    assert {source["key"] for source in shown["sources"]} == {"seed-002", "no-such-source"}


@pytest.mark.usefixtures("sections")
def test_the_api_in_russian(secret_reader):
    shown = secret_reader.get("/api/v1/forces/report", {"year": 2020}, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert shown["title"] == "Годовой отчёт о деятельности за 2020 год"
    assert shown["classification_name"] == "ОТКРЫТО"


def test_the_api_refuses_a_year_out_of_range_naming_it(secret_reader):
    response = secret_reader.get("/api/v1/forces/report", {"year": 1980})
    assert response.status_code == 422
    assert "year" in response.content.decode() and "1992" in response.content.decode()


def test_the_api_needs_the_year(secret_reader):
    assert secret_reader.get("/api/v1/forces/report").status_code == 422


def test_the_api_refuses_the_public(client):
    assert client.get("/api/v1/forces/report", {"year": 2020}).status_code == 401


@pytest.mark.usefixtures("sections")
def test_a_token_needs_the_report_scope(client):
    user = make_user("js-machine", Role.SECRETARIAT_OFFICER)
    actor = Actor.system("tests")
    without = create_token(user, "other", ["crisis:event:view"], datetime.timedelta(days=1), actor=actor)
    with_scope = create_token(user, "report", ["forces:report:view"], datetime.timedelta(days=1), actor=actor)
    refused = client.get("/api/v1/forces/report?year=2020", HTTP_AUTHORIZATION=f"Bearer {without.secret}")
    assert refused.status_code == 403
    shown = client.get("/api/v1/forces/report?year=2020", HTTP_AUTHORIZATION=f"Bearer {with_scope.secret}")
    assert shown.status_code == 200 and shown.json()["year"] == 2020


# The index and the navigation.


def test_the_forces_index_links_the_report(client):
    page = client.get("/forces/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<h1>Collective forces</h1>" in text and 'href="/forces/report/"' in text
    assert 'href="/forces/">Forces</a>' in text, "one link in the site's navigation"


def test_the_forces_index_in_russian(client):
    text = client.get("/forces/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Коллективные силы" in text and "Годовой отчёт о деятельности" in text
