"""Scores printed by ``python -m nlp evaluate``: per-class figures and the bootstrap interval."""

from __future__ import annotations

from nlp.scoring import bootstrap_interval, confusion_matrix, macro_f1, per_class

LABELS = ["a", "b", "c"]
GOLD = ["a"] * 10 + ["b"] * 10 + ["c"] * 10
PRED = ["a"] * 9 + ["b"] + ["b"] * 7 + ["c"] * 3 + ["c"] * 10


def test_per_class_scores_from_the_confusion_matrix() -> None:
    matrix = confusion_matrix(GOLD, PRED, LABELS)
    assert matrix.tolist() == [[9, 1, 0], [0, 7, 3], [0, 0, 10]]
    scores = per_class(matrix, LABELS)
    assert scores["a"] == (1.0, 0.9, 2 * 0.9 / 1.9, 10)
    assert abs(scores["c"][0] - 10 / 13) < 1e-12


def test_bootstrap_interval_brackets_the_figure_and_repeats() -> None:
    figure = macro_f1(GOLD, PRED, LABELS)
    low, high = bootstrap_interval(GOLD, PRED, LABELS)
    assert low <= figure <= high < 1.0
    assert (low, high) == bootstrap_interval(GOLD, PRED, LABELS)  # fixed seed
    assert bootstrap_interval(GOLD, GOLD, LABELS) == (1.0, 1.0)


def test_labels_absent_from_the_gold_set_do_not_count() -> None:
    assert macro_f1(["a", "a"], ["a", "a"], LABELS) == 1.0
