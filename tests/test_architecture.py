"""The layout rules from STYLE.md, checked on the source tree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_PACKAGES = {"slack_bolt", "slack_sdk", "discord"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_platform_sdk_outside_adapters() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {sorted(imported_roots(path) & PLATFORM_PACKAGES)}"
        for folder in ("bot", "handlers")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if imported_roots(path) & PLATFORM_PACKAGES
    ]
    assert offenders == []


def test_pipeline_components_are_declared_once() -> None:
    from bot.nlp.pipeline import COMPONENTS

    assert len(COMPONENTS) == len(set(COMPONENTS))
    assert COMPONENTS[-1] == "briefbot_key_points"


def test_modules_stay_small() -> None:
    big = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for folder in ("bot", "adapters", "handlers")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert big == []


def test_env_example_lists_every_variable_the_code_reads() -> None:
    """STYLE: `.env.example` lists every variable the code reads, with a comment each."""
    names = set()
    for folder in ("bot", "adapters", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            names.update(
                re.findall(
                    r"[\"']((?:BRIEFBOT|SLACK|DISCORD)_[A-Z0-9_]+|DATABASE_URL)[\"']", path.read_text()
                )
            )
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert names <= listed, f"missing from .env.example: {sorted(names - listed)}"
    for name in listed:  # each variable has a comment line right above it (or above its group)
        before = example.split(f"{name}=", 1)[0].rstrip("\n").rsplit("\n", 1)[-1]
        assert before.startswith("#") or re.match(r"^#?\s*[A-Z][A-Z0-9_]+=", before), name
