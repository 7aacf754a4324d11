"""The category rules in the API (``/api/v1/monitoring/rules``): the rules in force with their YAML,
the versions kept, and trying a text (its tags, each with the rule and words that made it, and figures)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from accord.core.access import SYSTEM_USER, Permission
from accord.core.api_errors import error_responses
from accord.core.scopes import require_scope
from accord.core.validation import bounded_text
from accord.monitoring.models import RulesVersion
from accord.monitoring.rules_presenters import analysis_json, categories_json, rules_table
from accord.monitoring.understanding.categories import rules_in_force

router = Router(tags=["monitoring"])
MAX_TRY_CHARACTERS = 20_000


class RulesOut(Schema):
    version: int
    text: str
    categories: list[dict[str, Any]]
    rules: list[dict[str, Any]]


class RulesVersionOut(Schema):
    number: int
    note: str
    saved_by: str
    saved_at: str


class TryIn(Schema):
    text: bounded_text(MAX_TRY_CHARACTERS)
    language: Literal["en", "ru"]


class TryOut(Schema):
    language: str
    rules_version: int
    tags: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    reasons: list[str]
    pieces: list[dict[str, Any]]


def text_of_version(number: int) -> str:
    from accord.monitoring.understanding.rulebook import shipped_rules_text

    if number == 0:
        return shipped_rules_text()
    return RulesVersion.objects.restrict(SYSTEM_USER).get(number=number).text


@router.get("/rules", response={200: RulesOut, **error_responses(403)}, summary="The category rules in force")
def get_monitoring_rules(request: HttpRequest):
    require_scope(request, Permission.RULES_VIEW)
    version, rules = rules_in_force()
    return {
        "version": version,
        "text": text_of_version(version),
        "categories": categories_json(rules),
        "rules": rules_table(rules, "en"),
    }


@router.get(
    "/rules/versions",
    response={200: list[RulesVersionOut], **error_responses(403)},
    summary="The saved versions of the category rules, newest first",
)
def list_monitoring_rules_versions(request: HttpRequest):
    require_scope(request, Permission.RULES_VIEW)
    return [
        {
            "number": found.number,
            "note": found.note,
            "saved_by": found.saved_by,
            "saved_at": found.saved_at.isoformat(),
        }
        for found in RulesVersion.objects.restrict(request.user).order_by("-number")
    ]


@router.post(
    "/rules/try",
    response={200: TryOut, **error_responses(403, 422)},
    summary="Tag a text with the rules in force: each tag with its rule and words, and the figures",
)
def post_monitoring_rules_try(request: HttpRequest, payload: TryIn):
    require_scope(request, Permission.RULES_VIEW)
    from accord.monitoring.understanding.analysis import analyse
    from accord.monitoring.understanding.knowledge import current_knowledge

    knowledge = current_knowledge()
    found = analyse(payload.text, payload.language, knowledge)
    return analysis_json(payload.text, found, knowledge.rules_version)
