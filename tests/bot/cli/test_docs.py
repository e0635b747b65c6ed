"""``python -m bot docs add|list`` and ``python -m bot ask`` on a fresh SQLite database."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.cli import docs, main
from domain.catalogue import t
from tests.support.cli_help import all_parsers, assert_every_option_explained

ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "sources" / "huong-dan-phan-anh.md"
SEED = "Công văn số 2987-CV/TU ngày 11/4/2024 của Tỉnh ủy Bắc Giang"


@pytest.fixture
def fresh_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ask_answers_from_the_seed_letter_of_a_fresh_database(
    fresh_db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "ask", "Ai ký công văn 2987?")
    assert code == 0
    lines = out.strip().splitlines()
    assert "Lê Thị Thu Hồng" in out
    assert lines[-1] == f"📄 Nguồn: {SEED}, phần cuối."
    code, out, _ = _run(capsys, "ask", "thời tiết ngày mai thế nào")
    assert out.strip().splitlines()[-1].startswith("❔ Chưa có thông tin")


def test_docs_add_then_list_then_ask(
    fresh_db: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    title = "Hướng dẫn gửi phản ánh"
    code, out, _ = _run(capsys, "docs", "add", str(GUIDE), "--title", title)
    assert code == 0 and out.strip() == t("kn_cli_added", id=2, title=title, count=17)
    code, out, _ = _run(capsys, "docs", "add", str(GUIDE), "--title", title)
    assert out.strip() == t("kn_cli_exists", title=title, id=2)  # not loaded twice
    code, out, _ = _run(capsys, "docs", "list")
    assert out.splitlines() == [f"#1\t30\t{SEED}", f"#2\t17\t{title}"]
    code, out, _ = _run(capsys, "ask", "xoa du lieu ca nhan the nao")
    assert "/xoadulieu" in out and out.strip().splitlines()[-1].startswith(f"📄 Nguồn: {title}")
    bad = tmp_path / "anh.png"
    bad.write_bytes(b"\x89PNG")
    code, _, err = _run(capsys, "docs", "add", str(bad), "--title", "Ảnh")
    assert code == 2 and err.startswith("Không đọc được tệp")


def test_every_option_of_the_docs_commands_has_a_help_text() -> None:
    root = argparse.ArgumentParser(prog="bot")
    docs.add_parser(root.add_subparsers(dest="command"))
    parsers = all_parsers(root)
    assert {p.prog for p in parsers} >= {"bot docs add", "bot docs list", "bot ask"}
    assert_every_option_explained(parsers[1:])
