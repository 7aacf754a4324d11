"""Import runs become ``core.Run`` records: every recorded import is copied, keeping its id.

Events keep pointing at the same number, and change records about ``crisis.importrun`` N describe
what is now ``core.run`` N. Should an id be taken already (a run written by a job before this
migration), the import gets a new id and its events follow it.
"""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models

IMPORT_KINDS = ("ucdp-ged", "jhu-covid")


def run_values(old) -> dict:
    """A ``core.Run``'s fields from an import run's."""
    done = old.added + old.updated + old.unchanged
    return {
        "kind": old.kind,
        "subject": old.file_name[:300],
        "sha256": old.sha256,
        "actor_name": old.actor_name,
        "started_at": old.started_at,
        "finished_at": old.finished_at,
        "status": old.status,
        "done": done,
        "total": done,
        "added": old.added,
        "updated": old.updated,
        "unchanged": old.unchanged,
        "rejected": old.rejected,
    }


def copy_import_runs(apps, schema_editor) -> None:
    """Every ImportRun as a core.Run with the same id (a new one only where that id is taken)."""
    ImportRun = apps.get_model("crisis", "ImportRun")
    Run = apps.get_model("core", "Run")
    Event = apps.get_model("crisis", "Event")
    taken = set(Run.objects.values_list("id", flat=True))
    moved = []
    for old in ImportRun.objects.order_by("id").iterator():
        if old.id in taken:
            moved.append(old)
        else:
            Run.objects.create(id=old.id, **run_values(old))
    reset_run_ids(schema_editor, Run)
    for old in moved:
        new = Run.objects.create(**run_values(old))
        Event.objects.filter(import_run_id=old.id).update(import_run_id=new.id)


def reset_run_ids(schema_editor, Run) -> None:
    """PostgreSQL's id sequence past the copied ids (SQLite's AUTOINCREMENT follows by itself)."""
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), [Run])
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore_import_runs(apps, schema_editor) -> None:
    """Back: the import runs among the runs, as ImportRun records with the same ids."""
    ImportRun = apps.get_model("crisis", "ImportRun")
    Run = apps.get_model("core", "Run")
    imports = Run.objects.filter(
        models.Q(kind__in=IMPORT_KINDS) | models.Q(kind__startswith="mapped:")
    ).order_by("id")
    for run in imports.iterator():
        ImportRun.objects.create(
            id=run.id,
            kind=run.kind,
            file_name=run.subject,
            sha256=run.sha256,
            actor_name=run.actor_name,
            started_at=run.started_at,
            finished_at=run.finished_at,
            status=run.status if run.status in ("complete", "partial") else "complete",
            added=run.added,
            updated=run.updated,
            unchanged=run.unchanged,
            rejected=run.rejected,
        )
    reset_run_ids(schema_editor, ImportRun)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_run"),
        ("crisis", "0003_input_limits"),
    ]

    operations = [
        migrations.RunPython(copy_import_runs, restore_import_runs),
        migrations.AlterField(
            model_name="event",
            name="import_run",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="events",
                to="core.run",
                verbose_name="import",
            ),
        ),
        migrations.DeleteModel(name="ImportRun"),
    ]
