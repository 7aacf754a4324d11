"""Recording a chairmanship or an appointment, checked against the charter's turns.

A chair for a year must be the state the rotation projects and hold a status that may chair; an
appointee must be a national of a member state whose status allows the post, and, for a full term
of the Secretary General, the state whose turn it is. What the rules refuse is refused with their
reasons, unless the person records an override with its reason: it is kept on the record
(``override_reason``) and shown wherever the chair or the appointment appears.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accord.charter import models as charter
from accord.charter.facts import load_facts
from accord.charter.presenters import reasons_text
from accord.charter.rules.turns import appointment_turn, chair_turn
from accord.charter.services import CharterError, checked_text, ensure_source
from accord.charter.status_changes import RuleRefusal
from accord.core.access import require_add
from accord.core.answers import Answer
from accord.core.audit import Actor, save_with_record
from accord.core.validation import InvalidValue, check_fields, check_year


@dataclass(frozen=True)
class ChairChange:
    """The chair for a year that a person asks to record."""

    state: charter.State
    year: int
    source: str
    note: str = ""
    override: str = ""


@dataclass(frozen=True)
class AppointmentChange:
    """An appointment a person asks to record (open when ``until`` is None)."""

    post: str
    person: str
    state: charter.State
    start: datetime.date
    source: str
    until: datetime.date | None = None
    acting: bool = False
    person_ru: str = ""
    override: str = ""


def refuse_unless_overridden(answer: Answer, override: str, field: str) -> str:
    """The override to keep ("" when the rules allow it); a RuleRefusal with the rules' reasons when
    they refuse and no override was given."""
    if answer.value:
        return ""
    if not override:
        refusal = _(
            "the charter's rules refuse it: %(reasons)s "
            "Record an override with its reason to record it anyway."
        )
        raise RuleRefusal(refusal % {"reasons": " ".join(reasons_text(answer))}, answer, field=field)
    return override


def cited_source(text: str) -> str:
    """A source text fit to look up, or a refusal naming the field: every change cites one."""
    text = checked_text(text, "source").strip()
    if not text:
        raise CharterError("cite the source of the change", field="source")
    return text


def checked_chair(change: ChairChange) -> ChairChange:
    """The chair with its year and texts checked; each refusal names its field."""
    try:
        year = check_year(change.year)
    except InvalidValue as refusal:
        raise CharterError(str(refusal), field="year") from None
    return ChairChange(
        change.state,
        year,
        cited_source(change.source),
        checked_text(change.note, "note").strip(),
        checked_text(change.override, "override").strip(),
    )


@transaction.atomic
def record_chair(change: ChairChange, *, actor: Actor) -> tuple[charter.Chairmanship, Answer]:
    """Record the chair for a year (replacing another state recorded for it, which the change
    record keeps); refused out of rotation unless overridden. Returns the chair and the rules' answer."""
    change = checked_chair(change)
    require_add(actor.access_user, charter.Chairmanship)
    answer = chair_turn(load_facts(actor.access_user), change.state.code, change.year)
    override = refuse_unless_overridden(answer, change.override, "state")
    cited = ensure_source(change.source, actor=actor)
    chair = charter.Chairmanship.objects.restrict(actor.access_user).filter(year=change.year).first()
    chair = chair or charter.Chairmanship(year=change.year)
    same_state = chair.state_id == change.state.pk
    keys = [*chair.source_keys, cited.key] if same_state else [cited.key]
    fields = {
        "state": change.state,
        "note": change.note or (chair.note if same_state else ""),
        "source_keys": list(dict.fromkeys(keys)),
        "override_reason": override,
    }
    reason = f"chair for {change.year} recorded from {cited.key}"
    if chair.pk and not same_state:
        reason += f" (replacing {chair.state.code})"
    if override:
        reason += f" (override of the charter's rules: {override})"
    save_with_record(chair, actor=actor, reason=reason, fields=check_fields(chair, fields, CharterError))
    return chair, answer


def checked_appointment(change: AppointmentChange) -> AppointmentChange:
    """The appointment with its texts and dates checked; each refusal names its field."""
    person = checked_text(change.person, "person").strip()
    if not person:
        raise CharterError("name the person appointed", field="person")
    if change.until is not None and change.until <= change.start:
        raise CharterError(f"the appointment ends ({change.until}) before it starts", field="until")
    return AppointmentChange(
        checked_text(change.post, "post").strip(),
        person,
        change.state,
        change.start,
        cited_source(change.source),
        change.until,
        change.acting,
        checked_text(change.person_ru, "person_ru").strip(),
        checked_text(change.override, "override").strip(),
    )


def post_named(key: str, actor: Actor) -> charter.Post:
    """The post with that key, as the actor may see it, or a refusal listing the known posts."""
    posts = charter.Post.objects.restrict(actor.access_user)
    post = posts.filter(key=key).first()
    if post is None:
        known = ", ".join(posts.values_list("key", flat=True)) or "none"
        raise CharterError(f"unknown post {key!r}: known posts are {known}", field="post")
    return post


@transaction.atomic
def record_appointment(change: AppointmentChange, *, actor: Actor) -> tuple[charter.Appointment, Answer]:
    """Record an appointment (an open one before it ends the day this one starts); refused for a
    national of a state whose status does not allow it, or out of turn, unless overridden."""
    change = checked_appointment(change)
    require_add(actor.access_user, charter.Appointment)
    post = post_named(change.post, actor)
    appointments = charter.Appointment.objects.restrict(actor.access_user).filter(post=post)
    if appointments.filter(valid_from__gte=change.start).exclude(person_en=change.person).exists():
        raise CharterError(
            f"an appointment to {post.key} starting on or after {change.start} is already recorded",
            field="start",
        )
    answer = appointment_turn(
        load_facts(actor.access_user), post.key, change.state.code, change.start, acting=change.acting
    )
    override = refuse_unless_overridden(answer, change.override, "state")
    cited = ensure_source(change.source, actor=actor)
    for earlier in appointments.filter(valid_from__lt=change.start, valid_to__isnull=True):
        save_with_record(
            earlier,
            actor=actor,
            reason=f"ended by the appointment of {change.person}",
            fields={"valid_to": change.start},
        )
    appointment = appointments.filter(person_en=change.person, valid_from=change.start).first()
    appointment = appointment or charter.Appointment(
        post=post, person_en=change.person, valid_from=change.start
    )
    fields = {
        "person_ru": change.person_ru or appointment.person_ru,
        "state": change.state,
        "acting": change.acting,
        "valid_to": change.until,
        "override_reason": override,
        "source_keys": list(dict.fromkeys([*appointment.source_keys, cited.key])),
    }
    reason = f"appointment recorded from {cited.key}"
    if override:
        reason += f" (override of the charter's rules: {override})"
    save_with_record(
        appointment, actor=actor, reason=reason, fields=check_fields(appointment, fields, CharterError)
    )
    return appointment, answer


def chair_overrides(user: object) -> dict[int, str]:
    """The recorded chairs kept as overrides of the rotation, by year (for the pages and the API)."""
    return dict(
        charter.Chairmanship.objects.restrict(user)
        .exclude(override_reason="")
        .values_list("year", "override_reason")
    )


def holder_override(user: object, post_key: str, holder: dict | None) -> str:
    """The override recorded with the appointment a post-holder answer names ("" if none or projected)."""
    if not holder or holder.get("projected"):
        return ""
    found = (
        charter.Appointment.objects.restrict(user)
        .filter(post__key=post_key, person_en=holder["person"], valid_from=holder["from"])
        .values_list("override_reason", flat=True)
        .first()
    )
    return found or ""
