"""The console adapter: briefbot in a terminal, without any chat token (`briefbot run`)."""

from adapters.console.adapter import ConsoleAdapter, to_event
from adapters.console.render import render

__all__ = ["ConsoleAdapter", "render", "to_event"]
