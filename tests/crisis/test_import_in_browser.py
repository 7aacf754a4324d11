"""In a real browser against a real Accord: a Secretariat officer uploads a small GED file on
/crisis/, the run's page waits for a worker with a progress bar, a worker starts, and the page
(polling by itself) reaches the result with its counts."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.core.live import accord_environment, create_officer, run_accord, running_server, set_up
from tests.web.test_browser import officer_page

SOURCE = Path(__file__).resolve().parents[2] / "src"
SAMPLE = SOURCE / "accord" / "data" / "demo" / "ged-23.1-sample.csv"


@pytest.fixture(scope="module")
def accord(tmp_path_factory) -> Iterator[tuple[str, dict[str, str], Path]]:
    """Accord's web server alone (no worker yet) on its own SQLite database, with one officer."""
    data_dir = tmp_path_factory.mktemp("import-browser")
    environment = accord_environment(data_dir)
    set_up(environment)
    create_officer(environment)
    with running_server(environment, data_dir) as address:
        yield address, environment, data_dir


def test_an_uploaded_ged_file_is_imported_by_a_worker_while_the_page_shows_its_progress(accord, tmp_path):
    address, environment, data_dir = accord
    small = tmp_path / "ged-ten.csv"
    small.write_text(
        "".join(SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:11]), encoding="utf-8"
    )
    with officer_page(address) as (page, errors):
        page.goto(f"{address}/crisis/")
        form = page.locator("section.import-file form")
        form.locator("select[name=kind]").select_option("ucdp-ged")
        form.locator("input[name=file]").set_input_files(str(small))
        form.locator("button[type=submit]").click()

        expect(page).to_have_url(re.compile(r"/crisis/runs/\d+/$"))
        expect(page.locator("#run-progress progress")).to_be_visible()
        expect(page.locator("#run-progress .tag")).to_have_text("queued")

        worker = run_accord(environment, "worker", "--once")
        assert worker.returncode == 0, worker.stderr

        result = page.locator("#run-progress table.run-counts")
        expect(result).to_be_visible(timeout=15000)  # the page polls once a second, by itself
        expect(page.locator("#run-progress progress")).to_have_count(0)
        expect(page.locator("#run-progress .tag")).to_have_text("complete")
        expect(result.locator("td.added")).to_have_text("10")
        expect(result.locator("td.rejected")).to_have_text("0")
        page.screenshot(
            path=str(Path(os.environ.get("ACCORD_SCREENSHOTS", "/tmp")) / "accord-import-run.png"),
            full_page=True,
        )
        assert errors == [], f"the browser reported errors: {errors}"
    assert not any((data_dir / "imports").iterdir())  # the upload is gone once imported
