"""Forms to hold a consultation, link the decision, deploy a contingent, withdraw and add a phase —
each offering only what the user may see; the services make the checks and their refusals are shown
beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.charter.models import Body, State
from accord.core.classification import Classification
from accord.core.validation import day_field
from accord.decisions.models import AgendaItem, Session
from accord.forces.models import Formation
from accord.response.models.deployments import MAX_STRENGTH


def states_with_status(user: Any):
    return State.objects.restrict(user).filter(statuses__isnull=False).distinct().order_by("code")


class ConsultationForm(forms.Form):
    """Hold a consultation: who holds it, when and how, who takes part, what it proposes."""

    body = forms.ModelChoiceField(label=_("Held by"), queryset=Body.objects.none(), to_field_name="key")
    on = day_field(_("Date"), required=True)
    format = forms.ChoiceField(label=_("Format"), choices=Session.Format.choices)
    kind = forms.ChoiceField(label=_("Schedule"), choices=Session.Kind.choices)
    states = forms.ModelMultipleChoiceField(
        label=_("Participating states"),
        queryset=State.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendee_bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies taking part"),
        queryset=Body.objects.none(),
        to_field_name="key",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendees = forms.CharField(
        label=_("Other participants (services, one a line; never names of people)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome_en = forms.CharField(label=_("Outcome (English)"), required=False, max_length=3000)
    outcome_ru = forms.CharField(label=_("Outcome (Russian)"), required=False, max_length=3000)
    proposal_to = forms.ModelChoiceField(
        label=_("Proposal to"), queryset=Body.objects.none(), to_field_name="key", required=False
    )
    classification = forms.TypedChoiceField(
        label=_("Classification"),
        choices=Classification.choices,
        coerce=int,
        initial=Classification.RESTRICTED,
        help_text=_("A video consultation is RESTRICTED at most."),
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=400)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Body.objects.restrict(user).order_by("key")
        self.fields["body"].queryset = bodies
        self.fields["attendee_bodies"].queryset = bodies
        self.fields["proposal_to"].queryset = bodies.exclude(decision_rule=Body.DecisionRule.NONE)
        self.fields["states"].queryset = states_with_status(user)

    def attendee_lines(self) -> list[tuple[str, str]]:
        lines = [line.strip() for line in self.cleaned_data["attendees"].splitlines()]
        return [(line, "") for line in lines if line]


class DecisionForm(forms.Form):
    """Link the decision: an agenda item of a session of the deciding body."""

    item = forms.ModelChoiceField(label=_("Decision (session and item)"), queryset=AgendaItem.objects.none())
    reason = forms.CharField(label=_("Why"), required=False, max_length=2000)

    def __init__(self, *args: Any, user: Any, body: Body | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = AgendaItem.objects.restrict(user).filter(
            outcome__in=[AgendaItem.Outcome.ADOPTED, AgendaItem.Outcome.NOT_ADOPTED],
            session__in=Session.objects.restrict(user),
        )
        if body is not None:
            items = items.filter(session__body=body)
        self.fields["item"].queryset = items.select_related("session__body").order_by(
            "-session__date", "number"
        )
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.session} — {item.number}. {item.title} ({item.get_outcome_display()})"
        )


class DeployForm(forms.Form):
    """A state's contingent of a formation (figures only)."""

    formation = forms.ModelChoiceField(
        label=_("Formation"), queryset=Formation.objects.none(), to_field_name="key"
    )
    state = forms.ModelChoiceField(
        label=_("Sending state"), queryset=State.objects.none(), to_field_name="code"
    )
    personnel = forms.IntegerField(label=_("Personnel"), min_value=1, max_value=MAX_STRENGTH)
    equipment = forms.IntegerField(
        label=_("Items of equipment"), min_value=0, max_value=MAX_STRENGTH, required=False
    )
    deployed_on = day_field(_("Deployed on"), required=True)
    withdrawn_on = day_field(_("Withdrawn on"))
    host = forms.ModelChoiceField(
        label=_("Deployed to (the requesting state when empty)"),
        queryset=State.objects.none(),
        to_field_name="code",
        required=False,
    )
    mandate = forms.ModelChoiceField(label=_("Mandate"), queryset=AgendaItem.objects.none(), required=False)
    source = forms.CharField(label=_("Source"), required=False, max_length=400)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["formation"].queryset = Formation.objects.restrict(user).order_by("key")
        self.fields["state"].queryset = states_with_status(user)
        self.fields["host"].queryset = State.objects.restrict(user).order_by("code")
        adopted = AgendaItem.objects.restrict(user).filter(
            outcome=AgendaItem.Outcome.ADOPTED, session__in=Session.objects.restrict(user)
        )
        self.fields["mandate"].queryset = adopted.select_related("session__body").order_by("-session__date")
        self.fields["mandate"].label_from_instance = lambda item: (
            f"{item.session} — {item.number}. {item.title}"
        )


class WithdrawForm(forms.Form):
    """Withdraw one state's contingent, or the whole deployment."""

    on = day_field(_("Withdrawn on"), required=True)
    state = forms.CharField(label=_("Only this state's contingent (code)"), required=False, max_length=3)
    reason = forms.CharField(label=_("Why"), required=False, max_length=2000)


class PhaseForm(forms.Form):
    """A phase of a deployment."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200, required=False)
    starts_on = day_field(_("Starts on"), required=True)
    ends_on = day_field(_("Ends on"))


DEPLOYMENT_SORTS = {
    "-deployed_on": ["-deployed_on", "-id"],
    "deployed_on": ["deployed_on", "id"],
    "formation": ["formation__key", "-deployed_on"],
}


class DeploymentFilterForm(forms.Form):
    """Filter and sort the deployments list."""

    formation = forms.ModelChoiceField(
        label=_("Formation"), queryset=Formation.objects.none(), to_field_name="key", required=False
    )
    host = forms.ModelChoiceField(
        label=_("Deployed to"), queryset=State.objects.none(), to_field_name="code", required=False
    )
    present = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("deployed", _("deployed")), ("withdrawn", _("withdrawn"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("-deployed_on", _("newest first")),
            ("deployed_on", _("oldest first")),
            ("formation", _("formation")),
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["formation"].queryset = Formation.objects.restrict(user).order_by("key")
        self.fields["host"].queryset = State.objects.restrict(user).order_by("code")
