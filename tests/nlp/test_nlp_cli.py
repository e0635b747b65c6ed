"""Command line, and the whole NLP running with the network blocked."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

import nlp
from nlp.cli import main, parser
from nlp.models import MODEL_DIR, reset_cache

ROOT = Path(__file__).resolve().parents[2]


def run_classify(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str
) -> list[dict[str, object]]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(["classify"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_classify_keeps_fields_and_reports_bad_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = "\n".join(
        [
            json.dumps(
                {"id": 7, "text": "dây điện đứt rơi xuống đường ở xã An Lạc"}, ensure_ascii=False
            ),
            "this is not json",
            json.dumps({"id": 8}),
            json.dumps(["text"]),
            "",
            json.dumps({"text": "ĐM bọn nó, xem https://abc-sale.xyz"}),
        ]
    )
    out = run_classify(monkeypatch, capsys, stdin)
    assert len(out) == 5
    first = out[0]
    assert first["id"] == 7
    assert first["category"] == "dien" and first["urgency"] == "cao"
    assert isinstance(first["category_confidence"], float)
    places = first["places"]
    assert isinstance(places, list) and [p["code"] for p in places] == ["7654"]
    assert first["abuse"] is False
    assert out[1] == {"line": 2, "error": out[1]["error"]} and "JSON" in str(out[1]["error"])
    assert "error" in out[2] and out[2]["line"] == 3
    assert "error" in out[3]
    assert out[4]["abuse"] is True


def test_module_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nlp", "classify"],
        input='{"text": "mat nuoc sach 3 ngay"}\n',
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    row = json.loads(done.stdout)
    assert row["category"] == "nuoc_sach" and row["places"] == []


def test_whole_nlp_runs_with_network_blocked(
    no_network: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with pytest.raises(RuntimeError):
        socket.create_connection(("example.org", 80))
    reset_cache()  # load the models again, offline
    try:
        nlp.warm_up()
        result = nlp.analyze("cột điện nghiêng sắp đổ ở thôn Đông, xã Phương Sơn, Lục Nam 😱")
        assert result.category.category == "dien"
        assert result.urgency.level == "cao"
        assert any(p.level == "legacy_commune" for p in result.places)
        assert nlp.nearest_unit(21.2849, 106.215) is not None
        snap = nlp.ReportSnapshot("a", "cột điện nghiêng", "dien", None, datetime(2025, 1, 1))
        assert nlp.similar_reports(snap, [snap]) == []
        assert nlp.moderate("dm").flagged
        out = run_classify(monkeypatch, capsys, '{"text": "ngap sau qua dau goi"}\n')
        assert out[0]["category"] == "thoat_nuoc"
    finally:
        reset_cache()


def test_train_and_evaluate_commands(
    tiny_corpus: list[object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from nlp import evaluation, training

    monkeypatch.setattr(training, "load_corpus", lambda: tiny_corpus)
    monkeypatch.setattr(evaluation, "load_corpus", lambda: tiny_corpus)
    extra = tmp_path / "staff.jsonl"
    extra.write_text(
        '{"text": "khói lò gạch mù mịt", "category": "moi_truong"}\n', encoding="utf-8"
    )
    assert main(["train", "--output", str(tmp_path / "model"), "--extra", str(extra)]) == 0
    assert (tmp_path / "model" / "model.npz").is_file()
    meta = json.loads((tmp_path / "model" / "meta.json").read_text(encoding="utf-8"))
    assert meta["examples"] == len(tiny_corpus) + 1 and meta["staff_examples"] == 1
    capsys.readouterr()
    assert main(["evaluate", "--json"]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in reports[:2]] == ["as written", "folded (no diacritics)"]
    intent = [r for r in reports if r["name"].startswith("intent on evaluation.tsv")]
    assert len(intent) == 2 and all(r["macro_f1"] >= 0.85 for r in intent)
    [corpus] = [r for r in reports if r["name"] == "intent on the category corpus"]
    assert corpus["report_recall"] >= 0.9  # infrastructure complaints are reports
    urgency = [r for r in reports if r["name"].startswith("urgency on urgency/evaluation.tsv")]
    assert len(urgency) == 2
    assert all(r["cao_precision"] >= 0.75 and r["cao_recall"] >= 0.9 for r in urgency)
    real = [r for r in reports if r["name"].startswith("real-style set")]
    assert len(real) == 2  # as written and diacritics stripped, by the shipped model
    for report in real:
        low, high = report["macro_f1_interval"]
        assert 0.0 <= low <= report["macro_f1"] <= high <= 1.0
        assert sum(map(sum, report["urgency_confusion"])) == report["n"]
        assert set(report["urgency_per_level"]) == {"cao", "trung_binh", "thap"}
    for report in reports[:2]:
        assert report["n"] == len(tiny_corpus)
        assert 0.0 <= report["macro_f1"] <= 1.0
        assert sum(map(sum, report["confusion"])) == len(tiny_corpus)


def test_train_needs_an_output_directory(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = {p.name: p.stat().st_mtime_ns for p in MODEL_DIR.iterdir()}
    with pytest.raises(SystemExit) as exit_info:
        main(["train"])
    assert exit_info.value.code == 2
    assert "--output" in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in MODEL_DIR.iterdir()} == shipped


def test_help_explains_every_option() -> None:
    root = parser()
    commands = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    assert set(commands.choices) == {
        "classify",
        "train",
        "evaluate",
        "evaluate-qa",
        "compare-features",
    }
    assert all(action.help for action in commands._choices_actions)
    for name, sub in commands.choices.items():
        assert sub.description, name
        for action in sub._actions:
            assert action.help, (name, action.dest)


def test_inference_and_the_service_never_load_training_libraries() -> None:
    code = (
        "import sys, datetime, nlp, bot.app, bot.cli\n"
        "nlp.warm_up()\n"
        "nlp.analyze('mất điện cả xóm')\n"
        "nlp.intent('cảm ơn, mã PA-J6T66MR sao rồi')\n"
        "day = datetime.datetime(2025, 1, 1)\n"
        "s = nlp.ReportSnapshot('a', 'cột điện nghiêng', None, None, day)\n"
        "nlp.similar_reports(s, [s, nlp.ReportSnapshot('b', 'cot dien', None, None, day)])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
