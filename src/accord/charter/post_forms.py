"""Forms of the pages that record a chair for a year and an appointment to a post."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter import models as charter
from accord.charter.forms import StateChoiceField
from accord.core.validation import EARLIEST_YEAR, LATEST_YEAR, day_field

OVERRIDE_HELP = _("only if the charter's rules refuse it: say why it is recorded all the same")


def override_field() -> forms.CharField:
    """The reason to record a change the charter's rules refuse (kept on the record and shown)."""
    return forms.CharField(
        label=_("Record it anyway, because"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=OVERRIDE_HELP,
    )


def source_field() -> forms.CharField:
    """The source a change cites: a key, or a title found again or created."""
    return forms.CharField(
        label=_("Source"), max_length=500, help_text=_("a source key, or the title of the text it comes from")
    )


def visible_states(field: forms.ModelChoiceField, user: Any) -> None:
    """Offer the states the user may see, by English name, chosen by code."""
    field.queryset = charter.State.objects.restrict(user).order_by("name_en")
    field.to_field_name = "code"


class ChairForm(forms.Form):
    """The member state chairing in a year, with its source (and an override if the rotation refuses it)."""

    year = forms.IntegerField(label=_("Year"), min_value=EARLIEST_YEAR, max_value=LATEST_YEAR)
    state = StateChoiceField(label=_("State"), queryset=charter.State.objects.none())
    source = source_field()
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    override = override_field()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible_states(self.fields["state"], user)


class AppointmentForm(forms.Form):
    """An appointment to a post from a date, open or until a date, with its source (and an override
    if the charter's turns refuse it)."""

    post = forms.ChoiceField(label=_("Post"))
    person = forms.CharField(label=_("Person (English)"), max_length=200)
    person_ru = forms.CharField(label=_("Person (Russian)"), required=False, max_length=200)
    state = StateChoiceField(label=_("State of the person"), queryset=charter.State.objects.none())
    start = day_field(_("From"), required=True)
    until = day_field(_("Until"))
    acting = forms.BooleanField(label=_("Acting"), required=False)
    source = source_field()
    override = override_field()

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        posts = charter.Post.objects.restrict(user).order_by("key")
        self.fields["post"].choices = [(post.key, str(post.name)) for post in posts]
        visible_states(self.fields["state"], user)
