"""The notification preferences form: which news, about what, from which level, and whether by e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import Region, State
from accord.crisis.models import Level, NotificationKind, NotificationPreference

SERIES_SEPARATOR = ","


class PreferencesForm(forms.Form):
    """Empty choices mean "everything I may see"; the service checks every value again."""

    kinds = forms.MultipleChoiceField(
        label=_("Kinds of news"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"), required=False, help_text=_("None chosen: every region.")
    )
    states = forms.MultipleChoiceField(
        label=_("States"), required=False, help_text=_("None chosen: every state.")
    )
    series_keys = forms.CharField(
        label=_("Series"),
        required=False,
        max_length=2000,
        help_text=_(
            "Keys of daily series separated by commas (such as covid.confirmed); empty: every series."
        ),
    )
    min_level = forms.ChoiceField(label=_("Minimum level"), choices=Level.choices)
    email = forms.BooleanField(label=_("Also by e-mail"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].choices = [
            (region.key, str(region)) for region in Region.objects.restrict(user).order_by("key")
        ]
        self.fields["states"].choices = [
            (state.code, str(state))
            for state in State.objects.restrict(user).filter(regions__isnull=False).distinct()
        ]

    @classmethod
    def initial_from(cls, preference: NotificationPreference) -> dict[str, Any]:
        return {
            "kinds": preference.kinds,
            "regions": preference.regions,
            "states": preference.states,
            "series_keys": f"{SERIES_SEPARATOR} ".join(preference.series_keys),
            "min_level": preference.min_level,
            "email": preference.email,
        }

    def clean_series_keys(self) -> list[str]:
        text = self.cleaned_data.get("series_keys") or ""
        return [key.strip() for key in text.split(SERIES_SEPARATOR) if key.strip()]
