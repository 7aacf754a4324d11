"""Forms for documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import Body, State
from accord.core.classification import Classification, Releasability, release_codes
from accord.core.label_choices import UsableLabels, labels_for
from accord.core.uploads import check_upload
from accord.core.validation import LONG_TEXT_MAX, SEARCH_MAX_LENGTH, day_field, validate_search
from accord.decisions.models import Document, Session
from accord.decisions.services import DocumentError, named_states


def offer_usable_labels(
    form: forms.ModelForm, labels: UsableLabels, releasabilities: list[tuple[str, Any]]
) -> None:
    """Offer only the labels the user could read back, the record's usual ones (or the nearest) first.

    A record labelled beyond its writer's reach would be saved and lost to them at once; a refused
    choice is an error on its field, saying why.
    """
    form.fields["classification"] = forms.TypedChoiceField(
        label=_("Classification"),
        choices=labels.classification_choices(),
        coerce=int,
        error_messages={"invalid_choice": _("you may not give this classification: you could not read it")},
    )
    form.fields["releasability"] = forms.ChoiceField(
        label=form.fields["releasability"].label,
        choices=labels.releasability_choices(releasabilities),
        error_messages={"invalid_choice": _("you may not give this releasability: you could not read it")},
    )
    if form.instance.pk is None:
        model = form._meta.model
        form.initial["classification"] = labels.default_classification(
            model._meta.get_field("classification").default
        )
        form.initial["releasability"] = labels.default_releasability(
            model._meta.get_field("releasability").default
        )


class DocumentSearchForm(forms.Form):
    """Search and filter the documents list."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH, validators=[validate_search]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all kinds")), *Document.Kind.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[("-date", _("newest first")), ("date", _("oldest first")), ("title_en", _("title"))],
    )


class DocumentForm(forms.ModelForm):
    """Create or edit a document."""

    release_to_text = forms.CharField(
        label=_("Named states"), required=False, help_text=_("ISO codes separated by commas, e.g. ARM, KAZ")
    )

    class Meta:
        model = Document
        fields = [
            "kind",
            "title_en",
            "title_ru",
            "body",
            "state",
            "date",
            "text",
            "attachment",
            "classification",
            "releasability",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.restrict(user)
        self.fields["state"].queryset = State.objects.restrict(user).filter(statuses__isnull=False).distinct()
        self.labels = labels_for(user)
        offer_usable_labels(self, self.labels, list(Releasability.choices))
        if self.instance.pk:
            self.fields["release_to_text"].initial = ", ".join(release_codes(self.instance.release_to))

    def clean_attachment(self) -> Any:
        """A new file within the size limit and not a program (see :mod:`accord.core.uploads`)."""
        attachment = self.cleaned_data.get("attachment")
        check_upload(attachment)
        return attachment

    def clean_release_to_text(self) -> list[str]:
        """The named states, each one a state Accord knows (the service's own check)."""
        try:
            return named_states(self.cleaned_data["release_to_text"])
        except DocumentError as error:
            raise forms.ValidationError(str(error).removeprefix("release_to: ")) from None

    def clean(self) -> dict[str, Any]:
        """Named states must include one's own, or the writer could not read the document."""
        cleaned = super().clean()
        if "release_to_text" not in cleaned:
            return cleaned
        for field, message in self.labels.problems(
            None, cleaned.get("releasability"), cleaned["release_to_text"]
        ):
            self.add_error("release_to_text" if field == "release_to" else field, message)
        return cleaned

    def values(self) -> dict[str, Any]:
        """The cleaned values, with the named states as a list."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["release_to"] = self.cleaned_data["release_to_text"]
        return values


class SessionFilterForm(forms.Form):
    """Filter the sessions list."""

    body = forms.ModelChoiceField(
        label=_("Body"), required=False, queryset=Body.objects.none(), to_field_name="key"
    )
    start = day_field(_("From"))
    end = day_field(_("To"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.restrict(user).exclude(decision_rule="none")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("“To” must not be before “From”."))
        return cleaned


class SessionForm(forms.ModelForm):
    """Record a session and who took part."""

    participants = forms.ModelMultipleChoiceField(
        label=_("Participating states"),
        queryset=State.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Session
        fields = [
            "body",
            "title_en",
            "title_ru",
            "date",
            "format",
            "kind",
            "place_en",
            "place_ru",
            "chair_state",
            "chair_person_en",
            "chair_person_ru",
            "classification",
            "releasability",
            "note",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.restrict(user).exclude(decision_rule="none")
        with_status = (
            State.objects.restrict(user).filter(statuses__isnull=False).distinct().order_by("name_en")
        )
        self.fields["participants"].queryset = with_status
        self.fields["chair_state"].queryset = with_status
        labels = labels_for(user)
        offer_usable_labels(
            self,
            labels,
            [choice for choice in Releasability.choices if choice[0] != Releasability.NAMED_STATES],
        )
        if self.instance.pk is None:
            self.initial["classification"] = labels.default_classification(Classification.PUBLIC)


POSITION_CHOICES = [
    ("", _("— no position —")),
    ("agree", _("agrees")),
    ("object", _("objects")),
    ("reservation", _("agrees with a reservation")),
    ("abstain", _("abstains")),
]


class AgendaItemForm(forms.Form):
    """An agenda item and, for each participant, its position (objections and reservations kept)."""

    title_en = forms.CharField(label=_("Title (English)"), max_length=500, required=False)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=500, required=False)

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = list(session.participants.select_related("state").order_by("state__name_en"))
        for participant in self.participants:
            code = participant.state.code
            self.fields[f"position_{code}"] = forms.ChoiceField(
                label=participant.state.name, choices=POSITION_CHOICES, required=False
            )
            self.fields[f"remark_{code}"] = forms.CharField(
                label=_("Objection or reservation"), required=False, max_length=1000
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("title_en") and not cleaned.get("title_ru"):
            raise forms.ValidationError(_("Give the item a title in English or in Russian."))
        return cleaned

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """Each participant with its position and remark fields, for the template."""
        return [
            (
                participant,
                self[f"position_{participant.state.code}"],
                self[f"remark_{participant.state.code}"],
            )
            for participant in self.participants
        ]

    def positions(self) -> dict[str, tuple[str, str]]:
        """The positions entered, by state code."""
        return {
            participant.state.code: (
                self.cleaned_data[f"position_{participant.state.code}"],
                self.cleaned_data[f"remark_{participant.state.code}"],
            )
            for participant in self.participants
            if self.cleaned_data[f"position_{participant.state.code}"]
        }


class MinutesForm(forms.Form):
    """Draft minutes."""

    text = forms.CharField(
        label=_("Minutes"), max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )
