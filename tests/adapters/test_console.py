"""The console adapter end to end: `briefbot run` with piped input, as a user would drive it.

One store, two runs: the first ingests the bundled samples and answers; the second finds them
kept and does not ingest again. The unit tests below drive the adapter in process.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from adapters.console import ConsoleAdapter, render, to_event
from bot.messages import Event, Field, Link, Reply, Section
from bot.store import open_store
from handlers.context import Context

ROOT = Path(__file__).resolve().parents[2]
UNSET = {"DATABASE_URL", "SLACK_BOT_TOKEN", "DISCORD_TOKEN"}
LINES = ["/who", "/claims", "/sources", "help", "/nonsense"]


def run_bot(data_dir: Path, lines: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SLACK_BOT_TOKEN", "DISCORD_TOKEN"}
    }
    environ.update(BRIEFBOT_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot.run", "run"],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=data_dir,  # no .env of the project's checkout is read
        env=environ,
        timeout=300,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], ...]:
    data_dir = tmp_path_factory.mktemp("console")
    first = run_bot(data_dir, LINES)
    second = run_bot(data_dir, ["/who Beridze", "quit", "/claims"])
    return first, second


@pytest.mark.slow
def test_first_run_ingests_the_samples_and_answers_each_line(
    runs: tuple[subprocess.CompletedProcess[str], ...],
) -> None:
    first = runs[0]
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Ingested the bundled samples: 10 articles: 10 added" in out
    assert "Traceback" not in out + first.stderr
    who = out.split("Who is in the news", 1)[1].split("Latest claims", 1)[0]
    assert "Nino Beridze" in who and "Georgia's deputy economy minister" in who  # a person with a role
    assert "person · " in who
    claims = out.split("Latest claims", 1)[1].split("Outlets and the sources they cite", 1)[0]
    assert "Rachel Ormsby said" in claims or "Craig Houlton said" in claims  # a speaker and a cue
    assert "Outlets and the sources they cite" in out and "(named person)" in out
    assert out.count("What briefbot answers") == 2  # help, and the unknown command
    assert "I don't know “/nonsense”" in out
    assert "briefbot> " not in out  # no prompt when the input is piped


@pytest.mark.slow
def test_second_run_keeps_the_store_and_stops_at_quit(
    runs: tuple[subprocess.CompletedProcess[str], ...],
) -> None:
    second = runs[1]
    assert second.returncode == 0, second.stderr
    assert "Ingested" not in second.stdout and "First start" not in second.stdout
    assert "Nino Beridze" in second.stdout and "Roles:" in second.stdout
    assert "Latest claims" not in second.stdout  # nothing after "quit" is answered


def test_a_chat_token_is_refused_until_its_adapter_exists(tmp_path: Path) -> None:
    done = run_bot(tmp_path, ["/who"], SLACK_BOT_TOKEN="xoxb-test")
    assert done.returncode == 2
    assert "SLACK_BOT_TOKEN is set" in done.stderr and "not built yet" in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr


def test_lines_become_console_events() -> None:
    who = to_event("/who Matsegora ", "1")
    assert (who.command, who.text, who.is_mention, who.user_is_admin) == ("who", "Matsegora", False, True)
    assert (who.platform, who.workspace_id, who.channel, who.thread) == (
        "console",
        "console",
        "console",
        None,
    )
    mention = to_event("@briefbot sources", "2")
    assert (mention.command, mention.text, mention.is_mention) == (None, "@briefbot sources", True)
    assert to_event("/nonsense", "3").command is None  # kept whole, so help can quote it
    assert to_event("more", "4").command is None


def test_a_reply_renders_as_text_and_a_thread_is_indented() -> None:
    reply = Reply(
        title="Title [b]",
        sections=(
            Section(
                heading="Head",
                lines=("a line",),
                fields=(Field("k", "v"),),
                links=(Link("src", "https://x"),),
            ),
        ),
        footer="page 1",
        thread="t1",
    )
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(render(reply))
    shown = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert shown[0] == "  ↳ Title [b]"
    assert "    Head" in shown and "    a line" in shown and "    k: v" in shown
    assert "    src: https://x" in shown and shown[-1] == "    page 1"


async def test_a_failing_answer_is_an_apology_and_input_ends_cleanly(tmp_path: Path) -> None:
    async def broken(event: Event, ctx: Context) -> Reply:
        raise RuntimeError("boom")

    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    out = io.StringIO()
    try:
        adapter = ConsoleAdapter(
            Context(store=store),
            console=Console(file=out, width=120, color_system=None),
            stdin=io.StringIO("/who\n\nexit\n/claims\n"),
            interactive=False,
            answer=broken,
        )
        assert await adapter.run() == 0
    finally:
        store.close()
    shown = out.getvalue()
    assert shown.count("could not be shown") == 1  # "/who" only: nothing after "exit"
    assert "boom" not in shown and "Traceback" not in shown
