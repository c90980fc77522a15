"""The `newsfacts` command line (SPEC §6): thin typer commands over plain functions."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
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


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def _run_dask(inputs: list[str], options: dict, *, scheduler, workers: Optional[int], partition_size: int, quiet: bool):
    """`extract --engine dask`; Dask is imported here only. A cluster that cannot be had is one line and exit 1."""
    from pipeline.dask_engine import EngineError, run_dask_extract
    from pipeline.partitions import PlanError

    console = options["console"]
    try:
        return run_dask_extract(
            inputs, scheduler=scheduler, workers=workers, partition_size=partition_size,
            **{**options, "console": None if quiet else console},
        )
    except PlanError as exc:
        raise typer.BadParameter(str(exc)) from None
    except EngineError as exc:
        console.print(f"newsfacts: {exc}", soft_wrap=True, markup=False)
        raise typer.Exit(EXIT_FAILED) from None


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


def _database_out(out: str) -> None:
    """A database URL newsfacts cannot use (malformed, another engine) is a usage error, before any work."""
    from pipeline.db import DatabaseError, is_database_url

    if is_database_url(out):
        from pipeline.db.engine import parse

        try:
            parse(out)
        except DatabaseError as exc:
            raise typer.BadParameter(str(exc), param_hint="--out") from None


# The options of `extract`, named here so the command reads as its steps.
InputsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Articles to read: .txt files (optional `date YYYY-MM-DD` header), .jsonl files "
        "({id, text, published} a line), directories (every .txt/.jsonl below, sorted), or - for JSONL on stdin.",
        show_default=False,
    ),
]
OutOption = Annotated[
    str,
    typer.Option(
        "--out",
        "-o",
        help="Where results go: a directory (one <id>.json per article), a path ending in .jsonl, "
        "- for JSON Lines on stdout, or a database: sqlite:///PATH.db (a file) or "
        "postgresql://USER@HOST:PORT/DB (needs newsfacts[postgres]); see the README for its tables.",
    ),
]
PublishedOption = Annotated[
    Optional[str],
    typer.Option(
        help="Reference date YYYY-MM-DD for articles that carry none; relative dates "
        "('last week', 'Wednesday') resolve against it. Without any, they get null values and a warning.",
        show_default=False,
    ),
]
WorkersOption = Annotated[
    Optional[int],
    typer.Option(
        min=1,
        help="Worker processes, each loading the spaCy model once; output is identical for any N. "
        "Default: 1 locally; with --engine dask, one per core in the LocalCluster.",
        show_default=False,
    ),
]
ResumeOption = Annotated[
    bool,
    typer.Option(help="Skip articles whose output already exists for the same text (directory or database output only)."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary line on stderr.")]
EngineOption = Annotated[
    Engine,
    typer.Option(
        help="local: this machine's processes (--workers). dask: partitions on a Dask cluster "
        "(pip install \"newsfacts[dask]\"); --out must be a directory, which gets part-NNNNN.jsonl files and a _SUCCESS manifest.",
    ),
]
SchedulerOption = Annotated[
    Optional[str],
    typer.Option(
        help="With --engine dask: the address of a running Dask scheduler (tcp://HOST:PORT). "
        "Without it a LocalCluster of --workers processes (default: one per core) is started.",
        show_default=False,
    ),
]
PartitionSizeOption = Annotated[
    int, typer.Option(min=1, help="With --engine dask: articles per partition (one task and one part file each).")
]


@app.command()
def extract(
    inputs: InputsArgument,
    out: OutOption = "output",
    published: PublishedOption = None,
    workers: WorkersOption = None,
    resume: ResumeOption = False,
    quiet: QuietOption = False,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    partition_size: PartitionSizeOption = 200,
) -> None:
    """Extract entities from articles. Exit status: 0 all succeeded, 1 some produced error records, 2 usage error."""
    from pipeline.db import DatabaseError
    from pipeline.nlp import ModelNotInstalled

    reference = _published(published)
    _database_out(out)
    if resume and (out == "-" or out.endswith(".jsonl")):
        raise typer.BadParameter("--resume needs a directory or a database for --out", param_hint="--resume")
    if engine is Engine.dask and (out == "-" or out.endswith(".jsonl") or "://" in out):
        raise typer.BadParameter("--engine dask writes part files: give a directory", param_hint="--out")
    console = _stderr()
    progress = not quiet and sys.stderr.isatty()
    options = dict(out=out, published=reference, resume=resume, console=console, progress=progress)
    try:
        if engine is Engine.dask:
            summary = _run_dask(inputs, options, scheduler=scheduler, workers=workers, partition_size=partition_size, quiet=quiet)
        else:
            from pipeline.runner import run_extract

            summary = run_extract(inputs, workers=workers or 1, **options)
    except ModelNotInstalled as exc:
        console.print(f"newsfacts: {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    except DatabaseError as exc:
        console.print(f"newsfacts: {exc}", markup=False, soft_wrap=True)
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
    html: Annotated[
        Optional[Path],
        typer.Option("--html", help="Also write review pages into this folder, every mistake marked (index sorted by errors).", show_default=False),
    ] = None,
) -> None:
    """Score the pipeline against hand-labeled gold articles (SPEC §5), with deal-term role and party accuracy (SPEC §7)."""
    from pipeline.evaluate import LABELS, GoldError, evaluate_files, format_errors, format_table

    chosen = tuple(label.upper() for label in labels) if labels else LABELS
    unknown = [label for label in chosen if label not in LABELS]
    if unknown:
        raise typer.BadParameter(f"unknown label(s) {', '.join(unknown)}; choose from {', '.join(LABELS)}", param_hint="--labels")
    try:
        report = evaluate_files(gold, labels=chosen) if html is None else _evaluate_to_html(gold, chosen, html)
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


def _evaluate_to_html(gold: list[Path], labels: tuple[str, ...], html: Path):
    from pipeline.render.report import evaluate_to_html

    return evaluate_to_html(gold, labels=labels, out=html)


def _diff_to_html(old: Path, new: Path, html: Path):
    from pipeline.render.report import diff_to_html

    return diff_to_html(old, new, out=html)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Output of an earlier `newsfacts extract`: a directory or a .jsonl file.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="Output of a later run, to compare with OLD.", show_default=False)],
    html: Annotated[
        Optional[Path],
        typer.Option("--html", help="Also write review pages of NEW into this folder, added, removed and changed mentions marked.", show_default=False),
    ] = None,
) -> None:
    """Show, article by article, the mentions added, removed and changed between two extract outputs. Exit 1 when they differ."""
    from pipeline.diff import DiffInputError, diff_outputs, format_diff

    try:
        result = diff_outputs(old, new) if html is None else _diff_to_html(old, new, html)
    except DiffInputError as exc:
        _stderr().print(f"newsfacts diff: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    sys.stdout.write(format_diff(result))
    raise typer.Exit(EXIT_FAILED if result.changed else EXIT_OK)


@app.command()
def render(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles (anything `extract` reads; they are extracted first) or `extract` outputs "
            "(folders of <id>.json, .jsonl of records, - for either on stdin, a database written by "
            "`extract --out sqlite:///PATH.db` or postgresql://...).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder of the review report: index.html and articles/<id>.html.")
    ] = Path("report"),
    published: Annotated[
        Optional[str],
        typer.Option(help="Reference date YYYY-MM-DD for articles that carry none (as for extract).", show_default=False),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
) -> None:
    """Write static HTML review pages (one per article, mentions highlighted, values on hover) and an index.

    The pages open from disk; they need no server and load nothing from the network. Exit status: 0 all
    records were results, 1 some were error records (they are listed and have a page), 2 usage error.
    """
    from pipeline.nlp import ModelNotInstalled
    from pipeline.render.report import run_render

    reference = _published(published)
    console = _stderr()
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} exists and is not a folder", param_hint="--out")
    try:
        summary = run_render(inputs, out=out, published=reference)
    except ModelNotInstalled as exc:
        console.print(f"newsfacts: {exc}")
        raise typer.Exit(EXIT_FAILED) from None
    if not quiet:
        console.print(summary.line())
    raise typer.Exit(EXIT_FAILED if summary.errors else EXIT_OK)
