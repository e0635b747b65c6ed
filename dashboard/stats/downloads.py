"""Response headers shared by the statistics downloads."""

from __future__ import annotations

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(name: str) -> dict[str, str]:
    """Headers of a file the browser saves as `name` and never caches."""
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
