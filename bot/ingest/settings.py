"""How briefbot fetches URLs: timeouts, limits and the address allow-list, read from the environment.

`bot.config.Settings` holds the settings every command shares; these belong to fetching only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from bot.config import DEFAULT_MAX_BYTES, Settings
from bot.errors import ConfigError

IPNetwork = IPv4Network | IPv6Network

USER_AGENT = "briefbot/0.1 (self-hosted news briefing bot)"


@dataclass(frozen=True)
class FetchSettings:
    allow: tuple[IPNetwork, ...] = ()  # networks the SSRF guard lets through although not public
    connect_timeout: float = 5.0  # seconds to look up the host and connect
    read_timeout: float = 15.0  # seconds the server may stay silent mid-answer
    total_timeout: float = 30.0  # seconds for the whole fetch, redirects included
    max_redirects: int = 5
    max_bytes: int = DEFAULT_MAX_BYTES  # largest body read (BRIEFBOT_MAX_ARTICLE_BYTES)
    user_agent: str = USER_AGENT
    ca_file: Path | None = None  # more CA certificates (PEM) to trust, besides the usual ones

    @classmethod
    def from_env(cls, settings: Settings | None = None) -> FetchSettings:
        """The fetch settings from BRIEFBOT_FETCH_* variables; the size cap from `settings`."""
        base = settings or Settings.from_env()  # also loads .env
        return cls(
            allow=parse_allow(os.environ.get("BRIEFBOT_FETCH_ALLOW", "")),
            connect_timeout=_seconds("BRIEFBOT_FETCH_CONNECT_TIMEOUT", cls.connect_timeout),
            read_timeout=_seconds("BRIEFBOT_FETCH_READ_TIMEOUT", cls.read_timeout),
            total_timeout=_seconds("BRIEFBOT_FETCH_TOTAL_TIMEOUT", cls.total_timeout),
            max_redirects=_count("BRIEFBOT_FETCH_MAX_REDIRECTS", cls.max_redirects),
            max_bytes=base.max_article_bytes,
            ca_file=_file("BRIEFBOT_FETCH_CA_FILE"),
        )


def parse_allow(text: str, name: str = "BRIEFBOT_FETCH_ALLOW") -> tuple[IPNetwork, ...]:
    """Comma-separated CIDRs ("127.0.0.1/32, 10.0.0.0/8, ::1/128"); a bare address means just it."""
    networks: list[IPNetwork] = []
    for part in text.replace(";", ",").split(","):
        item = part.strip()
        if not item:
            continue
        try:
            networks.append(ip_network(item))
        except ValueError as exc:
            hint = "" if "host bits" not in str(exc) else " (it has host bits set)"
            raise ConfigError(
                f"{name}: {item!r} is not a network{hint}: write CIDRs such as 10.0.0.0/8 or "
                f"127.0.0.1/32, separated by commas"
            ) from None
    return tuple(networks)


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number of seconds: set it to e.g. {default:g}") from None
    if not 0 < value < float("inf"):
        raise ConfigError(f"{name}={raw!r} must be a positive number of seconds: set it to e.g. {default:g}")
    return value


def _count(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number: set it to e.g. {default}") from None
    if value < 0:
        raise ConfigError(f"{name}={raw!r} cannot be negative: set it to e.g. {default}")
    return value


def _file(name: str) -> Path | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_file():
        raise ConfigError(f"{name}={raw!r} is not a file: give the path of a PEM file of CA certificates")
    return path
