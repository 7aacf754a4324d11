"""What analysts do with stories: triage them, attach a verified story to a crisis, put it on the map as
an event, and cite it in a draft situation report.

Every step is a write in one transaction, recorded (:func:`accord.core.audit.save_with_record`), and
only the Crisis Response Center's duty officers and head make it (the story's ``writer_roles``, judged
by the access policy). A refusal is a :class:`ServiceError` naming the field; a user who may not change
the story gets ``PermissionDenied``.

Derived data takes the labels of its inputs: an event made from a story carries the story's labels, and
a story may be cited only in a report whose labels already cover it (a SECRET story is never cited in a
RESTRICTED report: the report would have to be raised first).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.charter.models import Region, State
from accord.core.access import Action, require_add
from accord.core.audit import Actor, delete_with_record, save_with_record
from accord.core.derived import Labels, combined
from accord.core.errors import ServiceError
from accord.core.references import reference_by_id
from accord.core.validation import check_fields
from accord.crisis.counts import count_event
from accord.crisis.models import Category, Event, SituationReport
from accord.monitoring.models import Story, StoryCitation, StoryReview
from accord.monitoring.story_places import STATE_CENTRES, known_places
from accord.response.models import Crisis

NOTE_LIMIT = 2000
CITATION_NOTE_LIMIT = 500
EVENT_SOURCE = "media"
VERDICTS = (Story.Triage.RELEVANT, Story.Triage.NOT_RELEVANT, Story.Triage.VERIFIED)
NOTE_NEEDED = frozenset({Story.Triage.NOT_RELEVANT, Story.Triage.VERIFIED})

# A story's threat category → the event category of the map. Decisions:
# - "emergency" (the rules do not tell a flood from a blast) → natural emergency, the CSTO's usual
#   emergency response (earthquakes, floods, fires); the rules' man-made keys → man-made emergency;
# - "armed-conflict" → state-based armed conflict, what the Center watches between and against states;
#   non-state and one-sided violence need a distinction the rules do not make (the analyst corrects it
#   on the event, like any other field);
# - "extremism" has no event category of its own → other; so has every category not listed.
EVENT_CATEGORIES = {
    "armed-conflict": Category.STATE_BASED,
    "terrorism": Category.TERRORISM,
    "drug-trafficking": Category.DRUGS,
    "illegal-migration": Category.MIGRATION,
    "it-crime": Category.IT_CRIME,
    "cybercrime": Category.IT_CRIME,
    "epidemic": Category.EPIDEMIC,
    "emergency": Category.NATURAL,
    "natural-emergency": Category.NATURAL,
    "man-made-emergency": Category.MAN_MADE,
    "accident": Category.MAN_MADE,
}


class StoryError(ServiceError):
    """A step on a story that cannot be made as asked."""


def labels_of(record: Any) -> Labels:
    return Labels(record.classification, record.releasability, record.release_to)


def covers(outer: Labels, inner: Labels) -> bool:
    """Whether a record labelled ``outer`` may show one labelled ``inner`` (nothing narrower or higher)."""
    return combined([outer, inner]) == combined([outer])


def locked_story(story: Story, actor: Actor) -> Story:
    """The story as stored now, locked, if the actor may change it (else a refusal saying why)."""
    user = actor.access_user
    found = Story.objects.restrict(user, Action.CHANGE).select_for_update().filter(pk=story.pk).first()
    if found is not None:
        return found
    if Story.objects.restrict(user, Action.VIEW).filter(pk=story.pk).exists():
        raise PermissionDenied(_("only the CRC's duty officers and its head handle stories"))
    raise PermissionDenied(_("no such story"))


def require_current(story: Story) -> None:
    """A story merged into another is handled as that one."""
    if story.merged_into_id:
        raise StoryError(
            _("the story was merged into story %(pk)s: handle that one") % {"pk": story.merged_into_id},
            field="story",
        )


def require_verified(story: Story) -> None:
    if story.triage != Story.Triage.VERIFIED:
        raise StoryError(_("only a verified story is used outside monitoring"), field="triage")


def checked_note(note: Any, limit: int, field: str = "note") -> str:
    if not isinstance(note, str):
        raise StoryError(_("expected text"), field=field)
    text = note.strip()
    if len(text) > limit:
        raise StoryError(
            _("at most %(limit)d characters (%(length)d given)") % {"limit": limit, "length": len(text)},
            field=field,
        )
    if "\x00" in text:
        raise StoryError(_("the text holds a NUL character"), field=field)
    return text


@transaction.atomic
def review_story(story: Story, verdict: str, note: Any = "", *, actor: Actor) -> StoryReview:
    """One triage step: relevant, not relevant (why) or verified (on what), kept as a review."""
    if verdict not in VERDICTS:
        raise StoryError(
            _("a verdict is one of %(choices)s") % {"choices": ", ".join(VERDICTS)}, field="verdict"
        )
    text = checked_note(note, NOTE_LIMIT)
    if verdict in NOTE_NEEDED and not text:
        raise StoryError(_("say why: a note is required for this verdict"), field="note")
    story = locked_story(story, actor)
    require_current(story)
    now = timezone.now()
    review = StoryReview(story=story, verdict=verdict, note=text, by=actor.name, at=now)
    save_with_record(review, actor=actor, reason="story triaged")
    save_with_record(
        story,
        actor=actor,
        reason="story triaged",
        fields={"triage": verdict, "triage_note": text, "triaged_by": actor.name, "triaged_at": now},
    )
    return review


def visible_crisis(actor: Actor, crisis: Any) -> Crisis:
    """The crisis by id (or as given), if the actor may see it."""
    pk = crisis.pk if isinstance(crisis, Crisis) else crisis
    reference = reference_by_id(actor.access_user, Crisis, pk)
    if reference is None or not reference.visible:
        raise StoryError(_("no such crisis"), field="crisis")
    return reference.record


@transaction.atomic
def attach_to_crisis(story: Story, crisis: Any, *, actor: Actor) -> Story:
    """Link a verified story to a crisis the actor may see (None: detach it).

    The link lives on the story (``Story.crisis``): the crisis's own links (its events, reports,
    documents) are records of the crisis app that its coordinators change; a story's event, once made,
    is linked to the crisis there.
    """
    story = locked_story(story, actor)
    require_current(story)
    require_verified(story)
    found = visible_crisis(actor, crisis) if crisis not in (None, "") else None
    save_with_record(
        story,
        actor=actor,
        reason="story attached to a crisis" if found else "story detached from its crisis",
        fields={"crisis": found},
    )
    return story


def story_keys(story: Story, kind: str) -> list[str]:
    """The keys of the story's tags of one kind, the most items first."""
    return list(story.tags.filter(kind=kind).order_by("-items", "key").values_list("key", flat=True))


