"""Read and check a member list (CSV or XLSX) without touching the database.

Columns (header row, any order, case-insensitive): ``channel``, ``chat_id`` (required), ``name``,
``commune``, ``groups`` (optional). Every row is checked; errors name the row as the officer sees
it in the spreadsheet (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from broadcasts.groups import valid_group_code
from domain.catalogue import t
from domain.delivery import Channel
from nlp.areas import resolve_commune

CHANNELS = (Channel.TELEGRAM,)  # the channels campaigns are delivered on
REQUIRED = ("channel", "chat_id")
COLUMNS = (*REQUIRED, "name", "commune", "groups")
MAX_ROWS = 200_000
MAX_NAME = 200


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row (0 for the whole file), column and Vietnamese message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        column = t("imp_column", column=self.column) if self.column else ""
        return t("imp_row_error", row=self.row, column=column, message=self.message)


@dataclass(frozen=True)
class Member:
    row: int
    channel: str
    chat_id: str
    name: str | None
    commune_code: str | None
    commune_text: str | None
    groups: tuple[str, ...]


@dataclass
class MemberFile:
    members: list[Member] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet turned the chat id into a number
    return str(value).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)  # spreadsheets in Vietnamese locales write ";"
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [[_cell(v) for v in row] for row in rows]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # only an upload of a spreadsheet needs it

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def read_table(data: bytes, filename: str) -> tuple[list[list[str]], RowError | None]:
    """All rows of the file's first sheet as text, or the reason it cannot be read."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    try:
        if suffix == "csv":
            return _csv_rows(data), None
        if suffix == "xlsx":
            return _xlsx_rows(data), None
    except UnicodeDecodeError:
        return [], RowError(0, "", t("imp_err_encoding"))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return [], RowError(0, "", t("imp_err_unreadable"))
    return [], RowError(0, "", t("imp_err_format"))


def _chat_id(value: str) -> str | None:
    text = value.strip()
    digits = text[1:] if text.startswith("-") else text
    return text if digits.isdigit() and len(text) <= 20 else None


def _groups(value: str) -> list[str]:
    parts = value.replace(";", ",").split(",")
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def check_rows(rows: list[list[str]]) -> MemberFile:
    """Validate every row; members only when there is no error at all."""
    out = MemberFile()
    if not rows or not any(rows[0]):
        out.errors.append(RowError(0, "", t("imp_err_empty")))
        return out
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        out.errors.append(RowError(1, "", t("imp_err_header", columns=", ".join(missing))))
        return out
    index = {c: header.index(c) for c in COLUMNS if c in header}
    if len(rows) - 1 > MAX_ROWS:
        out.errors.append(RowError(0, "", t("imp_err_too_many", limit=MAX_ROWS)))
        return out
    seen: dict[tuple[str, str], int] = {}
    for number, values in enumerate(rows[1:], start=2):
        if not any(values):
            continue
        cell = {c: (values[i] if i < len(values) else "") for c, i in index.items()}
        before = len(out.errors)
        member = _check_row(number, cell, seen, out.errors)
        if member is not None and len(out.errors) == before:
            out.members.append(member)
    if not out.members and not out.errors:
        out.errors.append(RowError(0, "", t("imp_err_empty")))
    if out.errors:
        out.members = []
    return out


def _check_row(
    number: int, cell: dict[str, str], seen: dict[tuple[str, str], int], errors: list[RowError]
) -> Member | None:
    channel = cell["channel"].strip().lower()
    if not channel:
        errors.append(RowError(number, "channel", t("imp_err_channel_empty")))
    elif channel not in CHANNELS:
        errors.append(RowError(number, "channel", t("imp_err_channel", value=cell["channel"])))
    chat_id = _chat_id(cell["chat_id"])
    if not cell["chat_id"]:
        errors.append(RowError(number, "chat_id", t("imp_err_chat_empty")))
    elif chat_id is None:
        errors.append(RowError(number, "chat_id", t("imp_err_chat_invalid", value=cell["chat_id"])))
    elif channel:
        first = seen.setdefault((channel, chat_id), number)
        if first != number:
            errors.append(RowError(number, "chat_id", t("imp_err_duplicate", first=first)))
    name = cell.get("name", "").strip() or None
    if name and len(name) > MAX_NAME:
        errors.append(RowError(number, "name", t("imp_err_name_long", limit=MAX_NAME)))
    commune_text = cell.get("commune", "").strip()
    code: str | None = None
    display: str | None = None
    if commune_text:
        commune = resolve_commune(commune_text[:200])
        if commune.outcome == "ok":
            code, display = commune.code, commune.display
        elif commune.outcome == "ambiguous":
            errors.append(
                RowError(
                    number,
                    "commune",
                    t(
                        "imp_err_commune_ambiguous",
                        value=commune_text,
                        candidates="; ".join(commune.candidates),
                    ),
                )
            )
        else:
            errors.append(RowError(number, "commune", t("imp_err_commune", value=commune_text)))
    groups = _groups(cell.get("groups", ""))
    for code_ in groups:
        if not valid_group_code(code_):
            errors.append(RowError(number, "groups", t("imp_err_group", value=code_)))
    if chat_id is None or channel not in CHANNELS:
        return None
    return Member(number, channel, chat_id, name, code, display, tuple(groups))
