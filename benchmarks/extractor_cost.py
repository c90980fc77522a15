"""Cost of each extractor next to spaCy's NER on the same articles, and how it grows with article length.

Prints, from one run: the NER time over the generated corpus of benchmarks/throughput.py, each extractor's
time over the same Docs as a share of it, and each extractor's time on one long article at two lengths
(the ratio shows whether it grows linearly: x4 length should cost about x4).

    .venv/bin/python benchmarks/extractor_cost.py [--articles 300] [--long 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import make_corpus  # noqa: E402

PUBLISHED = dt.date(2026, 3, 5)


def extractors():
    from pipeline.extract.dates import extract_dates
    from pipeline.extract.money import extract_money
    from pipeline.extract.orgs import extract_organizations
    from pipeline.extract.places import extract_places

    def places(doc):
        return extract_places(doc, organizations=extract_organizations(doc))

    return {
        "money": lambda doc: extract_money(doc.text, published=PUBLISHED),
        "dates": lambda doc: extract_dates(doc.text, published=PUBLISHED),
        # orgs and places share one read of each Doc (kept while the Doc lives), so they are timed together.
        "orgs+places": places,
    }


def timed(function, docs) -> float:
    started = time.perf_counter()
    for doc in docs:
        function(doc)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--long", type=int, default=100_000, help="characters of the shorter long article")
    args = parser.parse_args()

    from pipeline.core import make_doc
    from pipeline.nlp import load_nlp

    nlp = load_nlp()
    texts = [a["text"] for a in make_corpus(args.articles)]
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    ner = time.perf_counter() - started
    print(f"NER (+entity ruler) on {len(texts)} articles: {ner:.2f}s")
    funcs = extractors()
    warm = nlp(texts[0])
    for function in funcs.values():
        function(warm)  # data files load on first use: start-up cost, not per-article cost
    gc.freeze()  # as the runner does after loading: the model's objects are not rescanned by every collection
    for name, function in funcs.items():
        cost = timed(function, docs)
        print(f"  {name:<12} {cost:6.3f}s  = {100 * cost / ner:5.1f}% of NER")

    paragraph = "\n\n".join(texts[:20]) + "\n\n"
    lengths = (args.long, 4 * args.long)
    long_docs = [make_doc(nlp, (paragraph * (n // len(paragraph) + 1))[:n]) for n in lengths]
    print(f"one long article, {lengths[0]} vs {lengths[1]} characters (x4):")
    for name, function in funcs.items():
        short, long = timed(function, long_docs[:1]), timed(function, long_docs[1:])
        print(f"  {name:<12} {short:6.3f}s -> {long:6.3f}s  (x{long / short if short else 0:.1f})")


if __name__ == "__main__":
    main()
