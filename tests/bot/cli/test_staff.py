"""``python -m bot staff add|list`` as a real process, password on standard input."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from bot.cli import open311, staff, staff_link
from domain.catalogue import t
from tests.dashboard.staff_support import browser, dashboard, login
from tests.support.cli_help import all_parsers, assert_every_option_explained

ROOT = Path(__file__).resolve().parents[3]


async def _cli(db_url: str, cwd: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "staff",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=cwd,
        env=env,
    )
    out, err = await process.communicate(stdin.encode())
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_cli_creates_an_account_that_can_log_in(db_url: str, tmp_path: Path) -> None:
    code, out, _ = await _cli(
        db_url,
        tmp_path,
        "add",
        "Quantri",
        "--role",
        "admin",
        "--full-name",
        "Trần Thị C",
        stdin="mat-khau-dau-tien\nthis line is ignored\n",
    )
    assert code == 0
    assert out.strip() == t("cli_staff_created", username="quantri", role=t("role_admin"))
    code, out, _ = await _cli(
        db_url, tmp_path, "add", "canbo.xa", "--role", "can_bo", "--communes", "7210",
        stdin="mat-khau-can-bo\n",
    )  # fmt: skip
    assert code == 0
    code, out, _ = await _cli(db_url, tmp_path, "list")
    assert code == 0
    assert out.splitlines() == [
        t("cli_staff_row", username="canbo.xa", role="can_bo", status=t("staff_active"),
          full_name="", communes="7210"),
        t("cli_staff_row", username="quantri", role="admin", status=t("staff_active"),
          full_name="Trần Thị C", communes=t("staff_communes_all")),
    ]  # fmt: skip
    async with dashboard(db_url) as base, browser() as client:
        response = await login(client, base, "quantri", "mat-khau-dau-tien")
        assert response.status == 303
        async with client.get(f"{base}/quan-tri/nhat-ky") as page:
            html = await page.text()
        assert t("audit_action_staff_created") in html and "<td>cli</td>" in html


async def test_cli_refuses_bad_accounts_with_a_vietnamese_message(
    db_url: str, tmp_path: Path
) -> None:
    first = await _cli(
        db_url, tmp_path, "add", "quantri", "--role", "admin", stdin="Ba-con-meo-2026"
    )
    assert first[0] == 0, first
    cases: list[tuple[tuple[str, ...], str, str, dict[str, object]]] = [
        (("add", "quantri", "--role", "admin"), "khac-hoan-toan", "staff_err_duplicate",
         {"username": "quantri"}),
        (("add", "moi", "--role", "admin"), "ngan\n", "staff_err_password_short", {"min": 10}),
        (("add", "moi", "--role", "admin"), "12345678\n", "staff_err_password_short", {"min": 10}),
        (("add", "moi", "--role", "admin"), "matkhau123456", "staff_err_password_common", {}),
        (("add", "moi", "--role", "admin"), "Password2024!", "staff_err_password_common", {}),
        (("add", "moi.ban", "--role", "admin"), "moi.ban-2026", "staff_err_password_username", {}),
        (("add", "moi", "--role", "admin"), "aaaaaaaaaaaa", "staff_err_password_weak",
         {"min": 10}),
        (("add", "moi", "--role", "admin"), "qwertzuiopas", "staff_err_password_weak",
         {"min": 10}),
        (("add", "moi", "--role", "admin"), "", "staff_err_password_empty", {}),
        (("add", "moi", "--role", "sep"), "mat-khau-du-dai", "staff_err_role",
         {"role": "sep", "allowed": "admin, can_bo, lanh_dao, tuyen_truyen"}),
        (("add", "mới", "--role", "admin"), "mat-khau-du-dai", "staff_err_username",
         {"username": "mới"}),
    ]  # fmt: skip
    for args, password, key, values in cases:
        code, out, err = await _cli(db_url, tmp_path, *args, stdin=password)
        assert code != 0, key
        assert err.strip() == t(key, **values)
        assert "Traceback" not in err
    code, out, _ = await _cli(db_url, tmp_path, "list")
    assert len(out.splitlines()) == 1


def test_every_option_of_the_staff_and_open311_commands_has_a_help_text() -> None:
    root = argparse.ArgumentParser(prog="bot")
    commands = root.add_subparsers(dest="command")
    staff.add_parser(commands)
    staff_link.extend_staff_parser(commands)
    open311.add_parser(commands)
    parsers = all_parsers(root)
    assert {p.prog for p in parsers} >= {
        "bot staff add", "bot staff list", "bot staff link-telegram",
        "bot open311 add-key", "bot open311 revoke-key", "bot open311 list-keys",
    }  # fmt: skip
    assert_every_option_explained(parsers[1:])
