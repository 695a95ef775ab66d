"""canonical_url: one spelling per article address."""

from __future__ import annotations

import pytest

from bot.ingest import canonical_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.COM/a/story/", "https://news.example.com/a/story"),
        ("https://news.example.com:443/a#comments", "https://news.example.com/a"),
        ("http://news.example.com:8080/a", "http://news.example.com:8080/a"),
        ("https://news.example.com", "https://news.example.com/"),
        ("https://news.example.com/?utm_source=x", "https://news.example.com/"),
        (
            "https://n.example/a?utm_source=rss&b=2&UTM_Medium=feed&a=1&fbclid=Z&gclid=q&mc_eid=e",
            "https://n.example/a?a=1&b=2",
        ),
        ("https://n.example/a?q=caf%C3%A9&page=2", "https://n.example/a?page=2&q=caf%C3%A9"),
        ("https://user:pw@n.example/a", "https://n.example/a"),
        ("http://[2001:DB8::1]:80/a/", "http://[2001:db8::1]/a"),
        ("  https://n.example/a  ", "https://n.example/a"),
        ("mailto:desk@n.example", "mailto:desk@n.example"),
        ("not a url", "not a url"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("https://N.example/x/?b=1&utm_campaign=c&a=2#f")
    assert canonical_url(once) == once
