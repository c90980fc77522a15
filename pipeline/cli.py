"""The `newsfacts` command line (SPEC §6): thin typer commands over plain functions."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="newsfacts",
    help=(
        "Extract organizations, money amounts, dates and places from news articles into validated JSON "
        "(one object per article, see `newsfacts schema`)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _published(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    from pipeline.io import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles to read: .txt files (optional `date YYYY-MM-DD` header), .jsonl files "
            "({id, text, published} a line), directories (every .txt/.jsonl below, sorted), or - for JSONL on stdin.",
            show_default=False,
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            help="Where results go: a directory (one <id>.json per article), a path ending in .jsonl, "
            "or - for JSON Lines on stdout.",
        ),
    ] = "output",
    published: Annotated[
        Optional[str],
        typer.Option(
            help="Reference date YYYY-MM-DD for articles that carry none; relative dates "
            "('last week', 'Wednesday') resolve against it. Without any, they get null values and a warning.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes, each loading the spaCy model once; output is identical for any N.")
    ] = 1,
    resume: Annotated[
        bool,
        typer.Option(help="Skip articles whose output file already exists for the same text (directory output only)."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line on stderr.")] = False,
) -> None:
    """Extract entities from articles. Exit status: 0 all succeeded, 1 some produced error records, 2 usage error."""
    from pipeline.nlp import ModelNotInstalled
    from pipeline.runner import run_extract

    reference = _published(published)
    if resume and (out == "-" or out.endswith(".jsonl")):
        raise typer.BadParameter("--resume needs a directory for --out", param_hint="--resume")
    console = _stderr()
    try:
        summary = run_extract(
            inputs,
            out=out,
            published=reference,
            workers=workers,
            resume=resume,
            console=console,
            progress=not quiet and sys.stderr.isatty(),
        )
    except ModelNotInstalled as exc:
        console.print(f"newsfacts: {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    if not quiet:
        console.print(summary.line())
    raise typer.Exit(EXIT_FAILED if summary.errors else EXIT_OK)


@app.command()
def schema() -> None:
    """Print the JSON Schema of one output record (an article result or an error record)."""
    from pipeline.models import schema_text

    sys.stdout.write(schema_text())


@app.command(name="eval")
def evaluate_command(
    gold: Annotated[
        list[Path],
        typer.Argument(help="Gold files in the SPEC §4 format (JSONL), or directories of them.", show_default=False),
    ],
    json_output: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    fail_under: Annotated[
        Optional[float],
        typer.Option(min=0.0, max=1.0, help="Exit 1 when the relaxed micro-averaged F1 is below this.", show_default=False),
    ] = None,
    labels: Annotated[
        Optional[list[str]],
        typer.Option("--labels", help="Score only these labels (ORG, MONEY, DATE, PLACE); repeat the option.", show_default=False),
    ] = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="List every false positive, false negative, wrong value, and wrong deal-term role, payer or payee, with its sentence.")
    ] = False,
) -> None:
    """Score the pipeline against hand-labeled gold articles (SPEC §5), with deal-term role and party accuracy (SPEC §7)."""
    from pipeline.evaluate import LABELS, GoldError, evaluate_files, format_errors, format_table

    chosen = tuple(label.upper() for label in labels) if labels else LABELS
    unknown = [label for label in chosen if label not in LABELS]
    if unknown:
        raise typer.BadParameter(f"unknown label(s) {', '.join(unknown)}; choose from {', '.join(LABELS)}", param_hint="--labels")
    try:
        report = evaluate_files(gold, labels=chosen)
    except GoldError as exc:
        _stderr().print(f"newsfacts eval: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if json_output:
        import json

        sys.stdout.write(json.dumps(report.scores(), indent=2) + "\n")
    else:
        sys.stdout.write(format_table(report))
    if errors:
        sys.stdout.write(format_errors(report))
    if fail_under is not None and report.micro_f1() < fail_under:
        _stderr().print(f"newsfacts eval: relaxed micro F1 {report.micro_f1():.4f} is below --fail-under {fail_under}")
        raise typer.Exit(EXIT_FAILED)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Output of an earlier `newsfacts extract`: a directory or a .jsonl file.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="Output of a later run, to compare with OLD.", show_default=False)],
) -> None:
    """Show, article by article, the mentions added, removed and changed between two extract outputs. Exit 1 when they differ."""
    from pipeline.diff import DiffInputError, diff_outputs, format_diff

    try:
        result = diff_outputs(old, new)
    except DiffInputError as exc:
        _stderr().print(f"newsfacts diff: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    sys.stdout.write(format_diff(result))
    raise typer.Exit(EXIT_FAILED if result.changed else EXIT_OK)
