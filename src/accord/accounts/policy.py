"""The access policy behind ``restrict(user, action)`` and ``may_add``.

Viewing: the charter (the open regulatory framework) and its sources are public. Classified
records are visible as :func:`accord.accounts.rules.may_see` decides, from the user's
affiliation, its status today, and their clearance — administrators included: managing Accord
does not open every record. A change record is a copy of the record it describes, so it is
visible only to those who may see that record (a deleted one is judged by the labels of its
last snapshot), and only when the labels in its own snapshots allow it too. The log of reads
is for auditors alone; the head of the chain is for no one but the system.

Writing: administrators and Secretariat officers write the charter and documents; a national
liaison officer records their own state's ratifications and reports; roles a model names (CRC duty
officers for alerts) change the records of it they see; only administrators manage users and tokens.

The policy knows no model by name: each model declares how it is seen and who writes it (see
:mod:`accord.core.access`), and the functions here read those declarations. A user's visibility and
their state's status are worked out once per request (:func:`accord.core.access.cached`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import BigIntegerField, CharField, IntegerField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts import rules
from accord.accounts.models import Role
from accord.charter import models as charter
from accord.charter.facts import status_kind as status_kind_of
from accord.charter.models import StateStatus, StatusRight
from accord.charter.rules.status_kinds import DEFAULT_KINDS, StatusKind, kind_named
from accord.core.access import (
    SYSTEM_USER,
    Action,
    SystemUser,
    cached,
    is_admin_only,
    is_audit_trail,
    is_classified,
    is_described_copy,
    is_public,
    is_system_only,
    own_records_field,
    owner_state_field,
    parent_path,
    reader_roles,
    scoped_writer_roles,
    write_rights,
    writer_roles,
)
from accord.core.classification import ClassifiedModel
from accord.core.models import ChangeRecord


def is_active_user(user: Any) -> bool:
    """Logged in and not disabled."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def profile_for(user: Any) -> rules.Profile:
    """The policy's view of a user."""
    if isinstance(user, SystemUser):
        return rules.Profile("system")
    if not is_active_user(user):
        return rules.Profile("public")
    if user.affiliation_state_id:
        return rules.Profile("state", user.clearance, user.affiliation_state.code)
    return rules.Profile("body", user.clearance)


def status_on(state_code: str | None, on: datetime.date) -> str | None:
    """A state's status on a date, straight from its recorded intervals (once per request)."""
    if state_code is None:
        return None
    return cached(("status", state_code, on), lambda: recorded_status(state_code, on))


def recorded_status(state_code: str, on: datetime.date) -> str | None:
    """A state's status on a date, read from the charter (open to all; read as the policy itself)."""
    span = (
        StateStatus.objects.restrict(SYSTEM_USER)
        .filter(state__code=state_code)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .first()
    )
    return span.status if span else None


def visibility_for(user: Any, on: datetime.date | None = None) -> rules.Visibility:
    """What ``user`` may see on a date (today by default), worked out once per request."""
    profile = profile_for(user)
    on = on or timezone.localdate()
    return cached(("visibility", profile, on), lambda: visibility_of(profile, on))


def visibility_of(profile: rules.Profile, on: datetime.date) -> rules.Visibility:
    """What a user with this profile may see on a date."""
    status = status_on(profile.state, on) if profile.kind == "state" else None
    return rules.visibility(profile, status, status_kind(status) if status else None)


def status_kind(status: str) -> StatusKind:
    """What the charter file lets a status see (once per request; the shipped reading if unrecorded)."""
    return cached(("status-kind", status), lambda: recorded_status_kind(status))


def recorded_status_kind(status: str) -> StatusKind:
    """The recorded definition of a status, read as the policy itself."""
    item = charter.StatusKind.objects.restrict(SYSTEM_USER).filter(key=status).first()
    return status_kind_of(item) if item else kind_named(DEFAULT_KINDS, status)


def visibility_q(visible: rules.Visibility, prefix: str = "") -> Q:
    """The same decision as :meth:`Visibility.permits`, as a database filter.

    ``prefix`` names other columns holding the labels (``before_classification`` …), so that the
    labels kept in a change record's snapshot are judged by the very same rule.
    """
    if visible.everything:
        return Q()
    if visible.max_classification is None:
        return Q(pk__in=[])
    releasability, release_to = f"{prefix}releasability", f"{prefix}release_to"
    releases = visible.releases - {rules.NAMED_STATES}
    allowed = Q(**{f"{releasability}__in": sorted(releases)})
    if rules.NAMED_STATES in visible.releases and visible.all_named_states:
        allowed |= Q(**{releasability: rules.NAMED_STATES})
    elif rules.NAMED_STATES in visible.releases and visible.state:
        allowed |= Q(**{releasability: rules.NAMED_STATES, f"{release_to}__contains": f",{visible.state},"})
    return Q(**{f"{prefix}classification__lte": visible.max_classification}) & allowed


