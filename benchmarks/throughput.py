"""Throughput and memory of newsfacts against raw spaCy on a generated, seeded corpus of news-like articles.

Prints, from one run: articles/s and words/s for (a) raw `spacy.load(<model>)` with its default components
over `nlp.pipe`, (b) newsfacts extraction in-process, (c) newsfacts with 2 worker processes; the ratios b/a
and c/b; the peak RSS of each mode (each measured in a fresh subprocess, so one mode's memory does not hide
another's); the cold start of `newsfacts --help` and of extracting one article; and, for long articles (1 MB
and 5 MB of repeated news paragraphs, tests/test_batch.py's long article at full size), newsfacts' time and
peak RSS against the NER alone over the same pieces, timed in the same fresh process.

    .venv/bin/python benchmarks/throughput.py [--articles 2000] [--rss-articles 2000 20000] [--long-mb 1 5]
    .venv/bin/python benchmarks/throughput.py --engine dask [--articles 2000] [--partition-size 200]
        [--sinks jsonl sqlite postgresql] [--only-sinks]

`--sinks` adds the cost of each output: the corpus is extracted once in-process, then its records are
written to each sink (a JSONL file, a SQLite file, a PostgreSQL database on a throwaway local server with
fsync on, started as tests/db does); the ratio is (extraction + that sink) / (extraction + JSONL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

SYLLABLES = ["ar", "vel", "quin", "tor", "nex", "zen", "lum", "cor", "dra", "mir", "sol", "ta", "vio", "ka", "ren", "os"]
SUFFIXES = ["Therapeutics", "Bio", "Biologics", "Pharma", "Inc.", "Holdings", "AG", "plc", "Capital", "Labs"]
PLACES = ["Boston", "South Korea", "Germany", "Basel", "Japan", "California", "China", "the U.K.", "Singapore", "Ontario", "India", "Europe"]
CURRENCIES = ["${n} million", "€{n} million", "£{n}m", "{n} billion won", "CHF {n} million", "¥{n} billion", "US${n} million"]
DATES = ["Wednesday", "last week", "March 3, 2025", "the third quarter", "2024", "the next five years", "early 2027", "H1 2026", "January"]
TEMPLATES = [
    "{org} said {date} it would pay {money} to license a drug candidate from {org2}, based in {place}.",
    "The deal gives {org2} {money} upfront and up to {money2} in milestones over {date2}.",
    "Shares of {org} rose 12% after the company reported revenue of {money} for {date2}.",
    "{org} plans to open a plant in {place} by {date}, investing about {money}.",
    "Analysts at {org2} expect the market in {place} to reach {money2} by 2030, up from {money} in {date2}.",
    "Chief executive Jane Doe told reporters in {place} that {org} had hired 300 staff since {date}.",
    "The agency approved the therapy, which will cost {money} per patient, for adults in {place}.",
]


def _name(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word} {rng.choice(SUFFIXES)}"


def make_corpus(count: int, *, seed: int = 7) -> list[dict]:
    """`count` deterministic articles of about 200-300 words each."""
    return list(iter_corpus(count, seed=seed))


def iter_corpus(count: int, *, seed: int = 7) -> Iterator[dict]:
    """The articles of `make_corpus`, one at a time (so a memory measurement does not count the corpus)."""
    rng = random.Random(seed)
    for number in range(count):
        orgs = [_name(rng) for _ in range(3)]
        sentences = []
        for _ in range(rng.randint(10, 14)):
            sentences.append(
                rng.choice(TEMPLATES).format(
                    org=rng.choice(orgs), org2=rng.choice(orgs), place=rng.choice(PLACES),
                    money=rng.choice(CURRENCIES).format(n=rng.randint(2, 900)),
                    money2=rng.choice(CURRENCIES).format(n=rng.randint(2, 900)),
                    date=rng.choice(DATES), date2=rng.choice(DATES),
                )
            )
        paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
        yield {"id": f"bench-{number:06d}", "text": "\n\n".join(paragraphs), "published": "2026-03-05"}


# The paragraph tests/test_batch.py repeats into its long article (issue 12 measured a 5 MB one).
LONG_PARAGRAPH = "Quorvent Therapeutics said on March 3, 2025 it had raised $40 million in Boston.\n\n"


def long_article(megabytes: float) -> str:
    return LONG_PARAGRAPH * int(megabytes * 1_000_000 // len(LONG_PARAGRAPH))


def _words(articles: list[dict]) -> int:
    return sum(len(a["text"].split()) for a in articles)


def run_raw(articles: list[dict]) -> float:
    import spacy

    from pipeline.nlp import find_model_package

    nlp = spacy.load(find_model_package())
    started = time.perf_counter()
    for _ in nlp.pipe((a["text"] for a in articles), batch_size=32):
        pass
    return time.perf_counter() - started


def run_newsfacts(articles: Iterable[dict], workers: int) -> float:
    import datetime as dt

    from pipeline.io import Article
    from pipeline.nlp import load_nlp
    from pipeline.runner import rendered

    if workers == 1:
        # Start-up cost, as loading the model is for raw spaCy above: the model and the data tables a run loads
        # before its first article (pipeline.core.load_tables), and what the first articles warm; `cold start`
        # below measures them.
        load_nlp()
        for _ in rendered(Article(a["id"], a["text"], None, "warm-up") for a in iter_corpus(3, seed=99)):
            pass
    items = (Article(a["id"], a["text"], dt.date.fromisoformat(a["published"]), "bench") for a in articles)
    started = time.perf_counter()
    for _ in rendered(items, workers=workers):
        pass
    return time.perf_counter() - started


def _write_sink(name: str, records: list, folder: Path, pg_url: str | None) -> float:
    import pipeline.db.writer  # noqa: F401  (importing SQLAlchemy is start-up cost, as loading the model is above)
    from pipeline.runner import open_sink

    out = {"jsonl": str(folder / "out.jsonl"), "sqlite": f"sqlite:///{folder / 'out.db'}", "postgresql": pg_url}[name]
    started = time.perf_counter()
    with open_sink(out) as sink:
        for record in records:
            sink.write(record)
    return time.perf_counter() - started


def run_sinks(articles: list[dict], sinks: list[str]) -> None:
    """Extraction once, then the seconds each sink takes to write its records, and the ratio against JSONL."""
    import datetime as dt

    from pipeline.io import Article
    from pipeline.nlp import load_nlp
    from pipeline.runner import rendered

    load_nlp()
    items = [Article(a["id"], a["text"], dt.date.fromisoformat(a["published"]), "bench") for a in articles]
    started = time.perf_counter()
    records = list(rendered(items))
    extract_s = time.perf_counter() - started
    server = None
    if "postgresql" in sinks:
        from tests.db.pgserver import ServerUnavailable, start_server

        try:
            server = start_server(fsync=True)
        except ServerUnavailable as exc:
            print(f"postgresql: skipped, {exc}")
            sinks = [s for s in sinks if s != "postgresql"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            pg_url = server.create_database("bench") if server else None
            seconds = {name: _write_sink(name, records, Path(tmp), pg_url) for name in dict.fromkeys(["jsonl", *sinks])}
    finally:
        if server:
            server.stop()
    print(f"\nsinks ({len(records)} articles extracted in {extract_s:.2f}s, then written to each):")
    print(f"{'sink':<12}{'write s':>9}{'ms/article':>12}{'cost vs jsonl':>15}")
    base = extract_s + seconds["jsonl"]
    for name, spent in seconds.items():
        print(f"{name:<12}{spent:>9.2f}{1000 * spent / len(records):>12.2f}{(extract_s + spent) / base:>14.3f}x")


def _own_peak_mb() -> float:
    """This process's peak RSS since its exec (VmHWM). Linux carries ru_maxrss across exec, so a child started
    by a parent holding the model would report the parent's memory as its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(run) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of `run()`: on a shared machine the CPU time is the steadier one."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _long_child(megabytes: float) -> dict:
    """newsfacts on one long article and the NER alone over the same pieces (each Doc dropped), in this process:
    the NER before and after newsfacts, their mean the baseline (the machine's speed drifts). The peak RSS is
    newsfacts' own: it includes the NER of a piece, which the NER alone does not exceed."""
    from pipeline.core import CHUNK_CHARS, split_text
    from pipeline.nlp import load_nlp

    text = long_article(megabytes)
    pieces = split_text(text, CHUNK_CHARS)
    run_newsfacts(iter_corpus(1), 1)  # model, tables and caches loaded (run_newsfacts warms up), as for the corpus runs
    nlp = load_nlp()

    def ner_alone() -> None:
        for piece in pieces:
            nlp(piece)

    before = _timed(ner_alone)
    ours = _timed(lambda: run_newsfacts([{"id": "long", "text": text, "published": "2025-03-05"}], 1))
    rss = _own_peak_mb()
    after = _timed(ner_alone)
    return {"ours": ours, "ner_before": before, "ner_after": after, "pieces": len(pieces), "chars": len(text), "rss_mb": rss}


