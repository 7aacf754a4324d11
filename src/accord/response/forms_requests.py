"""The forms of the requests pages: the list's filters, a new request with a row per line, the date a
request is shown as of, and a step of its life."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import AssistanceBasis, State
from accord.core.access import SYSTEM_USER, Action, may_add
from accord.core.classification import Releasability
from accord.core.label_choices import labels_for
from accord.core.validation import day_field
from accord.response.models import Channel, Crisis, LineKind, Request, RequestStatus

SORTS = {
    "-date": ["-requested_on", "-id"],
    "date": ["requested_on", "id"],
    "state": ["state__code", "-requested_on"],
    "status": ["status", "-requested_on"],
}
EXTRA_ROWS = 3


def state_choices() -> list[tuple[str, str]]:
    """Every state of the charter (the open framework), by code."""
    return [(state.code, f"{state.code} — {state.name}") for state in State.objects.restrict(SYSTEM_USER)]


def writable_states(user: Any) -> list[tuple[str, str]]:
    """The states the user may request for: their own (a liaison officer), or any (Secretariat, CRC)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [(code, name) for code, name in state_choices() if may_add(user, Request, code)]


def basis_choices() -> list[tuple[str, str]]:
    return [(basis.key, str(basis.name)) for basis in AssistanceBasis.objects.restrict(SYSTEM_USER)]


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    basis = forms.ChoiceField(label=_("Basis"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1992, max_value=2200)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("-date", _("newest first")),
            ("date", _("oldest first")),
            ("state", _("by state")),
            ("status", _("by status")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("any status")), *RequestStatus.choices]
        self.fields["state"].choices = [("", _("all states")), *state_choices()]
        self.fields["basis"].choices = [("", _("all bases")), *basis_choices()]


class RequestForm(forms.Form):
    """A request's own fields; its lines are the rows of :data:`LineFormSet`."""

    state = forms.ChoiceField(label=_("Requesting state"))
    basis = forms.ChoiceField(label=_("Basis"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    addressed_to = forms.MultipleChoiceField(
        label=_("Addressed to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a bilateral request only: the states asked."),
    )
    requested_on = day_field(_("Date"), required=True)
    needed_by = day_field(_("Needed by"))
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300, required=False)
    note_en = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Figures and institutions only: a note that names people is refused."),
    )
    source_text = forms.CharField(label=_("Source"), max_length=400)
    crisis = forms.ChoiceField(label=_("Crisis"), required=False)
    events = forms.CharField(
        label=_("Events"), required=False, max_length=400, help_text=_("Ids separated by commas.")
    )
    episodes = forms.CharField(
        label=_("Alert episodes"), required=False, max_length=400, help_text=_("Ids separated by commas.")
    )
    reports = forms.CharField(
        label=_("Situation reports"), required=False, max_length=400, help_text=_("Ids separated by commas.")
    )
    classification = forms.TypedChoiceField(label=_("Classification"), coerce=int)
    releasability = forms.ChoiceField(label=_("Releasable to"))
    submit = forms.BooleanField(label=_("Submit it now (otherwise it stays a draft)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = writable_states(user)
        self.fields["basis"].choices = basis_choices()
        self.fields["addressed_to"].choices = state_choices()
        crises = Crisis.objects.restrict(user, Action.VIEW).order_by("-id")
        self.fields["crisis"].choices = [("", _("none")), *((item.key, item.title) for item in crises)]
        labels = labels_for(user)
        self.fields["classification"].choices = labels.classification_choices()
        self.fields["classification"].initial = labels.default_classification(1)
        offered = [item for item in Releasability.choices if item[0] != Releasability.NAMED_STATES]
        self.fields["releasability"].choices = labels.releasability_choices(offered)
        self.fields["releasability"].initial = labels.default_releasability(Releasability.MEMBERS_ONLY)

    def clean_ids(self, name: str) -> list[int]:
        """A list of record ids typed as ``12, 15``."""
        parts = [part.strip() for part in (self.cleaned_data.get(name) or "").split(",") if part.strip()]
        if not all(part.isdigit() and len(part) < 10 for part in parts):
            raise forms.ValidationError(_("Ids separated by commas."))
        return [int(part) for part in parts]

    def clean_events(self) -> list[int]:
        return self.clean_ids("events")

    def clean_episodes(self) -> list[int]:
        return self.clean_ids("episodes")

    def clean_reports(self) -> list[int]:
        return self.clean_ids("reports")

    def values(self) -> dict[str, Any]:
        """The service's values from the cleaned form."""
        data = dict(self.cleaned_data)
        data.pop("submit")
        if not data["crisis"]:
            data.pop("crisis")
        return data


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *LineKind.choices])
    what_en = forms.CharField(label=_("What (English)"), max_length=300)
    what_ru = forms.CharField(label=_("What (Russian)"), max_length=300, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=18, decimal_places=3)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)


LineFormSet = forms.formset_factory(LineForm, extra=EXTRA_ROWS)


def line_values(formset: Any) -> list[dict[str, Any]]:
    """The filled rows, in order (empty rows are left out)."""
    return [
        {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
        for form in formset.forms
        if form.cleaned_data
    ]


class AsOfForm(forms.Form):
    on = day_field(_("As of"))


class StepForm(forms.Form):
    """A step of a request's life: the status comes from the button pressed."""

    on = day_field(_("Takes effect on"), required=True)
    reason = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    source_text = forms.CharField(label=_("Source"), max_length=400, required=False)
