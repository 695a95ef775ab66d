"""Run every scorer and raise quality/floors.json to today's figures where they improved.

Usage: .venv/bin/python quality/update_floors.py [--force]   (--force also lowers: use with care)
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_quality import FLOORS, LOWER_IS_BETTER, SCORERS, run_scorer

TRACKED = {
    "gold": [
        "who_recall",
        "who_precision",
        "role_accuracy",
        "claim_recall",
        "claim_precision",
        "hedge_accuracy",
        "outlet_accuracy",
        "cited_recall",
        "key_fact_coverage",
        "duplicate_key_point_pairs",
        "not_entity_errors",
        "who_unmerged_aliases",
        "parser_failures",
    ],
    "attribution": [
        "content_f1",
        "content_recall",
        "content_recall_speech",
        "content_precision",
        "source_accuracy",
        "pronoun_resolved",
        "parser_failures",
    ],
    "keypoints": ["rouge1", "rouge1_ratio_to_lead3", "non_verbatim_key_points"],
    "html": ["body_f1", "body_f1_ratio_to_trafilatura", "title_accuracy", "date_accuracy", "author_accuracy"],
}


def main() -> int:
    force = "--force" in sys.argv
    floors = {k: dict(v) for k, v in FLOORS.items()}
    for name in SCORERS:
        scores = run_scorer(name)
        for metric in TRACKED[name]:
            got = scores.get(metric)
            if got is None:
                continue
            old = floors.setdefault(name, {}).get(metric)
            better = old is None or (got < old if metric in LOWER_IS_BETTER else got > old)
            if better or force:
                floors[name][metric] = got if metric in LOWER_IS_BETTER else math.floor(got * 1e4) / 1e4
            print(f"{name:12s} {metric:30s} {got!s:>10.6}  floor {floors[name][metric]}")
    path = Path(__file__).with_name("floors.json")
    path.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
