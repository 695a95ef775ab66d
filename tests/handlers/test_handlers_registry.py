"""One module per command, one table that registers them: the two agree."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import handlers
from bot.messages import Event, Reply, Section
from handlers import COMMANDS, Command
from handlers.context import Context


def command_modules() -> dict[str, object]:
    """The modules in handlers/ that define a command (a `handle` function)."""
    found = {}
    for info in pkgutil.iter_modules(handlers.__path__):
        module = importlib.import_module(f"handlers.{info.name}")
        if hasattr(module, "handle"):
            found[info.name] = module
    return found


def test_every_command_module_is_registered_and_every_entry_has_its_module() -> None:
    modules = command_modules()
    assert set(modules) == set(COMMANDS)
    for name, module in modules.items():
        command = COMMANDS[name]
        assert command.name == name == module.COMMAND  # type: ignore[attr-defined]
        assert command.handle is module.handle  # type: ignore[attr-defined]
        assert inspect.iscoroutinefunction(command.handle)
        assert list(inspect.signature(command.handle).parameters) == ["event", "ctx"]


def test_every_command_has_usage_help_and_examples() -> None:
    for command in COMMANDS.values():
        assert command.usage.startswith(f"/{command.name}")
        assert command.help and len(command.help) < 100
        assert command.examples and all(e.startswith(("/", "@")) for e in command.examples)


async def test_help_lists_every_command(ctx: Context) -> None:
    event = Event(platform="console", workspace_id="console", channel="c", user="u", text="", event_id="e")
    reply = await COMMANDS["help"].handle(event, ctx)
    assert [s.heading for s in reply.sections if s.heading] == [c.usage for c in COMMANDS.values()]


def test_registering_a_name_twice_fails() -> None:
    async def answer(event: Event, ctx: Context) -> Reply:
        return Reply(title="", sections=(Section(),))

    with pytest.raises(ValueError, match="registered twice"):
        handlers._table(Command("x", answer, "/x", "x"), Command("x", answer, "/x", "x"))
