"""The form that reports a contribution's readiness on its page (the API and the CLI do the same)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.classification import Classification, Releasability
from accord.core.validation import day_field
from accord.forces.models import (
    Contribution,
    InstitutionalContact,
    JointEvent,
    PersonnelTraining,
    Rating,
)

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


def model_fields(model: type, names: list[str]) -> dict[str, forms.Field]:
    """The model's own fields as form fields: its labels, limits and choices, said once."""
    return dict(forms.fields_for_model(model, fields=names))


def labels_fields(classification: int) -> dict[str, forms.Field]:
    """The classification and releasability asked of every classified record written on a page."""
    return {
        "classification": forms.TypedChoiceField(
            label=_("classification"), choices=Classification.choices, coerce=int, initial=classification
        ),
        "releasability": forms.ChoiceField(
            label=_("releasable to"), choices=RELEASES, initial=Releasability.MEMBERS_ONLY
        ),
    }


def reason_field(required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=_("reason"),
        max_length=400,
        required=required,
        help_text=_("Kept in the record's history of changes; no names of people."),
    )


class RegistryForm(forms.Form):
    """A form whose fields are the model's (``MODEL``, ``FIELDS``), then the labels and a reason."""

    MODEL: type
    FIELDS: list[str] = []
    CLASSIFIED = True
    DEFAULT_CLASSIFICATION = Classification.CONFIDENTIAL
    REASON_REQUIRED = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(model_fields(self.MODEL, self.FIELDS))
        for name in self.FIELDS:
            if isinstance(self.fields[name], forms.DateField):
                self.fields[name] = day_field(self.fields[name].label, required=self.fields[name].required)
        if self.CLASSIFIED:
            self.fields.update(labels_fields(self.DEFAULT_CLASSIFICATION))
        self.fields["reason"] = reason_field(self.REASON_REQUIRED)

    def values(self) -> tuple[dict[str, Any], str]:
        """The record's values and the reason, apart."""
        values = dict(self.cleaned_data)
        return values, values.pop("reason")


class ContributionForm(RegistryForm):
    """A state's contribution to the formation of the page."""

    MODEL = Contribution
    FIELDS = [
        "unit_type",
        "description_en",
        "description_ru",
        "personnel",
        "equipment",
        "valid_from",
        "valid_until",
        "source_text",
        "note_en",
        "note_ru",
    ]

    def __init__(self, *args: Any, states: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"state": forms.ChoiceField(label=_("state"), choices=states), **self.fields}


class ContributionChangeForm(RegistryForm):
    """New figures, text, dates or raised labels of a contribution, and why (required)."""

    MODEL = Contribution
    FIELDS = ContributionForm.FIELDS[1:]
    REASON_REQUIRED = True

    def __init__(self, *args: Any, contribution: Contribution, **kwargs: Any) -> None:
        names = [*self.FIELDS, "classification", "releasability"]
        kwargs.setdefault("initial", {name: getattr(contribution, name) for name in names})
        super().__init__(*args, **kwargs)
        if contribution.releasability == Releasability.NAMED_STATES:
            del self.fields["releasability"]  # released to named states: kept so


class EventForm(RegistryForm):
    """A joint event with the organization of the page."""

    MODEL = JointEvent
    FIELDS = [
        "title_en",
        "title_ru",
        "date",
        "date_precision",
        "place_en",
        "place_ru",
        "kind",
        "status",
        "note_en",
    ]
    CLASSIFIED = False


class ContactForm(RegistryForm):
    """Which office of the organization of the page deals with which of our bodies."""

    MODEL = InstitutionalContact
    FIELDS = ["their_unit", "our_body", "channel", "note"]
    DEFAULT_CLASSIFICATION = Classification.RESTRICTED


class PersonnelForm(RegistryForm):
    """Places offered and used at an institution in a year."""

    MODEL = PersonnelTraining
    FIELDS = [
        "year",
        "field",
        "institution_en",
        "institution_ru",
        "places_offered",
        "places_used",
        "approximate",
        "source_text",
        "note_en",
        "note_ru",
    ]
    DEFAULT_CLASSIFICATION = Classification.RESTRICTED

    def __init__(self, *args: Any, states: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "state": forms.ChoiceField(label=_("state"), choices=states, required=False),
            **self.fields,
        }
