"""Quality only ratchets up: the scorers in ../shared/eval run on the real parser, and no
score may fall below the best figure reached so far (quality/floors.json).

Raise the floors with `make floors` after an improvement. Skipped, with the reason,
where ../shared/eval is not beside the project.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text(encoding="utf-8"))
BRIEFBOT = shutil.which("briefbot", path=str(Path(sys.executable).parent)) or "briefbot"
CMD = f"{BRIEFBOT} parse {{files}} --format jsonl"
# Scores where lower is better: the floor is a ceiling.
LOWER_IS_BETTER = {
    "duplicate_key_point_pairs",
    "not_entity_errors",
    "who_unmerged_aliases",
    "non_verbatim_key_points",
    "parser_failures",
    "key_points_over_cap",
}

SCORERS = {
    "gold": ["score.py", str(EVAL / "gold")],
    "attribution": ["attribution/score_attribution.py"],
    "keypoints": ["keypoints/score_keypoints.py"],
    "html": ["html/score_html.py"],
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not EVAL.is_dir(), reason=f"{EVAL} is not here: the eval sets live outside the repo"),
]


def run_scorer(name: str) -> dict[str, float]:
    script, *rest = SCORERS[name]
    proc = subprocess.run(
        [sys.executable, str(EVAL / script), *rest, "--json", "--cmd", CMD],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, f"{script} failed: {proc.stderr[-2000:]}"
    start = proc.stdout.index("{")
    scores: dict[str, float] = json.loads(proc.stdout[start:])
    return scores


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_scores_do_not_fall_below_best_so_far(name: str) -> None:
    scores = run_scorer(name)
    floors: dict[str, float] = FLOORS[name]
    worse = []
    for metric, floor in floors.items():
        got = scores.get(metric)
        assert got is not None, f"{name}: scorer no longer reports {metric}"
        if metric in LOWER_IS_BETTER:
            if got > floor + 1e-9:
                worse.append(f"{metric} = {got:.4f}, ceiling {floor:.4f}")
        elif got < floor - 1e-9:
            worse.append(f"{metric} = {got:.4f}, floor {floor:.4f}")
    assert not worse, f"{name} quality fell: " + "; ".join(worse)
