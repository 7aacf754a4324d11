"""``accord setup``: everything a fresh installation needs, safe to run again.

Compiles translations, applies migrations, loads the reference data and the CSTO charter, and
(in embedded mode) creates a demo administrator whose password is generated and kept in the data
folder, so that it can be shown again on the next run.
"""

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command

from accord.accounts.models import User
from accord.accounts.services import create_administrator
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.cli import AccordCommand
from accord.crisis.alerts import run_member_early_warning
from accord.monitoring.demo import load_monitoring_demo

DEMO_USERNAME = "admin"
DEMO_DIR = Path(__file__).resolve().parents[3] / "data" / "demo"


def demo_password_file() -> Path:
    """Where the demo administrator's generated password is kept (owner-readable only)."""
    return Path(settings.DATA_DIR) / "demo-admin-password"


def ensure_demo_administrator() -> tuple[str, str | None]:
    """Create the demo administrator once; return its name and password (if still known)."""
    path = demo_password_file()
    if User.objects.filter(username=DEMO_USERNAME).exists():
        return DEMO_USERNAME, path.read_text(encoding="utf-8").strip() if path.exists() else None
    password = secrets.token_urlsafe(12)
    create_administrator(
        DEMO_USERNAME, password, actor=Actor.system("setup"), clearance=Classification.SECRET
    )
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return DEMO_USERNAME, password


class Command(AccordCommand):
    help = (
        "Set Accord up: translations, database, reference data, the CSTO charter and decisions, a demo admin."
    )
    json_option = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--charter", default="csto", help="the charter to load (default: csto)")
        parser.add_argument(
            "--no-demo-admin", action="store_true", help="do not create the demo administrator"
        )
        parser.add_argument(
            "--no-demo-data", action="store_true", help="do not import the demo events and series"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("compile_translations")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database ready: " + str(settings.DATABASES["default"]["NAME"]))
        call_command("load_reference", stdout=self.stdout)
        call_command("load_charter", options["charter"], stdout=self.stdout)
        call_command("load_decisions", options["charter"], stdout=self.stdout)
        call_command("load_forces", options["charter"], stdout=self.stdout)
        call_command("load_response", options["charter"], stdout=self.stdout)
        if not options["no_demo_data"]:
            call_command(
                "events", "import", "ucdp-ged", str(DEMO_DIR / "ged-23.1-sample.csv"), stdout=self.stdout
            )
            call_command(
                "series",
                "import",
                "jhu-covid",
                str(DEMO_DIR / "countries-aggregated.csv"),
                stdout=self.stdout,
            )
            run = run_member_early_warning(actor=Actor.system("early-warning"))
            self.stdout.write(
                f"early-warning alerts raised: {len(run.alerts)}; "
                f"alert episodes stored: {run.changes.stored}, still open: {len(run.changes.opened)}"
            )
            demo = load_monitoring_demo(Actor.system("setup"))
            self.stdout.write(
                f"monitoring demo source {demo.source.key}: items added {demo.added}, "
                f"already there {demo.unchanged}, failed {demo.failed}"
            )
        if options["no_demo_admin"] or settings.MODE == "production":
            return
        username, password = ensure_demo_administrator()
        shown = password or f"(set it with: accord user set-password {username})"
        self.stdout.write(
            self.style.SUCCESS(
                f"Log in at http://127.0.0.1:8000/accounts/login/ as {username!r} with password {shown}"
            )
        )
