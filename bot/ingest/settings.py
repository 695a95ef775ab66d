"""How briefbot fetches URLs: timeouts, limits and the address allow-list, read from the environment.

`bot.config.Settings` holds the settings every command shares; these belong to fetching only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from bot.config import DEFAULT_MAX_BYTES, Settings, env_int, env_seconds
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
            connect_timeout=env_seconds("BRIEFBOT_FETCH_CONNECT_TIMEOUT", cls.connect_timeout),
            read_timeout=env_seconds("BRIEFBOT_FETCH_READ_TIMEOUT", cls.read_timeout),
            total_timeout=env_seconds("BRIEFBOT_FETCH_TOTAL_TIMEOUT", cls.total_timeout),
            max_redirects=env_int("BRIEFBOT_FETCH_MAX_REDIRECTS", cls.max_redirects, minimum=0),
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


def _file(name: str) -> Path | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_file():
        raise ConfigError(f"{name}={raw!r} is not a file: give the path of a PEM file of CA certificates")
    return path
