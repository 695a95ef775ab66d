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
LINES = ["/who", "/claims", "/sources", "help", "/nonsense", ">1 @briefbot sources", ">99 @briefbot who"]


def run_bot(data_dir: Path, lines: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SLACK_BOT_TOKEN", "DISCORD_TOKEN"}
    }
    environ.update(
        {"BRIEFBOT_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT), "BRIEFBOT_DEFAULT_TZ": "UTC"}
    )
    environ.update(env)
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
    second = run_bot(data_dir, ["/who Beridze", ">2 @briefbot who", "quit", "/claims"])
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
def test_first_run_prints_todays_digest_and_answers_in_an_items_thread(
    runs: tuple[subprocess.CompletedProcess[str], ...],
) -> None:
    out = runs[0].stdout
    digest = out.split("Morning briefing", 1)[1].split("Who is in the news", 1)[0]
    assert "stories from 10 articles" in digest
    grain = digest.split("#1 ·", 1)[0]  # the story three outlets carry comes first, as one item
    assert "Caspian Grain Corridor" in grain and "Reported by 3 articles from 3 outlets" in grain
    assert "Key points" in grain and "Who says what" in grain
    assert "#8 · ask about this story in its thread: >8 @briefbot claims" in digest
    thread = out.split("  ↳ ", 1)[1]  # ">1 @briefbot sources": that story's sources, indented
    assert thread.startswith("Sources in “Kazakhstan, Azerbaijan and Georgia Agree")
    assert "There is no story with that number" in out


@pytest.mark.slow
def test_second_run_keeps_the_store_and_stops_at_quit(
    runs: tuple[subprocess.CompletedProcess[str], ...],
) -> None:
    second = runs[1]
    assert second.returncode == 0, second.stderr
    assert "Ingested" not in second.stdout and "First start" not in second.stdout
    assert "Nino Beridze" in second.stdout and "Roles:" in second.stdout
    assert "Latest claims" not in second.stdout  # nothing after "quit" is answered
    assert "Today's digest, as it went out earlier:" in second.stdout  # shown again, not posted again
    assert second.stdout.count("Morning briefing") == 1
    assert "  ↳ Who is in “Cork's Ellery Harbour Bridge" in second.stdout


def test_an_incomplete_chat_configuration_says_what_to_set(tmp_path: Path) -> None:
    done = run_bot(tmp_path, ["/who"], SLACK_BOT_TOKEN="xoxb-test")
    assert done.returncode == 2
    assert "SLACK_SIGNING_SECRET" in done.stderr and "SLACK_APP_TOKEN" in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr


def test_an_unwritable_data_folder_says_what_to_set(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = run_bot(tmp_path, ["/who"], BRIEFBOT_DATA_DIR=str(blocker / "data"))
    assert done.returncode == 2
    assert "BRIEFBOT_DATA_DIR" in done.stderr and "Traceback" not in done.stderr


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
