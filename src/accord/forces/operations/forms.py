"""The forms of the operations pages: the list's filters and recording a result."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import State
from accord.core.classification import Classification, Releasability
from accord.forces.models import Operation, OperationType, Qualifier
from accord.forces.operations.totals import unit_name

SORTS = {
    "-year": ["-year", "operation_type__key"],
    "year": ["year", "operation_type__key"],
    "type": ["operation_type__key", "-year"],
}


class OperationFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1992, max_value=2200)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("-year", _("newest first")), ("year", _("oldest first")), ("type", _("by type"))],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = OperationType.objects.restrict(user).order_by("key")
        self.fields["type"].choices = [("", _("all types"))] + [(item.key, item.name) for item in types]


class ResultForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"))
    state = forms.ChoiceField(label=_("State"), required=False)
    indicator = forms.ChoiceField(label=_("Indicator"))
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=14, decimal_places=3)
    qualifier = forms.ChoiceField(label=_("Precision of the figure"), choices=Qualifier.choices)
    source = forms.CharField(label=_("Source"), max_length=300)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Figures only: a note that names people is refused."),
    )
    classification = forms.TypedChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        coerce=int,
        initial=Classification.RESTRICTED,
    )
    releasability = forms.ChoiceField(
        label=_("Releasable to"),
        choices=[item for item in Releasability.choices if item[0] != Releasability.NAMED_STATES],
        initial=Releasability.MEMBERS_ONLY,
    )

    def __init__(self, *args: Any, operation: Operation, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(item.key, item.name) for item in operation.phases.restrict(user)]
        participants = operation.participants.restrict(user).select_related("state")
        self.fields["state"].choices = [("", _("the whole operation"))] + [
            (item.state.code, item.state.code) for item in participants
        ]
        self.fields["indicator"].choices = [
            (item.key, f"{item.name} ({unit_name(item.unit)})")
            for item in operation.operation_type.indicators.all()
        ]


class CorrectForm(forms.Form):
    """Correct a result: its figure, precision, source and note as they should read, and why."""

    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=14, decimal_places=3)
    qualifier = forms.ChoiceField(label=_("Precision of the figure"), choices=Qualifier.choices)
    source = forms.CharField(label=_("Source"), max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=2000)


class WithdrawForm(forms.Form):
    """Withdraw a result: it stays on the record, marked, with the reason."""

    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=2000)


class JoinForm(forms.Form):
    """A state joins an operation; the charter decides its capacity."""

    state = forms.ChoiceField(label=_("State"))

    def __init__(self, *args: Any, operation: Operation, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = set(operation.participants.values_list("state__code", flat=True))
        states = State.objects.restrict(user).order_by("code")
        self.fields["state"].choices = [
            (item.code, f"{item.code} — {item.name}") for item in states if item.code not in taken
        ]
