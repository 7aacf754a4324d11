"""Forms for documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import Body, State
from accord.core.classification import Classification, Releasability, release_codes
from accord.decisions.models import Document


class DocumentSearchForm(forms.Form):
    """Search and filter the documents list."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
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
            "classification",
            "releasability",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.restrict(user)
        self.fields["state"].queryset = State.objects.restrict(user).filter(statuses__isnull=False).distinct()
        self.fields["classification"] = forms.TypedChoiceField(
            label=_("Classification"), choices=Classification.choices, coerce=int
        )
        self.fields["releasability"].choices = Releasability.choices
        if self.instance.pk:
            self.fields["release_to_text"].initial = ", ".join(release_codes(self.instance.release_to))

    def values(self) -> dict[str, Any]:
        """The cleaned values, with the named states as a list."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["release_to"] = self.cleaned_data["release_to_text"].split(",")
        return values
