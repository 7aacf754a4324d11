"""Forms of the Crisis Response Center: the dashboard's filters and situation reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import Region, State
from accord.core.validation import MAX_COUNT, day_field, validate_latitude, validate_longitude
from accord.crisis.models import Category


class DashboardForm(forms.Form):
    """Which region or state, which dates, which categories."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        to_field_name="key",
        required=False,
        empty_label=_("all regions"),
    )
    country = forms.ModelChoiceField(
        label=_("State"),
        queryset=State.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("all states of the region"),
    )
    start = day_field(_("From"))
    end = day_field(_("To"))
    category = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.restrict(user)
        self.fields["country"].queryset = (
            State.objects.restrict(user).filter(regions__isnull=False).distinct()
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("“To” must not be before “From”."))
        return cleaned


class ReportForm(forms.Form):
    """A situation report of an event in one's own state (no names of private persons)."""

    date = day_field(_("Date"), required=True)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    admin1 = forms.CharField(label=_("Region of the state"), max_length=200, required=False)
    latitude = forms.FloatField(label=_("Latitude"), required=False, validators=[validate_latitude])
    longitude = forms.FloatField(label=_("Longitude"), required=False, validators=[validate_longitude])
    fatalities = forms.IntegerField(label=_("Fatalities"), required=False, min_value=0, max_value=MAX_COUNT)
    description = forms.CharField(
        label=_("Short description"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facts and figures only: do not name private persons."),
    )
