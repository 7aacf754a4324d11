"""Forms of the Crisis Response Center: the dashboard's filters, situation reports, alert episodes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.gazetteer import areas_of_interest
from accord.charter.models import Region, State
from accord.core.classification import Releasability
from accord.core.label_choices import labels_for
from accord.core.validation import LONG_TEXT_MAX, MAX_COUNT, day_field, validate_latitude, validate_longitude
from accord.crisis.models import Category, Episode, Event, Series
from accord.crisis.names import series_name

# A situation report goes to an audience, never to a list of named states.
REPORT_RELEASES = [choice for choice in Releasability.choices if choice[0] != Releasability.NAMED_STATES]


class DashboardForm(forms.Form):
    """Which region, state or area of interest (none: the Organization's area and its areas of
    interest, unless the whole world is asked for), which dates, which categories."""

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
    area = forms.ChoiceField(label=_("Area of interest"), required=False)
    everywhere = forms.BooleanField(label=_("The whole world"), required=False)
    start = day_field(_("From"))
    end = day_field(_("To"))
    category = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.restrict(user)
        # Any state: the feeds cover the world, and a duty officer looks beyond the Organization's area.
        self.fields["country"].queryset = State.objects.restrict(user)
        self.fields["area"].choices = [("", _("none")), *((a.key, a.name) for a in areas_of_interest(user))]

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
    classification = forms.TypedChoiceField(label=_("Classification"), coerce=int, required=False)
    releasability = forms.ChoiceField(label=_("Releasable to"), required=False)

    country = forms.ModelChoiceField(
        label=_("State"), queryset=State.objects.none(), to_field_name="code", required=False
    )
    reference = forms.CharField(
        label=_("Source"),
        max_length=500,
        required=False,
        help_text=_("Where the report comes from: an agency's item, a state's notification, an address."),
    )

    def __init__(self, *args: Any, user: Any, any_state: bool = False, **kwargs: Any) -> None:
        """Offer only the labels the reporter could read back: a report hidden from them is lost to them.

        ``any_state``: the reporter records events anywhere (the Crisis Response Center, the
        Secretariat), so names the state and, since it is not their own state's report, the source.
        """
        super().__init__(*args, **kwargs)
        self.any_state = any_state
        self.own_state = getattr(user, "affiliation_state", None)
        if any_state:
            self.fields["country"].queryset = State.objects.restrict(user)
            self.fields["country"].required = self.own_state is None
            self.fields["country"].initial = self.own_state.code if self.own_state else None
            self.fields["reference"].help_text = _(
                "Required unless the report is your own state's: an agency's item, a state's "
                "notification, an address."
            )
        else:
            del self.fields["country"]
        self.order_fields(["country", "date", "category", "reference"])
        self.labels = labels_for(user)
        self.fields["classification"].choices = self.labels.classification_choices()
        self.fields["releasability"].choices = self.labels.releasability_choices(REPORT_RELEASES)
        self.fields["classification"].initial = self.default_classification()
        self.fields["releasability"].initial = self.default_releasability()
        for name in ("classification", "releasability"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "you may not give this label: you could not read the report yourself"
            )

    def clean_country(self) -> State | None:
        """Left out by someone of a state, their own state."""
        return self.cleaned_data.get("country") or self.own_state

    def clean(self) -> dict[str, Any]:
        """A report that is not the reporter's own state's cites where it comes from."""
        cleaned = super().clean()
        country = cleaned.get("country")
        if self.any_state and country and country != self.own_state and not cleaned.get("reference"):
            self.add_error("reference", _("say where the report comes from: it is not your own state's"))
        return cleaned

    def default_classification(self) -> int | None:
        """The level a report usually has, lowered to what the reporter may read."""
        return self.labels.default_classification(Event._meta.get_field("classification").default)

    def default_releasability(self) -> str | None:
        """Members only, as reports usually are, widened to the narrowest audience the reporter is in."""
        return self.labels.default_releasability(Releasability.MEMBERS_ONLY)

    def clean_classification(self) -> int | None:
        """Left out, the default (a form posted by a script need not name the labels)."""
        value = self.cleaned_data.get("classification")
        return self.default_classification() if value in (None, "") else value

    def clean_releasability(self) -> str | None:
        """Left out, the default."""
        return self.cleaned_data.get("releasability") or self.default_releasability()


class EpisodeFilterForm(forms.Form):
    """Which alert episodes the list shows, and in which order."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("unclosed", _("not closed")), *Episode.Status.choices],
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("all levels")), *Episode.Level.choices]
    )
    series = forms.ChoiceField(label=_("Series"), required=False)
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
        empty_label=_("all states"),
    )
    start = day_field(_("From"))
    end = day_field(_("To"))
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("-last_alert_on", _("latest alert first")),
            ("last_alert_on", _("earliest alert first")),
            ("-opened_on", _("newest first")),
            ("opened_on", _("oldest first")),
            ("level", _("red first")),
            ("state", _("by state")),
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.restrict(user)
        self.fields["country"].queryset = (
            State.objects.restrict(user).filter(regions__isnull=False).distinct()
        )
        keys = Series.objects.restrict(user).order_by("key").values_list("key", flat=True).distinct()
        self.fields["series"].choices = [("", _("all series")), *((key, series_name(key)) for key in keys)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("“To” must not be before “From”."))
        return cleaned


class EpisodeActionForm(forms.Form):
    """A duty officer's acknowledgement, comment or closing of an episode, with what they wrote."""

    action = forms.ChoiceField(
        choices=[("acknowledge", _("Acknowledge")), ("comment", _("Comment")), ("close", _("Close"))]
    )
    text = forms.CharField(
        label=_("Comment, or why the episode is closed"),
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
