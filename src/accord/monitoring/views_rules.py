"""The category rules on a page: the rules in force as a table, the YAML for the CRC to edit (a refused
version shown beside the text with its line), the versions kept, and a box to try a text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER, may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.monitoring.models import RulesVersion
from accord.monitoring.models.common import Language
from accord.monitoring.rules_presenters import analysis_json, rules_table
from accord.monitoring.rules_services import MAX_NOTE, save_rules
from accord.monitoring.understanding.categories import rules_in_force, rules_of_version
from accord.monitoring.understanding.rulebook import MAX_RULES_BYTES, shipped_rules_text

MAX_TRY_CHARACTERS = 20_000


class RulesForm(forms.Form):
    """A new version of the rules: the whole YAML and a note of what changed."""

    text = forms.CharField(
        label=gettext_lazy("Rules (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30}),
        max_length=MAX_RULES_BYTES,
    )
    note = forms.CharField(label=gettext_lazy("What changed"), max_length=MAX_NOTE)


class TryForm(forms.Form):
    """A text to tag with the rules in force."""

    sample = forms.CharField(
        label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=MAX_TRY_CHARACTERS
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=Language.choices)


def current_text(version: int) -> str:
    """The YAML of the version in force (the shipped file for version 0)."""
    if version == 0:
        return shipped_rules_text()
    return RulesVersion.objects.restrict(SYSTEM_USER).get(number=version).text


def tried(form: TryForm) -> dict[str, Any] | None:
    """The analysis of the tried text, or None when the form is not filled."""
    from accord.monitoring.understanding.analysis import analyse
    from accord.monitoring.understanding.knowledge import current_knowledge

    if not form.is_valid():
        return None
    knowledge = current_knowledge()
    text, language = form.cleaned_data["sample"], form.cleaned_data["language"]
    return analysis_json(text, analyse(text, language, knowledge), knowledge.rules_version)


def save_from(request: HttpRequest, form: RulesForm) -> bool:
    """Save the posted version; False (with the refusal on the form) when it is refused."""
    if not form.is_valid():
        return False
    try:
        version = save_rules(
            form.cleaned_data["text"], form.cleaned_data["note"], actor=Actor.for_user(request.user)
        )
    except ServiceError as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.reason)
        return False
    messages.success(request, saved_message(version))
    return True


def saved_message(version: RulesVersion) -> str:
    """The version is in force; the items already in are being re-tagged (a link to that run)."""
    from accord.monitoring.jobs_retag import retag_run_of

    said = _("Version %(number)s of the rules is in force.") % {"number": version.number}
    run = retag_run_of(version.number)
    if run is None:
        return said
    return format_html(
        '{} <a href="{}">{}</a>',
        said,
        reverse("crisis:run", kwargs={"pk": run.pk}),
        _("The items already taken in are being re-tagged with the new rules."),
    )


def rules_page(request: HttpRequest) -> HttpResponse:
    """The rules in force, the versions, the editor (the CRC) and the try-a-text box (everyone)."""
    may_edit = request.user.is_authenticated and may_add(request.user, RulesVersion)
    version, rules = rules_in_force()
    rules_form = RulesForm(initial={"text": current_text(version)})
    try_form = TryForm(initial={"language": "en"})
    analysis = None
    if request.method == "POST" and request.POST.get("action") == "save":
        if not may_edit:
            raise PermissionDenied
        rules_form = RulesForm(request.POST)
        if save_from(request, rules_form):
            return redirect("monitoring:rules")
    elif request.method == "POST":
        try_form = TryForm(request.POST)
        analysis = tried(try_form)
    context = {
        "version": version,
        "rows": rules_table(rules, get_language() or "en"),
        "versions": RulesVersion.objects.restrict(request.user).order_by("-number"),
        "may_edit": may_edit,
        "rules_form": rules_form,
        "try_form": try_form,
        "analysis": analysis,
    }
    return render(request, "monitoring/rules.html", context)


def rules_version_page(request: HttpRequest, number: int) -> HttpResponse:
    """One saved version: who saved it, when, why, its rules as a table and its YAML."""
    found = RulesVersion.objects.restrict(request.user).filter(number=number).first()
    if found is None:
        raise Http404(_("No such version of the rules."))
    rules = rules_of_version(found.number, found.text, found.saved_at.isoformat())
    context = {"found": found, "rows": rules_table(rules, get_language() or "en")}
    return render(request, "monitoring/rules_version.html", context)
