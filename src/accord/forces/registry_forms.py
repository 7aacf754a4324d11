"""The form that reports a contribution's readiness on its page (the API and the CLI do the same)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.classification import Classification, Releasability
from accord.core.validation import day_field
from accord.forces.models import Contribution, Rating

RELEASES = [(value, label) for value, label in Releasability.choices if value != Releasability.NAMED_STATES]


class ReadinessForm(forms.Form):
    """People, equipment and support rated on a date, the report behind it, and the labels."""

    date = day_field(_("date"), required=True)
    people = forms.ChoiceField(label=_("people"), choices=Rating.choices)
    equipment = forms.ChoiceField(label=_("equipment"), choices=Rating.choices)
    support = forms.ChoiceField(label=_("support"), choices=Rating.choices)
    document = forms.IntegerField(
        label=_("report document (its number in Accord)"), required=False, min_value=1, max_value=2**31 - 1
    )
    source_text = forms.CharField(label=_("source"), max_length=400, required=False)
    note = forms.CharField(
        label=_("note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    classification = forms.TypedChoiceField(
        label=_("classification"), choices=Classification.choices, coerce=int
    )
    releasability = forms.ChoiceField(label=_("releasable to"), choices=RELEASES)
    reason = forms.CharField(label=_("reason"), max_length=400, required=False)

    def __init__(self, *args: Any, contribution: Contribution, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"classification": contribution.classification, "releasability": contribution.releasability},
        )
        super().__init__(*args, **kwargs)
