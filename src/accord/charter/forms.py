"""Forms of the charter pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.charter import models as charter
from accord.core.validation import day_field, validate_search


class StateFilterForm(forms.Form):
    """Filter the states list."""

    q = forms.CharField(label=_("Name or code"), required=False, max_length=100, validators=[validate_search])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all states")), ("any", _("any status")), *charter.Status.choices],
    )
    on = day_field(_("On"))


class StateChoiceField(forms.ModelChoiceField):
    """A state shown as ``Name (CODE)``."""

    def label_from_instance(self, obj: charter.State) -> str:
        return f"{obj.name} ({obj.code})"


class EligibilityForm(forms.Form):
    """Which state, which status, on which date."""

    state = StateChoiceField(label=_("State"), queryset=charter.State.objects.none())
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (charter.Status.OBSERVER, _("observer")),
            (charter.Status.PARTNER, _("partner")),
            (charter.Status.MEMBER, _("member")),
        ],
    )
    on = day_field(_("On"), required=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = charter.State.objects.restrict(user).order_by("name_en")
        self.fields["state"].to_field_name = "code"
        self.fields["on"].initial = timezone.localdate()


class StatusChangeForm(forms.Form):
    """A state's new status from a date, with its source and reason (and an override if the
    charter's rules refuse it)."""

    status = forms.ChoiceField(label=_("New status"), choices=charter.Status.choices)
    start = day_field(_("From"), required=True)
    source = forms.CharField(
        label=_("Source"), max_length=500, help_text=_("a source key, or the title of the text it comes from")
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    decision = forms.CharField(
        label=_("Decision that granted it"),
        required=False,
        max_length=500,
        help_text=_("a source key or title of the decision, where there is one"),
    )
    override = forms.CharField(
        label=_("Record it anyway, because"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("only if the charter's rules refuse it: say why it is recorded all the same"),
    )
