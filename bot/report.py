"""The `--format text` report: a parsed article laid out for a person to read."""

from __future__ import annotations

import textwrap
from typing import Any


def text_report(result: dict[str, Any]) -> str:
    if "error" in result:
        return f"{result['file']}: cannot parse: {result['error']}\n"
    art = result["article"]
    out: list[str] = []
    title = art.get("title") or "(untitled)"
    out += [title, "=" * min(len(title), 78)]
    meta = [x for x in (art.get("outlet"), art.get("published"), ", ".join(art.get("authors") or [])) if x]
    if meta:
        out.append(" · ".join(meta))
    if art.get("url"):
        out.append(art["url"])
    out.append(f"{art.get('word_count', 0)} words")
    out += ["", "Key points"]
    for point in result.get("key_points") or []:
        out.append(_wrap(point, "  • "))
    out += ["", "Who"]
    for ent in result.get("who") or []:
        role = f", {ent['role']}" if ent.get("role") else ""
        out.append(f"  {ent['name']}{role} [{ent['type']}, {ent['mentions']}×]")
    out += ["", "Claims"]
    for claim in result.get("claims") or []:
        flags = [f for f, on in (("quote", claim["direct_quote"]), ("hedged", claim["hedged"])) if on]
        head = f"{claim['speaker'] or '(unattributed)'} — {claim['cue']}"
        if flags:
            head += f" [{', '.join(flags)}]"
        out.append(f"  {head}")
        out.append(_wrap(claim["content"], "      "))
    sources = result.get("sources") or {}
    out += ["", f"Sources (outlet: {sources.get('outlet') or 'unknown'})"]
    for src in sources.get("cited") or []:
        out.append(f"  {src['name']} ({src['kind'].replace('_', ' ')}, {src['claims']} claims)")
    return "\n".join(out) + "\n"


def _wrap(text: str, prefix: str) -> str:
    return textwrap.fill(text, width=88, initial_indent=prefix, subsequent_indent=" " * len(prefix))