def _child(mode: str, count: int, megabytes: float = 0) -> None:
    if mode == "long":
        print(json.dumps(_long_child(megabytes)))
        return
    if mode == "raw":
        seconds = run_raw(make_corpus(count))
    else:
        seconds = run_newsfacts(iter_corpus(count), 2 if mode == "workers" else 1)
    own = _own_peak_mb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": own, "child_rss_mb": children}))


def measure_rss(mode: str, count: int, megabytes: float = 0) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--articles", str(count), "--long-mb", str(megabytes)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def cold_start() -> tuple[float, float]:
    exe = str(Path(sys.executable).with_name("newsfacts"))
    started = time.perf_counter()
    subprocess.run([exe, "--help"], capture_output=True, check=True)
    help_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "one.txt"
        article.write_text("date 2026-03-05 " + make_corpus(1)[0]["text"], encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([exe, "extract", str(article), "--out", os.path.join(tmp, "out"), "-q"], capture_output=True, check=True)
        one_s = time.perf_counter() - started
    return help_s, one_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size for the speed runs")
    parser.add_argument("--rss-articles", type=int, nargs="*", default=[2000], help="corpus sizes for newsfacts' peak RSS")
    parser.add_argument("--sinks", nargs="*", choices=["jsonl", "sqlite", "postgresql"], default=[],
                        help="also measure writing to these outputs (see the module docstring)")
    parser.add_argument("--only-sinks", action="store_true", help="measure the --sinks only")
    parser.add_argument("--long-mb", type=float, nargs="*", default=[1, 5], help="sizes of the long articles (MB); none to skip")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--engine", choices=["local", "dask"], default="local", help="dask: the rows of benchmarks/dask_throughput.py")
    args, _ = parser.parse_known_args()
    if args.engine == "dask":
        import dask_throughput

        dask_throughput.main(sys.argv[1:])
        return
    if args.child:
        _child(args.child, args.articles, (args.long_mb or [0])[0])
        return
    if args.only_sinks:
        run_sinks(make_corpus(args.articles), args.sinks or ["jsonl", "sqlite", "postgresql"])
        return

    articles = make_corpus(args.articles)
    words = _words(articles)
    print(f"corpus: {len(articles)} articles, {words} words (seeded, generated)")
    raw = run_raw(articles)
    ours = run_newsfacts(articles, 1)
    two = run_newsfacts(articles, 2)
    rows = [("(a) raw spaCy, default pipeline", raw), ("(b) newsfacts, in-process", ours), ("(c) newsfacts, 2 workers", two)]
    print(f"{'mode':<34}{'seconds':>9}{'articles/s':>12}{'words/s':>10}")
    for name, seconds in rows:
        print(f"{name:<34}{seconds:>9.2f}{len(articles) / seconds:>12.1f}{words / seconds:>10.0f}")
    print(f"ratio b/a (newsfacts vs raw spaCy): {raw / ours:.2f}x")
    print(f"ratio c/b (2 workers vs 1):         {ours / two:.2f}x")

    print("\npeak RSS (fresh process each):")
    raw_rss = measure_rss("raw", args.articles)
    print(f"  (a) raw spaCy, {args.articles} articles: {raw_rss['rss_mb']:.0f} MB")
    for count in args.rss_articles:
        ours_rss = measure_rss("newsfacts", count)
        print(f"  (b) newsfacts, {count} articles: {ours_rss['rss_mb']:.0f} MB")
    two_rss = measure_rss("workers", args.articles)
    print(f"  (c) 2 workers, {args.articles} articles: main {two_rss['rss_mb']:.0f} MB, largest worker {two_rss['child_rss_mb']:.0f} MB")

    help_s, one_s = cold_start()
    print(f"\ncold start: `newsfacts --help` {help_s:.2f}s; extracting one article {one_s:.2f}s")
    if args.sinks:
        run_sinks(articles, args.sinks)
    if args.long_mb:
        print_long_rows(args.long_mb)


def print_long_rows(sizes: list[float]) -> None:
    print("\nlong articles (fresh process each; baseline: the NER alone over the same pieces in the same process, mean of a run")
    print("before and one after newsfacts; seconds wall, then CPU seconds of the process):")
    print(f"  {'article':<9}{'chars':>9}{'pieces':>7}{'newsfacts':>11}{'NER alone (before/after)':>27}{'ratio':>7}"
          f"{'CPU ours':>10}{'CPU NER':>9}{'ratio':>7}{'peak RSS':>10}")
    for megabytes in sizes:
        row = measure_rss("long", 0, megabytes)
        (wall, cpu), before, after = row["ours"], row["ner_before"], row["ner_after"]
        ner_wall, ner_cpu = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
        alone = f"{ner_wall:.1f} ({before[0]:.1f}/{after[0]:.1f})"
        size = f"{megabytes:g} MB"
        print(
            f"  {size:<9}{row['chars']:>9}{row['pieces']:>7}{wall:>11.1f}{alone:>27}{wall / ner_wall:>6.2f}x"
            f"{cpu:>10.1f}{ner_cpu:>9.1f}{cpu / ner_cpu:>6.2f}x{row['rss_mb']:>7.0f} MB"
        )


if __name__ == "__main__":
    main()