def may_see_record(user: Any, record: ClassifiedModel, on: datetime.date | None = None) -> bool:
    """The single decision for one record on one date."""
    return visibility_for(user, on).permits(
        record.classification, record.releasability, record.release_to_codes
    )


def writer_filter(user: Any, model: type[models.Model]) -> Q | None:
    """Records of ``model`` the user may change or delete: Q() for all, a filter, or None for none."""
    if isinstance(user, SystemUser):
        return Q()
    if not is_active_user(user):
        return None
    if is_administrator(user):
        return Q()
    if not written_by_people(model):
        return None
    if user.role == Role.SECRETARIAT_OFFICER and not user.affiliation_state_id:
        return Q()
    if user.role in writer_roles(model):
        return Q()
    scoped = scoped_writer_roles(model).get(user.role)
    if scoped is not None:
        return Q(**scoped)
    own_field = owner_state_field(model)
    if user.role == Role.LIAISON_OFFICER and own_field and user.affiliation_state_id:
        state = user.affiliation_state.code
        return Q(**{own_field: state}) if status_grants_write(state, model) else None
    return None


def is_administrator(user: Any) -> bool:
    """An active user who manages Accord (the administrator role, or Django's superuser flag)."""
    return is_active_user(user) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def written_by_people(model: type[models.Model]) -> bool:
    """Whether anyone but an administrator writes the model's records: not users, tokens and runs
    (managed by administrators), not the audit trail and rollups (written by Accord itself)."""
    return not (
        is_admin_only(model)
        or is_system_only(model)
        or is_audit_trail(model)
        or is_described_copy(model)
        or reader_roles(model)
    )


def status_grants_write(state: str, model: type[models.Model]) -> bool:
    """Whether a state's status today carries a charter right to write ``model`` records for itself."""
    status = status_on(state, timezone.localdate())
    needed = sorted(write_rights(model))
    return (
        bool(status)
        and StatusRight.objects.restrict(SYSTEM_USER).filter(status=status, key__in=needed).exists()
    )


def may_add(user: Any, model: type[models.Model], state: str | None) -> bool:
    """Whether a user may create a record of ``model`` (belonging to ``state``, where relevant)."""
    allowed = writer_filter(user, model)
    if allowed is None:
        return False
    if allowed == Q() or user.role in scoped_writer_roles(model):
        return True  # a scoped writer's service checks the record it wrote falls within the scope
    return state is not None and state == user.affiliation_state.code


def add_refusal_reason(user: Any, model: type[models.Model], state: str | None) -> str:
    """Why a user may not create a record of ``model`` (for ``state``): shown with the refusal."""
    kind = model._meta.verbose_name
    if not is_active_user(user):
        return _("log in to add a %(kind)s") % {"kind": kind}
    own_field = owner_state_field(model)
    if user.role == Role.LIAISON_OFFICER and own_field and user.affiliation_state_id:
        own = user.affiliation_state.code
        if state != own:
            return _("a liaison officer adds a %(kind)s for their own state (%(state)s) only") % {
                "kind": kind,
                "state": own,
            }
        if not status_grants_write(own, model):
            status = status_on(own, timezone.localdate())
            return _(
                "%(state)s is %(status)s in the Organization today, "
                "and the charter gives that status no right to add a %(kind)s"
            ) % {"state": own, "status": status or _("without a status"), "kind": kind}
    return _("your role does not allow adding a %(kind)s") % {"kind": kind}


def parent_model(model: type[models.Model], path: str) -> type[models.Model]:
    """The model at the end of a lookup path such as ``item__session``."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def through_parent_filter(user: Any, model: type[models.Model]) -> Q:
    """Records visible because the classified record they belong to is (minutes, agenda items …)."""
    path = parent_path(model)
    return Q(**{f"{path}__in": parent_model(model, path).objects.restrict(user, Action.VIEW)})


SNAPSHOT_SIDES = ("before", "after")


def snapshot_labels(side: str) -> dict[str, Any]:
    """The labels kept in one side of a change record's snapshot, as columns ``<side>_<label>``.

    Cast to plain columns so that the lookups of :func:`visibility_q` compare text and numbers,
    not JSON values.
    """
    return {
        f"{side}_classification": Cast(KT(f"{side}__classification"), IntegerField()),
        f"{side}_releasability": Cast(KT(f"{side}__releasability"), CharField()),
        f"{side}_release_to": Cast(KT(f"{side}__release_to"), CharField()),
    }


def snapshot_labels_filter(visible: rules.Visibility) -> Q:
    """Each snapshot that carries labels must be one the user may see: a snapshot of a SECRET
    version stays SECRET even after the record was downgraded."""
    allowed = Q()
    for side in SNAPSHOT_SIDES:
        allowed &= Q(**{f"{side}_classification__isnull": True}) | visibility_q(visible, f"{side}_")
    return allowed


def deletions_of(model: type[models.Model]) -> models.QuerySet:
    """The delete records of a model's objects, with the labels of their last snapshot."""
    return ChangeRecord.objects.filter(
        object_type=model._meta.label_lower, action=ChangeRecord.Action.DELETE
    ).annotate(**snapshot_labels("before"))


