"""The SSRF guard refuses before connecting; the allow-list and settings come from the environment."""

from __future__ import annotations

from ipaddress import ip_address, ip_network

import pytest

import bot.ingest
from bot.errors import ConfigError, InputError
from bot.ingest import FetchSettings, fetch, parse_allow, refusal, vet

NOT_ALLOWED = FetchSettings()  # the default: nothing allow-listed

REFUSED = [
    ("http://127.0.0.1/", "loopback"),
    ("http://localhost:8080/admin", "localhost, that resolves to a loopback address"),
    ("http://10.1.2.3/", "private network"),
    ("http://192.168.0.1/", "private network"),
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
    ("http://[fd00:ec2::254]/", "cloud metadata"),
    ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata service"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:10.0.0.1]/", "private network"),
    ("http://[64:ff9b::a00:1]/", "inside an IPv6 address"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fc00::5]/", "unique-local"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://100.64.0.1/", "carrier-grade NAT"),
    ("http://224.0.0.1/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://2130706433/", "loopback"),  # 127.0.0.1 spelled as one number
    ("file:///etc/passwd", "only fetches http:// and https://"),
    ("gopher://example.com/", "only fetches http:// and https://"),
    ("http://user:pass@example.com/", "user name or password"),
    ("http:///nohost", "no host name"),
]


@pytest.mark.parametrize(("url", "why"), REFUSED)
async def test_refused_when_not_allow_listed(url: str, why: str) -> None:
    with pytest.raises(InputError) as caught:
        await fetch(url, NOT_ALLOWED)  # refused before any connection: nothing listens there
    assert caught.value.source == url
    assert why in caught.value.reason
    assert "\n" not in caught.value.reason


async def test_refusal_says_how_to_fix() -> None:
    with pytest.raises(InputError, match="allow-list it in BRIEFBOT_FETCH_ALLOW"):
        await vet("http://10.0.0.7/", NOT_ALLOWED)


async def test_host_names_do_not_leak_the_internal_address() -> None:
    async def internal(host: str, port: int) -> list[str]:
        return ["10.20.30.40"]

    with pytest.raises(InputError) as caught:
        await vet("http://intranet.test/", NOT_ALLOWED, internal)
    assert "10.20.30.40" not in str(caught.value)
    assert "private network" in caught.value.reason


async def test_allow_list_lets_listed_networks_through() -> None:
    settings = FetchSettings(allow=parse_allow("127.0.0.1/32, 10.0.0.0/8"))
    target = await vet("http://10.1.2.3:8080/x", settings)
    assert target.addresses == (ip_address("10.1.2.3"),)
    assert target.pinned(target.addresses[0]) == target.url  # an address literal is its own pin
    with pytest.raises(InputError, match="private network"):
        await vet("http://192.168.1.1/", settings)


async def test_public_addresses_pass_without_an_allow_list() -> None:
    target = await vet("https://93.184.216.34/story", NOT_ALLOWED)
    assert [str(a) for a in target.addresses] == ["93.184.216.34"]


async def test_a_name_is_pinned_to_an_allowed_address_only() -> None:
    async def mixed(host: str, port: int) -> list[str]:
        return ["10.9.9.9", "93.184.216.34", "::ffff:93.184.216.34"]

    target = await vet("https://News.Example:8443/a?b=1", NOT_ALLOWED, mixed)
    assert target.addresses == (ip_address("93.184.216.34"),)
    assert str(target.pinned(target.addresses[0])) == "https://93.184.216.34:8443/a?b=1"
    assert target.host_header() == "news.example:8443"
    assert target.host_is_name


def test_metadata_needs_an_exact_allow_entry() -> None:
    metadata = ip_address("169.254.169.254")
    assert refusal(metadata, (ip_network("0.0.0.0/0"),)) == "a cloud metadata address"
    assert refusal(metadata, (ip_network("169.254.0.0/16"),)) == "a cloud metadata address"
    assert refusal(metadata, (ip_network("169.254.169.254/32"),)) is None
    assert refusal(ip_address("169.254.1.1"), (ip_network("169.254.0.0/16"),)) is None


async def test_unknown_host_is_a_clear_input_error() -> None:
    async def nowhere(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(InputError, match="could not be found: check the link"):
        await vet("http://no-such-host.invalid/", NOT_ALLOWED, nowhere)


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_FETCH_ALLOW", "127.0.0.1/32; ::1/128, 10.0.0.0/8")
    monkeypatch.setenv("BRIEFBOT_FETCH_READ_TIMEOUT", "2.5")
    monkeypatch.setenv("BRIEFBOT_FETCH_MAX_REDIRECTS", "0")
    monkeypatch.setenv("BRIEFBOT_MAX_ARTICLE_BYTES", "1234")
    settings = FetchSettings.from_env()
    assert [str(n) for n in settings.allow] == ["127.0.0.1/32", "::1/128", "10.0.0.0/8"]
    assert settings.read_timeout == 2.5
    assert settings.max_redirects == 0
    assert settings.max_bytes == 1234
    assert settings.connect_timeout == FetchSettings.connect_timeout


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("BRIEFBOT_FETCH_ALLOW", "10.0.0.1/8", "host bits set"),
        ("BRIEFBOT_FETCH_ALLOW", "intranet", "not a network"),
        ("BRIEFBOT_FETCH_CONNECT_TIMEOUT", "soon", "not a number of seconds"),
        ("BRIEFBOT_FETCH_TOTAL_TIMEOUT", "0", "positive"),
        ("BRIEFBOT_FETCH_MAX_REDIRECTS", "-1", "must be at least 0"),
        ("BRIEFBOT_FETCH_CA_FILE", "/no/such/ca.pem", "is not a file"),
    ],
)
def test_bad_settings_say_how_to_fix(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message) as caught:
        FetchSettings.from_env()
    assert name in str(caught.value)


def test_public_names_are_exported() -> None:
    assert bot.ingest.__all__ == sorted(bot.ingest.__all__)
    assert all(hasattr(bot.ingest, name) for name in bot.ingest.__all__)
