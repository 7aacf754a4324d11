"""Forms for recording what happened: positions, amendments, sources, linked documents, measures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import Body, State
from accord.core.validation import LONG_TEXT_MAX, day_field
from accord.decisions.forms import POSITION_CHOICES
from accord.decisions.models import AgendaItem, Document, Session

REASON_HELP = _("Needed to correct a position already recorded; kept in the change record.")


def participant_states(session: Session) -> Any:
    """The states that took part in the session, by name."""
    return State.objects.filter(pk__in=session.participants.values("state_id")).order_by("name_en")


class PositionForm(forms.Form):
    """Record, or correct, one participant's position on an agenda item."""

    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.none(), to_field_name="code")
    position = forms.ChoiceField(label=_("Position"), choices=POSITION_CHOICES[1:])
    remark = forms.CharField(label=_("Objection or reservation"), required=False, max_length=1000)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000, help_text=REASON_HELP)

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"item{item.pk}", **kwargs)
        self.fields["state"].queryset = participant_states(item.session)


class AmendmentForm(forms.Form):
    """Propose an amendment to draft minutes, for a state the user may speak for."""

    state = forms.ModelChoiceField(
        label=_("Proposed by"), queryset=State.objects.none(), to_field_name="code"
    )
    replaces = forms.CharField(
        label=_("Passage replaced"),
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Copy the passage exactly; leave empty to add the text at the end."),
    )
    text = forms.CharField(
        label=_("New wording"), max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, states: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states


class RejectForm(forms.Form):
    """Why an amendment is rejected."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class SourceForm(forms.Form):
    """Cite a source for a session or one of its agenda items."""

    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("A source's key, or its title (found again, not duplicated)."),
    )
    item = forms.ModelChoiceField(
        label=_("Agenda item"),
        required=False,
        queryset=AgendaItem.objects.none(),
        empty_label=_("the session"),
    )

    def __init__(self, *args: Any, session: Session, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="source", **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.restrict(user).filter(session=session)


class LinkForm(forms.Form):
    """Link a document to a session, and if chosen, make it the decision on an agenda item."""

    document = forms.ModelChoiceField(label=_("Document"), queryset=Document.objects.none())
    item = forms.ModelChoiceField(
        label=_("Decision on agenda item"),
        required=False,
        queryset=AgendaItem.objects.none(),
        empty_label=_("none — linked to the session only"),
    )

    def __init__(self, *args: Any, session: Session, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="link", **kwargs)
        self.fields["document"].queryset = Document.objects.restrict(user, "change").order_by("-date", "-id")
        self.fields["item"].queryset = AgendaItem.objects.restrict(user).filter(session=session)


class MeasureForm(forms.Form):
    """A measure of a program: what, who is responsible, by when, and how it stands (its dates)."""

    number = forms.CharField(label=_("Number"), max_length=16)
    text_en = forms.CharField(label=_("Measure (English)"), widget=forms.Textarea(attrs={"rows": 3}))
    text_ru = forms.CharField(
        label=_("Measure (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    states = forms.ModelMultipleChoiceField(
        label=_("Responsible states"),
        required=False,
        queryset=State.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Responsible bodies"), required=False, queryset=Body.objects.none(), to_field_name="key"
    )
    starts_on = day_field(_("Starts on"))
    deadline = day_field(_("Deadline"))
    done_on = day_field(_("Done on"))
    dropped_on = day_field(_("Dropped on"))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["states"].queryset = (
            State.objects.restrict(user).filter(statuses__isnull=False).distinct().order_by("name_en")
        )
        self.fields["bodies"].queryset = Body.objects.restrict(user)
        if editing:
            self.fields["number"].disabled = True

    def values(self) -> dict[str, Any]:
        """The measure's own fields as cleaned."""
        names = ("text_en", "text_ru", "starts_on", "deadline", "done_on", "dropped_on")
        return {name: self.cleaned_data[name] for name in names}


class ProgressForm(forms.Form):
    """A dated progress report on a measure, from a state (or the Secretariat)."""

    date = day_field(_("Date"), required=True)
    state = forms.ModelChoiceField(
        label=_("Reporting state"), required=False, queryset=State.objects.none(), to_field_name="code"
    )
    text = forms.CharField(
        label=_("Report"), max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    done = forms.BooleanField(label=_("The measure is carried out on this date"), required=False)

    def __init__(self, *args: Any, states: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states


def session_forms(
    session: Session, items: list[dict[str, Any]], user: Any, may_change: bool
) -> dict[str, Any]:
    """The recording forms a session page offers to those who may change the session: a position
    form on each agenda item, a source form and a link form."""
    if not may_change:
        return {}
    for row in items:
        row["position_form"] = PositionForm(item=row["item"])
    return {
        "source_form": SourceForm(session=session, user=user),
        "link_form": LinkForm(session=session, user=user),
    }
