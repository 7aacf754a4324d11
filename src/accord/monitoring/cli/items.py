"""``accord monitoring items|item``: media items at the command line (as the operator sees them)."""

from __future__ import annotations

import argparse
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError
from accord.monitoring.cli import Answer, Verb
from accord.monitoring.models import Item
from accord.monitoring.presenters_intake import item_json, item_summary_json

LIST_LIMIT = 200


def list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", help="a source's key")
    parser.add_argument("--status", choices=Item.Status.values)
    parser.add_argument("--limit", type=int, default=50, help=f"at most this many (up to {LIST_LIMIT})")


def run_list(options: dict[str, Any]) -> Answer:
    items = Item.objects.restrict(SYSTEM_USER).select_related("source")
    if options.get("source"):
        items = items.filter(source__key=options["source"])
    if options.get("status"):
        items = items.filter(status=options["status"])
    limit = max(1, min(int(options.get("limit") or 50), LIST_LIMIT))
    rows = [item_summary_json(SYSTEM_USER, item) for item in items.order_by("-received_at", "-id")[:limit]]
    lines = [
        f"{row['id']}  {row['source']}  {row['status']}  {row['language'] or '--'}  "
        + (f"[{row['error_code']}] {row['error']}" if row["status"] == "failed" else row["title"])
        for row in rows
    ]
    return {"items": rows}, lines or [_("No item matches.")]


def show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int, help="the item's id")


def run_show(options: dict[str, Any]) -> Answer:
    item = Item.objects.restrict(SYSTEM_USER).select_related("source").filter(pk=options["id"]).first()
    if item is None:
        raise InputError(_("no item %(id)s") % {"id": options["id"]})
    data = item_json(SYSTEM_USER, item)
    lines = [f"{item.pk}  {item.source.key}  {item.status}  {item.language or '--'}  {item.title}"]
    if item.status == Item.Status.FAILED:
        lines.append(f"[{item.error_code}] {item.error}")
    lines += [
        f"  {tag['kind']}:{tag['key']}  ({tag['rule']}: {', '.join(map(str, tag['words']))})"
        for tag in data["tags"]
    ]
    lines += [f"  {figure['words']} = {figure['value']:g} {figure['unit']}" for figure in data["figures"]]
    if item.text:
        lines += ["", item.text]
    return data, lines


VERBS = [
    Verb("items", "Media items, newest first", list_arguments, run_list),
    Verb("item", "One item: its text, tags with their reasons, figures", show_arguments, run_show),
]
