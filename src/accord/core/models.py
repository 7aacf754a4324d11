"""Models every app relies on: where facts come from, and the record of every change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.access import RestrictedManager


class Source(models.Model):
    """A text or data set that facts come from (an interview, a treaty, a data file)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    address = models.CharField(_("address or file"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    content_sha256 = models.CharField(_("SHA-256 of the loaded file"), max_length=64, blank=True)

    access_public = True
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}: {self.title}"


class ChangeRecord(models.Model):
    """One change to one object, chained by hash to the record before it.

    Written by :func:`accord.core.audit.record_change` in the same transaction as the change,
    never by signals, so importers and the CLI leave the same trail as the web forms.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")

    at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # How ``hash`` was made: "hmac-sha256:KEYID" (keyed, see accord.core.chain), or "sha256" for the
    # records written before the chain was keyed. A record created any other way than
    # record_change() gets "sha256" and breaks the chain once keyed records exist.
    scheme = models.CharField(_("hash scheme"), max_length=32, default="sha256")

    access_as_described = True
    audit_trail = True
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class ChainHead(models.Model):
    """The newest change record's id and hash, so that removing records from the end is noticed."""

    last_id = models.BigIntegerField(_("last record"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("head of the change chain")
        verbose_name_plural = _("head of the change chain")

    def __str__(self) -> str:
        return f"{self.last_id}: {self.last_hash[:12]}"


class ReadRecord(models.Model):
    """Someone read a CONFIDENTIAL or SECRET record (page, API or export)."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    classification = models.PositiveSmallIntegerField(_("classification"))
    via = models.CharField(_("via"), max_length=16)

    access_roles = frozenset({"auditor"})  # who read what is for auditors alone
    audit_trail = True
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("read record")
        verbose_name_plural = _("read records")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} read {self.object_type}#{self.object_id}"


class Run(models.Model):
    """One piece of work done for someone: an import, a background job, a feed poll, a file sync.

    Every kind writes the same record so that a user follows their own work (progress while it runs,
    counts and messages when it ends) and an operator sees what failed and why, in one place.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        COMPLETE = "complete", _("complete")
        PARTIAL = "partial", _("good rows only")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    FINISHED = (Status.COMPLETE, Status.PARTIAL, Status.REFUSED, Status.FAILED)

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    subject = models.CharField(_("file or subject"), max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("to do"), null=True, blank=True)
    added = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    messages = models.JSONField(_("messages"), default=list, blank=True)

    access_admin_only = True
    access_own_field = "actor_user"  # whoever started it follows it
    objects = RestrictedManager()

    class Meta:
        verbose_name = _("run")
        verbose_name_plural = _("runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def is_finished(self) -> bool:
        """Whether the work has ended, however it ended."""
        return self.status in self.FINISHED

    @property
    def percent(self) -> int | None:
        """Progress as a whole percentage, when the amount of work is known."""
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))


class FileRow(models.Model):
    """A row a data file loaded: which file, which row of which table, and the values it gave it.

    Written only by :mod:`accord.core.sync`, so that reloading a file touches the rows that file
    owns and never what people recorded: a row with no ``FileRow`` of a file is not that file's.
    ``values_sha256`` is the digest of the values the file last wrote (over ``fields``), which tells
    a row left as loaded from one changed since. Bookkeeping like :class:`ChainHead`: nobody reads
    it but the sync, so it has no restricted manager.
    """

    file = models.CharField(_("data file"), max_length=200)
    model = models.CharField(_("table"), max_length=100)
    natural_key = models.TextField(_("natural key"))
    object_id = models.CharField(_("object id"), max_length=64)
    fields = models.JSONField(_("fields the file sets"), default=list)
    values_sha256 = models.CharField(_("SHA-256 of the loaded values"), max_length=64)
    path = models.CharField(_("loaded from"), max_length=500, blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("row loaded from a file")
        verbose_name_plural = _("rows loaded from files")
        constraints = [
            models.UniqueConstraint(fields=["file", "model", "natural_key"], name="filerow_unique_key")
        ]
        indexes = [models.Index(fields=["model", "object_id"], name="filerow_object")]

    def __str__(self) -> str:
        return f"{self.file}: {self.model} {self.natural_key}"


class WorkerBeat(models.Model):
    """A running ``accord worker``: where it runs and when it was last seen.

    A job whose worker is gone (killed, its machine down) would otherwise stay "running" for ever;
    the other workers read these rows to tell a slow job from a lost one (``accord.core.workers``).
    Bookkeeping of the machinery, seen by no page: no restricted manager.
    """

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class PeriodicSlot(models.Model):
    """One due time of a periodic job, written once by the worker that queues it.

    The pair (name, due_at) is unique, so when several workers reach the same due time only the
    first insert succeeds and the job is queued once, on SQLite and PostgreSQL alike.
    """

    name = models.CharField(_("periodic job"), max_length=100)
    due_at = models.DateTimeField(_("due at"))
    run = models.ForeignKey(Run, verbose_name=_("run"), null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("periodic job slot")
        verbose_name_plural = _("periodic job slots")
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="periodic_slot_once")]

    def __str__(self) -> str:
        return f"{self.name} {self.due_at:%Y-%m-%d %H:%M}"
