"""The forms of the trainings pages; each service's refusal lands on the field it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER
from accord.core.classification import Classification, Releasability
from accord.forces.models import Formation, TrainingSeries


def box() -> forms.Textarea:
    """A two-line text box (reasons, findings, measures)."""
    return forms.Textarea(attrs={"rows": 2})


class DateInput(forms.DateInput):
    input_type = "date"


def states() -> Any:
    return State.objects.restrict(SYSTEM_USER).order_by("code")


class StateChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: State) -> str:
        return f"{obj.code} — {obj.name}"


class PlanForm(forms.Form):
    name = forms.CharField(label=_("name (English)"), max_length=300)
    name_ru = forms.CharField(label=_("name (Russian)"), max_length=300, required=False)
    series = forms.ModelChoiceField(label=_("series"), queryset=TrainingSeries.objects.none())
    host = StateChoice(label=_("host state"), queryset=State.objects.none())
    place_en = forms.CharField(label=_("place (English)"), max_length=200, required=False)
    place_ru = forms.CharField(label=_("place (Russian)"), max_length=200, required=False)
    start = forms.DateField(label=_("from"), widget=DateInput)
    end = forms.DateField(label=_("to"), widget=DateInput)
    formations = forms.ModelMultipleChoiceField(
        label=_("formations"), queryset=Formation.objects.none(), required=False
    )
    source = forms.CharField(label=_("source"), max_length=2000, help_text=_("Where the plan comes from."))
    classification = forms.TypedChoiceField(
        label=_("classification"), choices=Classification.choices, coerce=int, initial=Classification.PUBLIC
    )
    releasability = forms.ChoiceField(
        label=_("releasable to"),
        choices=[(v, label) for v, label in Releasability.choices if v != Releasability.NAMED_STATES],
        initial=Releasability.EVERYONE,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = TrainingSeries.objects.restrict(SYSTEM_USER)
        self.fields["host"].queryset = states()
        self.fields["formations"].queryset = Formation.objects.restrict(SYSTEM_USER)


class PostponeForm(forms.Form):
    start = forms.DateField(label=_("new start"), widget=DateInput, required=False)
    end = forms.DateField(label=_("new end"), widget=DateInput, required=False)
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=box())


class RelocateForm(forms.Form):
    host = StateChoice(label=_("new host state"), queryset=State.objects.none())
    place_en = forms.CharField(label=_("place (English)"), max_length=200, required=False)
    place_ru = forms.CharField(label=_("place (Russian)"), max_length=200, required=False)
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=box())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = states()


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=box())


class HoldForm(forms.Form):
    start = forms.DateField(label=_("held from"), widget=DateInput)
    end = forms.DateField(label=_("held to"), widget=DateInput)
    personnel = forms.IntegerField(label=_("personnel"), min_value=1, max_value=1_000_000, required=False)


class JoinForm(forms.Form):
    state = StateChoice(label=_("state"), queryset=State.objects.none())
    capacity = forms.ChoiceField(
        label=_("as"), choices=[("participant", _("participant")), ("observer", _("observer"))]
    )
    personnel = forms.IntegerField(label=_("personnel"), min_value=1, max_value=1_000_000, required=False)

    def __init__(self, *args: Any, own_state: State | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        query = states()
        self.fields["state"].queryset = query.filter(pk=own_state.pk) if own_state else query
        if own_state:
            self.fields["state"].initial = own_state.pk
            self.fields["state"].empty_label = None  # their own state is the only choice


class PlanOnForm(forms.Form):
    on = forms.DateField(label=_("the plan as it stood on"), widget=DateInput, required=False)


class FindingForm(forms.Form):
    text_en = forms.CharField(label=_("finding (English)"), max_length=4000, widget=box())
    text_ru = forms.CharField(
        label=_("finding (Russian)"),
        max_length=4000,
        required=False,
        widget=box(),
    )


class MeasureForm(forms.Form):
    text_en = forms.CharField(label=_("measure (English)"), max_length=4000, widget=box())
    text_ru = forms.CharField(
        label=_("measure (Russian)"),
        max_length=4000,
        required=False,
        widget=box(),
    )
    deadline = forms.DateField(label=_("deadline"), widget=DateInput, required=False)
    states = forms.ModelMultipleChoiceField(
        label=_("responsible states"), queryset=State.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["states"].queryset = states()


class EditForm(forms.Form):
    """Correct the plan: every field comes filled with the training's values; the unchanged stay."""

    name = forms.CharField(label=_("name (English)"), max_length=300)
    name_ru = forms.CharField(label=_("name (Russian)"), max_length=300, required=False)
    place_en = forms.CharField(label=_("place (English)"), max_length=200, required=False)
    place_ru = forms.CharField(label=_("place (Russian)"), max_length=200, required=False)
    start = forms.DateField(label=_("planned start"), widget=DateInput, required=False)
    end = forms.DateField(label=_("planned end"), widget=DateInput, required=False)
    series = forms.ModelChoiceField(label=_("series"), queryset=TrainingSeries.objects.none())
    formations = forms.ModelMultipleChoiceField(
        label=_("formations"), queryset=Formation.objects.none(), required=False
    )
    classification = forms.TypedChoiceField(
        label=_("classification"), choices=Classification.choices, coerce=int
    )
    releasability = forms.ChoiceField(label=_("releasable to"), choices=Releasability.choices)
    reason = forms.CharField(label=_("reason"), max_length=2000, widget=box())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = TrainingSeries.objects.restrict(SYSTEM_USER)
        self.fields["formations"].queryset = Formation.objects.restrict(SYSTEM_USER)

    @classmethod
    def of(cls, training: Any) -> EditForm:
        """The form filled with the training as it stands."""
        return cls(
            initial={
                "name": training.name_en,
                "name_ru": training.name_ru,
                "place_en": training.place_en,
                "place_ru": training.place_ru,
                "start": training.planned_start,
                "end": training.planned_end,
                "series": training.series_id,
                "formations": list(training.formations.values_list("pk", flat=True)),
                "classification": training.classification,
                "releasability": training.releasability,
            }
        )


class PhaseForm(forms.Form):
    name_en = forms.CharField(label=_("phase (English)"), max_length=200)
    name_ru = forms.CharField(label=_("phase (Russian)"), max_length=200, required=False)
    start = forms.DateField(label=_("from"), widget=DateInput, required=False)
    end = forms.DateField(label=_("to"), widget=DateInput, required=False)


class WithdrawForm(forms.Form):
    state = forms.CharField(widget=forms.HiddenInput, max_length=3)
    reason = forms.CharField(label=_("reason"), max_length=2000)