def deleted_visible_ids(user: Any, model: type[models.Model], visible: rules.Visibility) -> Any:
    """Ids of deleted objects the user could see, judged by their last snapshot.

    A classified record by its own labels; a record seen through its parent (minutes, agenda
    items …) by the parent it named, which must still be visible. Anything else stays hidden.
    """
    if is_classified(model):
        return deletions_of(model).filter(visibility_q(visible, "before_")).values("object_id")
    parent_field = model._meta.get_field(parent_path(model).split("__")[0])
    parent_ids = parent_field.related_model.objects.restrict(user).values("pk")
    return (
        deletions_of(model)
        .annotate(parent_id=Cast(KT(f"before__{parent_field.attname}"), BigIntegerField()))
        .filter(parent_id__in=parent_ids)
        .values("object_id")
    )


def described_object_filter(user: Any, model: type[models.Model], visible: rules.Visibility) -> Q:
    """Change records of the objects of ``model`` that the user may see, existing or deleted."""
    label = model._meta.label_lower
    if is_public(model):
        return Q(object_type=label)
    if not hasattr(model._default_manager, "restrict"):
        return Q(pk__in=[])
    ids = model._default_manager.restrict(user).annotate(text_id=Cast("pk", CharField())).values("text_id")
    allowed = Q(object_id__in=ids)
    if is_classified(model) or parent_path(model):
        allowed |= Q(object_id__in=deleted_visible_ids(user, model, visible))
    return Q(object_type=label) & allowed


def change_record_filter(user: Any) -> Q:
    """Change records the user may see: of a visible object, with snapshots they may see.

    Administrators and the Secretariat are judged like everyone else: a snapshot of a classified
    record is a classified record. Only the object types present in the chain are considered.
    """
    visible = visibility_for(user)
    described = Q(pk__in=[])
    present = set(ChangeRecord.objects.order_by().values_list("object_type", flat=True).distinct())
    for model in apps.get_models():
        if model._meta.label_lower in present:
            described |= described_object_filter(user, model, visible)
    records = ChangeRecord.objects.annotate(**snapshot_labels("before"), **snapshot_labels("after"))
    return Q(pk__in=records.filter(described & snapshot_labels_filter(visible)).values("pk"))


def is_auditor(user: Any) -> bool:
    """An active user holding the auditor role (the only people who read the log of reads)."""
    return is_active_user(user) and getattr(user, "role", None) == Role.AUDITOR


def has_reader_role(user: Any, model: type[models.Model]) -> bool:
    """An active user holding one of the roles the model is limited to (auditors for the read log)."""
    return is_active_user(user) and getattr(user, "role", None) in reader_roles(model)


def admin_only_filter(user: Any, queryset: models.QuerySet) -> models.QuerySet:
    """Administrators see every record; a user sees their own, where the model names its owner."""
    if isinstance(user, SystemUser) or is_administrator(user):
        return queryset
    own_field = own_records_field(queryset.model)
    if own_field and is_active_user(user):
        return queryset.filter(**{own_field: user.pk})
    return queryset.none()


def view_filter(user: Any, queryset: models.QuerySet) -> models.QuerySet:
    """Narrow ``queryset`` to what ``user`` may see, as its model declares it is seen."""
    model = queryset.model
    if is_classified(model):
        return queryset.filter(visibility_q(visibility_for(user)))
    if parent_path(model):
        return queryset.filter(through_parent_filter(user, model))
    if is_public(model) or isinstance(user, SystemUser):
        return queryset
    if is_described_copy(model):
        return queryset.filter(change_record_filter(user))
    if reader_roles(model):
        return queryset if has_reader_role(user, model) else queryset.none()
    if is_admin_only(model):
        return admin_only_filter(user, queryset)
    return queryset.none()  # a rollup the system reads, or a model that declares nothing


def access_policy(user: Any, queryset: models.QuerySet, action: str) -> models.QuerySet:
    """Narrow ``queryset`` to what ``user`` may ``action``."""
    if action != Action.VIEW:
        allowed = writer_filter(user, queryset.model)
        if allowed is None:
            return queryset.none()
        return queryset.filter(allowed) & view_filter(user, queryset)
    return view_filter(user, queryset)
