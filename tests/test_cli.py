"""`briefbot parse` end to end: real files in, the SCHEMA contract out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "bot" / "samples"


def briefbot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


@pytest.fixture(scope="module")
def jsonl_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    tmp = tmp_path_factory.mktemp("inputs")
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    files = [str(SAMPLES / "harbour-bridge-closure.txt"), str(empty), str(binary), str(tmp / "missing.txt")]
    files.append(str(SAMPLES / "hospital-waiting-lists.html"))
    return files, briefbot("parse", *files, "--format", "jsonl")


def test_jsonl_has_one_line_per_file_in_order(
    jsonl_run: tuple[list[str], subprocess.CompletedProcess[str]],
) -> None:
    files, run = jsonl_run
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert len(lines) == len(files)
    assert lines[0]["article"]["outlet"]
    assert lines[0]["who"] and lines[0]["claims"] and lines[0]["key_points"]
    assert [line.get("file") for line in lines[1:4]] == files[1:4]
    assert all(line["error"] for line in lines[1:4])
    assert lines[4]["article"]["title"]


def test_bad_files_get_one_line_each_on_stderr(
    jsonl_run: tuple[list[str], subprocess.CompletedProcess[str]],
) -> None:
    files, run = jsonl_run
    errors = [line for line in run.stderr.splitlines() if line.startswith("briefbot: ")]
    assert len(errors) == 3
    for bad, line in zip(files[1:4], errors, strict=True):
        assert bad in line


def test_contract_shape(jsonl_run: tuple[list[str], subprocess.CompletedProcess[str]]) -> None:
    _, run = jsonl_run
    result = json.loads(run.stdout.splitlines()[0])
    assert set(result) >= {"article", "key_points", "who", "claims", "sources"}
    assert set(result["article"]) >= {"title", "outlet", "url", "published", "authors", "text", "word_count"}
    for claim in result["claims"]:
        assert set(claim) >= {"speaker", "cue", "content", "direct_quote", "hedged", "sentence"}
        assert isinstance(claim["hedged"], bool)
    for cited in result["sources"]["cited"]:
        assert cited["kind"] in {"named_person", "organization", "document", "unnamed", "publication"}


def test_exit_status_is_non_zero_only_when_nothing_parsed(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    run = briefbot("parse", str(empty), "--format", "json")
    assert run.returncode == 1
    assert "empty" in run.stderr.lower()


def test_text_report_is_readable() -> None:
    run = briefbot("parse", str(SAMPLES / "grain-export-talks.txt"))
    assert run.returncode == 0, run.stderr
    for heading in ("Key points", "Who", "Claims", "Sources"):
        assert f"\n{heading}" in run.stdout
