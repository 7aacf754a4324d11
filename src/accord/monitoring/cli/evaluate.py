"""``accord monitoring evaluate GOLD.yaml``: precision, recall and F1 per field of the analysis against
a gold file annotated by hand (a bad gold file: one line naming file, line and field, status 2)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from accord.core.cli import InputError
from accord.core.ingest import InputFileError
from accord.monitoring.cli import Answer, Verb
from accord.monitoring.evaluate import evaluate, readable


def evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", help="the gold file (YAML list of annotated texts)")


def run_evaluate(options: dict[str, Any]) -> Answer:
    try:
        result = evaluate(Path(options["gold"]))
    except InputFileError as refused:
        raise InputError(str(refused).replace("\n", "; ")) from None
    return result.as_dict(), readable(result)


VERBS = [
    Verb(
        "evaluate",
        "score the analysis against a gold file (P/R/F1 per field)",
        evaluate_arguments,
        run_evaluate,
    )
]
