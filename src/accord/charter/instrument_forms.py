"""Forms of the pages that record instruments, signatures, ratifications and diplomatic relations.

Each cites its source with an optional publisher and date, so the same source is found again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter import models as charter
from accord.charter.forms import StateChoiceField
from accord.core.access import may_add
from accord.core.validation import day_field


class CitedForm(forms.Form):
    """A source by key or title, and its publisher and date when known."""

    source = forms.CharField(
        label=_("Source"), max_length=500, help_text=_("a source key, or the title of the text it comes from")
    )
    publisher = forms.CharField(label=_("Publisher of the source"), required=False, max_length=200)
    published_on = day_field(_("Source published on"))


class InstrumentForm(CitedForm):
    """A new instrument: key, titles, kind, how it enters into force, adoption."""

    field_order = ["key", "title_en", "title_ru", "kind", "entry_into_force", "in_force_from"]

    key = forms.SlugField(label=_("Key"), max_length=64, help_text=_("a short key, e.g. crrf-agreement"))
    title_en = forms.CharField(label=_("Title (English)"), max_length=500)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=charter.Instrument.Kind.choices)
    entry_into_force = forms.ChoiceField(
        label=_("Enters into force"), choices=charter.Instrument.EntryIntoForce.choices
    )
    in_force_from = day_field(_("In force from"))
    adopted_on = day_field(_("Adopted on"))
    place_en = forms.CharField(label=_("Place of adoption (English)"), max_length=100, required=False)
    place_ru = forms.CharField(label=_("Place of adoption (Russian)"), max_length=100, required=False)
    adopted_by = forms.ModelChoiceField(
        label=_("Adopted by"), queryset=charter.Body.objects.none(), required=False, to_field_name="key"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].queryset = charter.Body.objects.restrict(user).order_by("key")


def signing_states(user: Any):
    """The states the user may sign or ratify for: every state for the Secretariat, their own for a
    liaison officer whose state's status allows it, none otherwise."""
    states = charter.State.objects.restrict(user).order_by("name_en")
    if may_add(user, charter.InstrumentParticipant):
        return states
    own = getattr(getattr(user, "affiliation_state", None), "code", None)
    if own and may_add(user, charter.InstrumentParticipant, own):
        return states.filter(code=own)
    return states.none()


class StateForm(CitedForm):
    """A form about one state the user may record for."""

    state = StateChoiceField(label=_("State"), queryset=charter.State.objects.none(), to_field_name="code")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = signing_states(user)
        self.order_fields(["state", "on", *self.field_order_extra, "source", "publisher", "published_on"])

    field_order_extra: list[str] = []


class SignatureForm(StateForm):
    """A signature: which state, when, where, by which office (never a person's name)."""

    field_order_extra = ["place", "office"]

    on = day_field(_("Signed on"), required=True)
    place = forms.CharField(label=_("Signed at"), max_length=200, required=False)
    office = forms.CharField(
        label=_("Signed by (office)"),
        max_length=200,
        help_text=_("the office of the signatory, e.g. head of state — not a person's name"),
    )


class RatificationForm(StateForm):
    """A ratification, with an override if the state is not a party."""

    field_order_extra = ["override"]

    on = day_field(_("Ratified on"), required=True)
    override = forms.CharField(
        label=_("Record it anyway, because"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("only if the charter's rules refuse it: say why it is recorded all the same"),
    )


class RelationForm(CitedForm):
    """Diplomatic relations between two states."""

    field_order = ["first", "second", "established_on", "broken_off_on"]

    first = StateChoiceField(label=_("State"), queryset=charter.State.objects.none(), to_field_name="code")
    second = StateChoiceField(
        label=_("Other state"), queryset=charter.State.objects.none(), to_field_name="code"
    )
    established_on = day_field(_("Established on"))
    broken_off_on = day_field(_("Broken off on"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = charter.State.objects.restrict(user).order_by("name_en")
        self.fields["first"].queryset = states
        self.fields["second"].queryset = states
