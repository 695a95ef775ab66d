"""manifest.yml agrees with the code: its commands exist, its scopes are the ones asked for at
install, its URLs are the paths the server serves, and every Slack variable is documented."""

from __future__ import annotations

import re
from pathlib import Path

from adapters.slack.config import DEFAULT_SCOPES, TRIGGERS
from adapters.slack.oauth import REDIRECT_PATH
from adapters.slack.serve import EVENTS_PATH
from handlers import COMMANDS

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = (ROOT / "manifest.yml").read_text(encoding="utf-8")


def test_the_manifest_declares_the_commands_scopes_and_event_the_adapter_handles() -> None:
    commands = re.findall(r"^\s*- command: /(\w+)$", MANIFEST, flags=re.MULTILINE)
    assert commands == ["who", "claims", "sources", "digest", "brief"]
    assert set(commands) <= set(COMMANDS)
    scopes = re.search(r"bot:\n((?:\s+- [\w:.]+.*\n)+)", MANIFEST)
    assert scopes is not None
    assert tuple(re.findall(r"- ([\w:.]+)", scopes.group(1))) == DEFAULT_SCOPES
    assert re.search(r"bot_events:\n\s+- app_mention\n", MANIFEST)
    assert re.search(r"interactivity:\n(?:\s+#.*\n)?\s+is_enabled: true", MANIFEST)
    urls = re.findall(r"(?:url|request_url): https://briefbot\.example\.com(\S+)", MANIFEST)
    assert urls and set(urls) == {EVENTS_PATH}
    assert f"https://briefbot.example.com{REDIRECT_PATH}" in MANIFEST


def test_env_example_and_the_guide_name_every_slack_variable() -> None:
    config = (ROOT / "adapters" / "slack" / "config.py").read_text(encoding="utf-8")
    names = set(re.findall(r"\"(SLACK_[A-Z_]+)\"", config)) | set(TRIGGERS)
    example = (ROOT / ".env.example").read_text(encoding="utf-8").split("# --- Slack ---", 1)[1]
    guide = (ROOT / "docs" / "slack.md").read_text(encoding="utf-8")
    assert sorted(n for n in names if f"\n{n}=" not in example) == []
    assert sorted(n for n in names if n not in guide) == []
