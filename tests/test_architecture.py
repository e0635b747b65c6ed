"""The dependency rules of docs/ARCHITECTURE.md, checked on every import of every module.

Imports inside functions and under ``TYPE_CHECKING`` count too; there is no list of exceptions.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ("domain", "nlp", "storage", "handlers", "broadcasts", "reporting", "dashboard", "bot")
# Which of our packages each package may import (besides itself).
MAY_IMPORT: dict[str, set[str]] = {
    "domain": set(),
    "nlp": {"domain"},
    "storage": {"domain"},
    "handlers": {"domain", "nlp", "storage"},
    "broadcasts": {"domain", "nlp", "storage"},
    "reporting": {"domain", "nlp", "storage"},
    "dashboard": {"domain", "nlp", "storage", "handlers", "broadcasts", "reporting"},
    "bot": set(OURS),
}
# Third-party libraries that only some places may import: library -> allowed module prefixes.
ONLY_IN: dict[str, tuple[str, ...]] = {
    "sqlalchemy": ("storage",),
    "alembic": ("storage",),
    "asyncpg": ("storage",),
    "aiosqlite": ("storage",),
    "telegram": ("bot.channels",),
    "aiohttp": ("dashboard", "bot"),
    "aiohttp_jinja2": ("dashboard",),
    "apscheduler": ("bot", "broadcasts.scheduling", "reporting.jobs"),
    # inference needs numpy only; the training extra is loaded by training alone
    "sklearn": ("nlp.training",),
    "scipy": ("nlp.training",),
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in OURS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:  # Alembic's own scripts, run only by storage
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found.append((name, path))
    return found


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against this module's package
                base = module.split(".")
                keep = len(base) - node.level + (1 if is_package else 0)
                prefix = ".".join(base[:keep])
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            names.append((node.lineno, target))
    return names


def _violations() -> list[str]:
    problems = []
    for module, path in _modules():
        package = module.split(".")[0]
        for line, target in _imports(path, module):
            top = target.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line} imports {target}"
            if top in OURS and top != package and top not in MAY_IMPORT[package]:
                problems.append(f"{where} ({package} may not import {top})")
            allowed = ONLY_IN.get(top)
            if allowed is not None and not any(
                module == prefix or module.startswith(prefix + ".") for prefix in allowed
            ):
                problems.append(f"{where} (only {', '.join(allowed)} may import {top})")
    return problems


def test_every_module_is_scanned() -> None:
    """The scan sees the packages (a broken path would make the rule test pass vacuously)."""
    names = {name for name, _ in _modules()}
    assert {"domain.messages", "storage.uow", "handlers", "bot.settings"} <= names
    assert len(names) > 100


def test_scan_catches_a_forbidden_import(tmp_path: Path) -> None:
    """A function-level import of sqlalchemy in handlers is reported."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from sqlalchemy import select\n    return select\n")
    assert _imports(sample, "handlers.sample") == [(2, "sqlalchemy")]


def test_dependency_rules_hold() -> None:
    """No module breaks the dependency rules; each violation is listed with its line."""
    problems = _violations()
    assert not problems, f"{len(problems)} import(s) break the rules:\n" + "\n".join(problems)
