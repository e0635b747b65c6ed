"""Debian's Chromium for the browser tests (never a downloaded browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs the Debian chromium at /usr/bin/chromium"
)


def launch_options() -> dict[str, Any]:
    """Keyword arguments for Playwright's ``chromium.launch``."""
    return {"executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}
