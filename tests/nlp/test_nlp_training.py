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
    model, scores, _ = models.category_scores(text)
    return model.classes[int(np.argmax(scores))]


def test_training_is_reproducible(tiny_corpus: list[Example]) -> None:
    first = training.train_models(examples=tiny_corpus)
    second = training.train_models(examples=tiny_corpus)
    for name, part in first.routes.items():
        assert np.array_equal(part.category.weights, second.routes[name].category.weights)
        assert part.category.temperature == second.routes[name].category.temperature
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

    def recording_fit(examples: list[Example], meta: object = None, **kwargs: object) -> Models:
        seen.append({e.source for e in examples})
        return real_fit(examples, **kwargs)  # type: ignore[arg-type]

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
    assert set(loaded.routes) == set(models.routes) == {"folded", "accented"}
    for text in ("nuoc may co mui tanh", "nước máy có mùi tanh"):
        model, scores, _ = models.category_scores(text)
        again, loaded_scores, _ = loaded.category_scores(text)
        assert np.allclose(model.proba(*models.vector(text)), again.proba(*loaded.vector(text)))
        assert np.allclose(scores, loaded_scores)
    assert all(part.urgency is not None for part in loaded.routes.values())


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


def test_corpus_reads_both_parts_and_holds_out_voices(tiny_corpus: list[Example]) -> None:
    voices = {e.source for e in tiny_corpus}
    assert "zalo_nomarks" in voices  # corpus/voices/<category>.<voice>.jsonl, field "voice"
    assert {"chat", "petition", "hotline"} <= voices  # corpus/<category>.jsonl, field "source"
    held = training.cross_validate(tiny_corpus)
    assert {h.example.source for h in held} == voices


def test_the_corpus_digest_covers_the_voices(tmp_path: Path) -> None:
    from nlp.corpus import corpus_digest

    (tmp_path / "voices").mkdir()
    (tmp_path / "dien.jsonl").write_text('{"text": "a", "category": "dien"}\n', encoding="utf-8")
    before = corpus_digest(tmp_path)
    voice = tmp_path / "voices" / "dien.news_excerpt.jsonl"
    voice.write_text('{"text": "b", "category": "dien"}\n', encoding="utf-8")
    assert corpus_digest(tmp_path) != before


def test_text_with_marks_goes_to_the_accented_model() -> None:
    from nlp.features import ACCENTED, FOLDED, FeatureSpec, route

    spec = FeatureSpec(accents="route")
    assert route("mất điện cả xóm từ sáng", spec) == ACCENTED
    assert route("mat dien ca xom tu sang", spec) == FOLDED
    # one stray mark in a text typed without diacritics: the folded model reads it
    assert route("mat dien ca xom tu sang den gio chua co ai đen", spec) == FOLDED
    assert route("mất điện cả xóm từ sáng", FeatureSpec(accents="none")) == FOLDED