def event_country(story: Story, country: str | None, actor: Actor) -> str:
    """The state the event happened in: the story's one state, or the one given among several."""
    states = story_keys(story, "state")
    if country:
        country = country.strip().upper()
        if states and country not in states:
            raise StoryError(
                _("the story names %(states)s, not %(country)s")
                % {"states": ", ".join(states), "country": country},
                field="country",
            )
        if not State.objects.restrict(actor.access_user).filter(code=country).exists():
            raise StoryError(_("no state has the code %(code)s") % {"code": country}, field="country")
        return country
    if len(states) == 1:
        return states[0]
    if not states:
        raise StoryError(_("the story names no state: say which one"), field="country")
    raise StoryError(
        _("the story names several states: say which one (%(states)s)") % {"states": ", ".join(states)},
        field="country",
    )


def event_place(story: Story, country: str, place: str | None) -> dict[str, Any]:
    """Where on the map: a place tag's coordinates with its precision, else the state's centre."""
    known = known_places()
    candidates = [key for key in story_keys(story, "place") if key in known and known[key].state == country]
    if place:
        if place not in candidates:
            raise StoryError(
                _("the story names no place %(place)s in %(country)s") % {"place": place, "country": country},
                field="place",
            )
        chosen = known[place]
    elif len(candidates) > 1:
        raise StoryError(
            _("the story names several places in %(country)s: say which one (%(places)s)")
            % {"country": country, "places": ", ".join(candidates)},
            field="place",
        )
    else:
        chosen = known[candidates[0]] if candidates else None
    if chosen is not None and chosen.precision != "country":
        return {
            "place": chosen.name_en,
            "place_precision": chosen.precision,
            "latitude": chosen.lat,
            "longitude": chosen.lon,
            "admin1": chosen.name_en if chosen.precision == "admin" else "",
        }
    centre = STATE_CENTRES.get(country)
    return {
        "place": chosen.name_en if chosen is not None else "",
        "place_precision": "country",
        "latitude": centre[0] if centre else None,
        "longitude": centre[1] if centre else None,
        "admin1": "",
    }


