"""Who holds a post on a date: as recorded, else whose turn the rotation makes it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from accord.charter.rules.facts import AppointmentRecord, CharterFacts, PostInfo, Rotation
from accord.charter.rules.rotation import (
    next_in_rotation,
    rotation_description,
    skipped_between,
    skipped_reason,
)
from accord.core.answers import Answer, Reason, gettext_noop


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February becomes 28 February when needed)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def effective_end(
    appointments: Sequence[AppointmentRecord], index: int, rotation: Rotation | None
) -> datetime.date | None:
    """When an appointment ends: as recorded, else at the next one, else at the end of its term."""
    current = appointments[index]
    if current.end is not None:
        return current.end
    if index + 1 < len(appointments):
        return appointments[index + 1].start
    if rotation is not None and not current.acting:
        return add_years(current.start, rotation.term_years)
    return None


def post_holder_on(facts: CharterFacts, post_key: str, on: datetime.date) -> Answer:
    """Who holds a post on a date (acting holders marked); past the record, whose turn it is."""
    post = facts.posts.get(post_key)
    if post is None:
        return Answer(None, (Reason(gettext_noop("No post %(post)s is recorded."), {"post": post_key}),))
    rotation = facts.rotations.get(post.rotation or "")
    appointments = sorted(
        (item for item in facts.appointments if item.post == post_key), key=lambda item: item.start
    )
    for index, item in enumerate(appointments):
        end = effective_end(appointments, index, rotation)
        if item.start <= on and (end is None or on < end):
            return holder_answer(facts, post, item, end)
    if not appointments or on < appointments[0].start:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop("No holder of %(post)s is recorded on %(date)s."),
                    {"post": post.name, "date": on.isoformat()},
                ),
            ),
        )
    return projected_holder(facts, post, appointments, rotation, on)


def holder_answer(
    facts: CharterFacts, post: PostInfo, item: AppointmentRecord, end: datetime.date | None
) -> Answer:
    """The answer for a date covered by a recorded appointment."""
    message = (
        gettext_noop("%(person)s (%(state)s) was acting %(post)s from %(start)s.")
        if item.acting
        else gettext_noop("%(person)s (%(state)s) held the post of %(post)s from %(start)s.")
    )
    reasons = [
        Reason(
            message,
            {
                "person": item.person,
                "state": facts.name(item.state),
                "post": post.name,
                "start": item.start.isoformat(),
            },
            item.sources,
        )
    ]
    if end is not None and item.end is None:
        reasons.append(
            Reason(
                gettext_noop("No end is recorded; the term runs until %(end)s."),
                {"end": (end - datetime.timedelta(days=1)).isoformat()},
            )
        )
    value = {
        "person": item.person.en,
        "person_ru": item.person.ru,
        "state": item.state,
        "acting": item.acting,
        "from": item.start.isoformat(),
        "until": (end - datetime.timedelta(days=1)).isoformat() if end else None,
        "projected": False,
    }
    return Answer(value, tuple(reasons))


def projected_holder(
    facts: CharterFacts,
    post: PostInfo,
    appointments: Sequence[AppointmentRecord],
    rotation: Rotation | None,
    on: datetime.date,
) -> Answer:
    """Whose turn the post is on a date past the last recorded appointment, and the term's dates."""
    if rotation is None:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop(
                        "No appointment to %(post)s is recorded for %(date)s, "
                        "and the post follows no rotation."
                    ),
                    {"post": post.name, "date": on.isoformat()},
                ),
            ),
        )
    full_terms = [item for item in appointments if not item.acting]
    if not full_terms:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop("No full-term appointment to %(post)s is recorded to project from."),
                    {"post": post.name},
                ),
            ),
        )
    last = full_terms[-1]
    term_start = last.start
    term_end = add_years(term_start, rotation.term_years)
    reasons = [
        Reason(
            gettext_noop(
                "The last recorded term: %(person)s (%(state)s) from %(start)s, a term of %(years)s years."
            ),
            {
                "person": last.person,
                "state": facts.name(last.state),
                "start": last.start.isoformat(),
                "years": rotation.term_years,
            },
            last.sources,
        ),
        rotation_description(rotation),
    ]
    turn = last.state
    while on >= term_end:
        term_start, term_end = term_end, add_years(term_end, rotation.term_years)
        following = next_in_rotation(facts, rotation, turn, term_start)
        if following is None:
            reasons.append(
                Reason(
                    gettext_noop("No member state takes turns on %(date)s."), {"date": term_start.isoformat()}
                )
            )
            return Answer(None, tuple(reasons), projected=True)
        for passed in skipped_between(facts, rotation, turn, following, term_start):
            reasons.append(skipped_reason(facts, passed, term_start.year, term_start))
        turn = following
        reasons.append(
            Reason(
                gettext_noop("Term %(start)s to %(end)s: %(state)s's turn (projected)."),
                {
                    "start": term_start.isoformat(),
                    "end": (term_end - datetime.timedelta(days=1)).isoformat(),
                    "state": facts.name(turn),
                },
            )
        )
    value = {
        "person": None,
        "person_ru": None,
        "state": turn,
        "acting": False,
        "from": term_start.isoformat(),
        "until": (term_end - datetime.timedelta(days=1)).isoformat(),
        "projected": True,
    }
    return Answer(value, tuple(reasons), projected=True)
