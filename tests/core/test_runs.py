"""A run records one piece of work and is followed by the user who started it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accord.accounts.models import Role
from accord.core.audit import Actor
from accord.core.models import Run
from accord.core.runs import add_message, finish_run, report_progress, start_run
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db


def test_a_run_moves_from_running_to_finished_with_progress_and_counts() -> None:
    run = start_run("ged", Actor.system("test"), subject="events.csv", total=200)
    report_progress(run, 50)
    assert Run.objects.get(pk=run.pk).percent == 25
    add_message(run, "line 3: date: not a date", line=3)
    finish_run(run, Run.Status.PARTIAL, added=40, rejected=1)
    stored = Run.objects.get(pk=run.pk)
    assert stored.is_finished and stored.finished_at is not None
    assert (stored.added, stored.rejected, stored.messages[0]["line"]) == (40, 1, 3)


def test_a_run_is_seen_by_its_actor_and_administrators_only() -> None:
    owner = make_user("run-owner", Role.SECRETARIAT_OFFICER)
    other = make_user("run-other", Role.SECRETARIAT_OFFICER)
    admin = make_user("run-admin", Role.ADMINISTRATOR)
    run = start_run("job", Actor.for_user(owner), subject="import")
    assert list(Run.objects.restrict(owner)) == [run]
    assert not Run.objects.restrict(other).exists()
    assert Run.objects.restrict(admin).filter(pk=run.pk).exists()
    assert not Run.objects.restrict(AnonymousUser()).exists()
