"""Training: reproducibility, staff corrections, source hold-out, artefact and fallback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlp import models as models_module
from nlp import training
from nlp.corpus import Example
from nlp.models import Models, get_models, load, reset_cache, save


def predict(models: Models, text: str) -> str:
    scores = models.category.scores(*models.vector(text))
    return models.category.classes[int(np.argmax(scores))]


def test_training_is_reproducible(tiny_corpus: list[Example]) -> None:
    first = training.train_models(examples=tiny_corpus)
    second = training.train_models(examples=tiny_corpus)
    assert np.array_equal(first.category.weights, second.category.weights)
    assert first.category.temperature == second.category.temperature
    assert predict(first, "mất điện từ sáng") == "dien"


def test_staff_corrections_are_learned(tiny_corpus: list[Example]) -> None:
    text = "khói bụi lò gạch bay mù mịt cả thôn"
    extra = [
        ("khói bụi lò gạch bay mù mịt", "moi_truong"),
        ("lò gạch thủ công xả khói đen", "moi_truong"),
        ("bụi và khói từ lò gạch làm ô nhiễm", "moi_truong"),
    ]
    before = training.train_models(examples=tiny_corpus, calibrate=False)
    after = training.train_models(extra, examples=tiny_corpus, calibrate=False)
    assert predict(before, text) != "moi_truong"
    assert predict(after, text) == "moi_truong"
    assert after.meta["staff_examples"] == 3


def test_invalid_staff_corrections_are_ignored(tiny_corpus: list[Example]) -> None:
    models = training.train_models(
        [("x", "not_a_category"), ("", "dien")], examples=tiny_corpus, calibrate=False
    )
    assert models.meta["staff_examples"] == 0


def test_cross_validation_holds_out_whole_sources(
    tiny_corpus: list[Example], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[set[str]] = []
    real_fit = training.fit_models

    def recording_fit(examples: list[Example], meta: object = None) -> Models:
        seen.append({e.source for e in examples})
        return real_fit(examples)

    monkeypatch.setattr(training, "fit_models", recording_fit)
    held = training.cross_validate(tiny_corpus)
    sources = {e.source for e in tiny_corpus}
    assert len(held) == len(tiny_corpus)
    missing = [sources - s for s in seen]
    assert all(len(m) == 1 for m in missing)
    assert set().union(*missing) == sources


def test_too_little_data_is_refused() -> None:
    with pytest.raises(ValueError):
        training.train_models(examples=[])


def test_artefact_round_trip(tiny_corpus: list[Example], tmp_path: Path) -> None:
    models = training.train_models(examples=tiny_corpus)
    save(models, tmp_path)
    loaded = load(tmp_path)
    text = "nuoc may co mui tanh"
    assert np.allclose(
        models.category.proba(*models.vector(text)), loaded.category.proba(*loaded.vector(text))
    )
    assert loaded.urgency is not None


def test_retraining_writes_the_same_bytes(tiny_corpus: list[Example], tmp_path: Path) -> None:
    save(training.train_models(examples=tiny_corpus), tmp_path / "first")
    save(training.train_models(examples=tiny_corpus), tmp_path / "second")
    for name in ("model.npz", "meta.json"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_unreadable_artefact_falls_back_to_training(
    tiny_corpus: list[Example], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "meta.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(models_module, "MODEL_DIR", tmp_path)
    monkeypatch.setattr(training, "load_corpus", lambda: tiny_corpus)
    reset_cache()
    try:
        models = get_models()
        assert models is not None
        assert models.meta["examples"] == len(tiny_corpus)
        assert predict(models, "mất điện cả xóm") == "dien"
    finally:
        reset_cache()
