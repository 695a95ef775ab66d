"""The runtime every adapter shares: one scheduler with the digest jobs and feed polling."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from bot.config import Settings
from bot.digest.schedule import Schedule, save_schedule
from bot.digest.scheduler import RESYNC_ID, job_id
from bot.ingest.polling import JOB_ID as POLL_ID
from bot.messages import Reply
from bot.runtime import close, open_runtime, start
from bot.store import open_store


class Poster:
    platform = "console"

    async def post(self, workspace_id: str, channel: str, reply: Reply) -> str:
        return "m1"


async def test_start_builds_digest_jobs_resync_and_feed_polling(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    ws = store.workspace("console", "console")
    save_schedule(store, ws, "console", Schedule(at=time(8), tz="Europe/Paris"))
    runtime = await open_runtime(
        Settings(data_dir=tmp_path), store=store, now=lambda: datetime(2026, 1, 5, tzinfo=UTC)
    )
    runtime.digests.add_poster(Poster())
    try:
        await start(runtime)
        ids = {job.id for job in runtime.scheduler.get_jobs()}
        assert {job_id(ws, "console"), RESYNC_ID, POLL_ID} <= ids
        assert runtime.ctx.thread_article == runtime.digests.thread_article
        assert runtime.ctx.feeds is not None and runtime.ctx.schedules is runtime.schedules
    finally:
        await close(runtime)
    assert not runtime.scheduler.running