def event_category(story: Story) -> str:
    """The map's category of the story's most reported threat category that has one, else other."""
    for key in story_keys(story, "category"):
        if key in EVENT_CATEGORIES:
            return EVENT_CATEGORIES[key]
    return Category.OTHER


def event_description(story: Story) -> str:
    """Aggregate facts only: counts and categories, never a text that could name a person."""
    categories = ", ".join(story_keys(story, "category")) or "-"
    return f"media story {story.pk}: {story.items_count} items, {story.sources_count} sources; {categories}"


@transaction.atomic
def make_event(story: Story, *, actor: Actor, country: str | None = None, place: str | None = None) -> Event:
    """A crisis event from a verified story: its first day, its state and place, its category and labels."""
    story = locked_story(story, actor)
    require_current(story)
    require_verified(story)
    if story.event_id:
        raise StoryError(
            _("the story is already on the map as event %(pk)s") % {"pk": story.event_id}, field="event"
        )
    code = event_country(story, country, actor)
    require_add(actor.access_user, Event, code)
    day = story.first_seen.date()
    regions = Region.objects.restrict(actor.access_user).filter(states__code=code)
    region = regions.values_list("key", flat=True).first() or ""
    event = Event(source=EVENT_SOURCE, source_id=f"story-{story.pk}")
    fields = {
        "date": day,
        "date_end": day,
        "date_precision": "day",
        **event_place(story, code, place),
        "country": code,
        "region": region,
        "category": event_category(story),
        "description": event_description(story),
        "reference": reverse("monitoring:story-detail", kwargs={"pk": story.pk}),
        **labels_of(story).as_fields(),
    }
    check_fields(event, fields, StoryError)
    save_with_record(event, actor=actor, reason=f"event made from media story {story.pk}", fields=fields)
    count_event(event)
    save_with_record(story, actor=actor, reason="story put on the map", fields={"event": event})
    return event


def changeable_report(report: Any, actor: Actor) -> SituationReport:
    """The report by id (or as given), locked, if the actor may change it and it is still a draft."""
    pk = report.pk if isinstance(report, SituationReport) else report
    user = actor.access_user
    found = SituationReport.objects.restrict(user, Action.CHANGE).select_for_update().filter(pk=pk).first()
    if found is None:
        raise StoryError(_("no situation report you may change has this id"), field="report")
    if found.is_frozen:
        raise StoryError(
            _("the report is %(status)s: only a draft is changed") % {"status": found.get_status_display()},
            field="report",
        )
    return found


@transaction.atomic
def cite_in_report(story: Story, report: Any, note: Any = "", *, actor: Actor) -> StoryCitation:
    """Cite a verified story in a draft report whose labels cover it, with the analyst's note."""
    text = checked_note(note, CITATION_NOTE_LIMIT)
    story = locked_story(story, actor)
    require_current(story)
    require_verified(story)
    found = changeable_report(report, actor)
    if not covers(labels_of(found), labels_of(story)):
        raise StoryError(
            _(
                "the story is labelled %(story)s, above the report's %(report)s: what a report shows takes "
                "the labels of what it shows, so raise the report's labels first"
            )
            % {"story": label_text(story), "report": label_text(found)},
            field="report",
        )
    if StoryCitation.objects.filter(story=story, report=found).exists():
        raise StoryError(_("the story is already cited in this report"), field="report")
    citation = StoryCitation(story=story, report=found, note=text, by=actor.name, at=timezone.now())
    save_with_record(citation, actor=actor, reason=f"story cited in situation report {found.pk}")
    return citation


def label_text(record: Any) -> str:
    """A record's labels as people read them (``SECRET, members only``)."""
    return f"{record.get_classification_display()}, {record.get_releasability_display()}"


@transaction.atomic
def uncite(story: Story, report: Any, *, actor: Actor) -> None:
    """Take a story out of a draft report's media section."""
    story = locked_story(story, actor)
    found = changeable_report(report, actor)
    citation = StoryCitation.objects.filter(story=story, report=found).first()
    if citation is None:
        raise StoryError(_("the story is not cited in this report"), field="report")
    delete_with_record(citation, actor=actor, reason=f"story no longer cited in situation report {found.pk}")
