"""bot.loaders: files and bytes in, Articles out; every unreadable input a clear InputError."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import bot.loaders
from bot.article import Article
from bot.config import Settings
from bot.errors import InputError
from bot.loaders import load_bytes, load_path
from bot.loaders.outlets import resolve
from bot.loaders.segment import segment

SETTINGS = Settings()

SEED_SHAPE = "\n".join(
    [
        "Russia Sends Wounded Soldiers to North Korea: Implications of Military Collaboration",
        "",
        "Russia is sending hundreds of wounded military personnel to North Korean medical facilities, "
        "according to Ambassador Alexander Matsegora. The initiative highlights the alliance.",
        "He stated that the number of injured troops sent for treatment runs into the “hundreds,” "
        "indicating a significant level of cooperation between the two nations.",
        "Analysts believe that the wounded Russian soldiers could impart valuable knowledge to North Korea.",
        "Original Source: www.digitalfrontiernews.com",
    ]
)

WIRE_STORY = """\
Coastal States Strike Five-Year Deal to End 'Mackerel War'

By Anders Lie and Catherine Moyo

LONDON (Meridian Newswire) — Norway, Iceland, the Faroe Islands and Britain agreed on Thursday to a deal.

"We have ended ten years of mistrust," Aasland said. "Nobody got everything they wanted."

The framework still has to be ratified by each country's parliament.

(Reporting by Anders Lie in London and Catherine Moyo in Oslo; Editing by Paul Ferris)
"""

TRADE_PRESS = """\
Mackerel Prices Set to Climb as Coastal States Agree 650,000-Tonne Cap

By Helena Brattvåg, Markets Editor
14 November 2025

The North-East Atlantic mackerel deal agreed in London on Thursday will sharply reduce supply next year.
Erik Brandt, senior analyst at Nordic Seafood Intelligence, expects mackerel prices to rise by 10-15%.
Market Outlook
For importers, the timing is awkward. Contracts for the first quarter are typically agreed in December.
© Seafood Trade Weekly 2025. All rights reserved. Reproduction without written permission is prohibited.
"""

PARAGRAPHS = [
    "A bitter row has broken out at Leeds City Council over the planned sale of the Victorian-era Holbeck "
    "Baths to a private developer, with opposition councillors furious at the speed of the deal.",
    "The council’s executive board voted 6-3 on Wednesday to sell the Grade II-listed building for £1.2 "
    "million to Ardent Living, a Manchester-based developer that plans to convert it into 48 flats.",
    "Councillor Gareth Pryce, the executive member for housing, said the sale was the only realistic way "
    "to save a building that has stood empty since 2017. “We cannot keep pouring money into it,” he said.",
    "Opposition leader Councillor Helen Achterberg told the meeting that members had been given less than "
    "48 hours to read a 200-page report, and called for the decision to be referred to scrutiny.",
    "According to a valuation report seen by the Courier, the building was independently valued at £2.7 "
    "million in 2019, more than twice the agreed price.",
    "The baths opened in 1898 and were used by generations of local children for swimming lessons until a "
    "leak in the main pool forced their closure in 2017.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Councillors Clash Over Sale of Holbeck Baths | Aire Valley Courier</title>
<meta property="og:title" content="Councillors Clash Over Sale of Holbeck Baths">
<meta property="og:site_name" content="Aire Valley Courier">
<meta name="author" content="Rachel Emsley">
<meta property="article:published_time" content="2025-05-15T18:42:00+01:00">
<link rel="canonical" href="https://www.airevalleycourier.co.uk/news/holbeck-baths-4471920">
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We value your privacy. We and our 143 partners use cookies
to store and access information on your device and personalise ads.</p><button>Accept All</button></div>
<header><nav class="main-nav"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article>
<h1>Councillors Clash Over Sale of Holbeck Baths</h1>
<div class="byline">By <a rel="author" href="/authors/rachel-emsley">Rachel Emsley</a></div>
<div class="article-body">{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div>
</article>
<aside class="related-stories"><h3>Related Stories</h3><ul>
<li><a href="/a">Ward Councillor Ray Dunmore Says Bin Changes Will Save £3m</a></li>
<li><a href="/b">Leeds Station Upgrade Delayed Until 2027</a></li></ul></aside>
<aside class="most-read"><h3>Most Read</h3>
<ol><li><a href="#">Armley Crash: Road Closed for Six Hours</a></li></ol></aside>
<div class="newsletter-signup"><p>Get the Courier Morning Briefing in your inbox every weekday.</p></div>
</main>
<footer><p>&copy; 2025 Aire Valley Courier Ltd. All rights reserved. Aire Valley Courier is a member of the
Independent Press Standards Organisation.</p></footer>
</body></html>"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def load_one(path: Path, settings: Settings = SETTINGS) -> Article:
    articles = load_path(path, settings)
    assert len(articles) == 1
    return articles[0]


def refused(path: Path, settings: Settings = SETTINGS) -> InputError:
    with pytest.raises(InputError) as info:
        load_path(path, settings)
    assert info.value.source == str(path)
    assert "\n" not in info.value.reason
    return info.value


def test_public_api() -> None:
    assert bot.loaders.__all__ == ["load_bytes", "load_path"]


# Plain text ---------------------------------------------------------------------------------------


def test_seed_shape_title_source_line_and_outlet(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "seed.txt", SEED_SHAPE))
    assert article.title.startswith("Russia Sends Wounded Soldiers")
    assert article.url == "www.digitalfrontiernews.com"
    assert article.outlet == "Digital Frontier News"
    assert "Original Source" not in article.text and "digitalfrontiernews" not in article.text
    assert article.title not in article.text
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3  # one paragraph per line, separated by a blank line
    assert paragraphs[0].startswith("Russia is sending hundreds")
    assert article.source == str(tmp_path / "seed.txt")


def test_byline_dateline_and_credits(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "wire.txt", WIRE_STORY))
    assert article.authors == ("Anders Lie", "Catherine Moyo")
    assert article.outlet == "Meridian Newswire"
    assert article.text.startswith("Norway, Iceland, the Faroe Islands")
    for gone in ("By Anders", "LONDON", "Reporting by", "Editing by", "Paul Ferris"):
        assert gone not in article.text
    assert article.text.endswith("ratified by each country's parliament.")


def test_byline_job_title_date_line_and_copyright_footer(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "trade.txt", TRADE_PRESS))
    assert article.authors == ("Helena Brattvåg",)
    assert article.published == "2025-11-14"
    assert article.outlet == "Seafood Trade Weekly"
    assert "©" not in article.text and "All rights reserved" not in article.text
    assert "Markets Editor" not in article.text and "14 November 2025" not in article.text
    assert "Market Outlook" in article.text.split("\n\n")  # a section header stays its own paragraph


def test_dateline_outlet_beats_the_domain_and_plain_dateline_is_stripped(tmp_path: Path) -> None:
    text = (
        "Port Strike Enters Second Week\n\n"
        "MELBOURNE (Austral Press Service) — A strike by dock workers entered its second week on Monday.\n"
        "Both sides are expected to attend a hearing on Thursday.\n"
        "Original Source: www.australpress.com.au\n"
    )
    article = load_one(write(tmp_path, "strike.txt", text))
    assert article.outlet == "Austral Press Service"
    assert article.text.startswith("A strike by dock workers")
    other = load_one(
        write(tmp_path, "measles.txt", "Measles Surge\n\nMANCHESTER — Cases rose again.\nMore to come.\n")
    )
    assert other.text.startswith("Cases rose again.")
    assert other.outlet is None


def test_text_without_title_line(tmp_path: Path) -> None:
    line = (
        "LONDON, England (CNN) -- Harry Potter star Daniel Radcliffe gains access to a reported £20 million "
        "fortune as he turns 18 on Monday, but he insists the money won't cast a spell on him. "
        'Daniel Radcliffe as Harry Potter in "Harry Potter and the Order of the Phoenix" To the '
        "disappointment of gossip "
        "columnists around the world, the young actor says he has no plans to fritter his cash away."
    )
    article = load_one(write(tmp_path, "cnn.story", line))
    assert article.title == ""
    assert article.text.startswith("Harry Potter star Daniel Radcliffe gains access")
    assert article.outlet == "CNN"  # from the dateline "LONDON, England (CNN) --"
    prose_first = (
        "The Bank of Canada held its key rate at 3.25% on Wednesday. It said inflation was still too sticky "
        "to cut.\n\nMore text follows here.\n"
    )
    assert load_one(write(tmp_path, "two.txt", prose_first)).title == ""


def test_normalises_line_endings_blank_runs_and_hard_wraps(tmp_path: Path) -> None:
    wrapped = (
        "Council Approves Budget\r\n\r\n\r\n\r\n"
        "The city council approved its annual budget on Tuesday after a debate   \r\n"
        "that lasted more than four hours and ended with a narrow vote of\r\n"
        "seven to six in favour.\r\n\r\n"
        "The mayor welcomed the result.   \r\n"
    )
    article = load_one(write(tmp_path, "wrapped.txt", wrapped))
    assert article.title == "Council Approves Budget"
    assert article.text == (
        "The city council approved its annual budget on Tuesday after a debate "
        "that lasted more than four hours and ended with a narrow vote of seven to six in favour."
        "\n\nThe mayor welcomed the result."
    )


def test_outlet_from_domain_rules() -> None:
    assert resolve(url="https://www.reuters.com/world/x", site_names=["U.S."]) == "Reuters"
    assert resolve(url="www.businessinsider.com") == "Business Insider"
    assert resolve(url="www.northwestobserver.co.uk") == "North West Observer"
    assert resolve(url="www.northernledger.co.uk", text="she told The Northern Ledger on Friday") == (
        "The Northern Ledger"
    )
    assert resolve(url="https://www.latimes.com/a", site_names=["Los Angeles Times"]) == "Los Angeles Times"
    assert resolve(url="https://www.usatoday.com/a", site_names=["usatoday"]) == "USA Today"
    assert segment("caledonianstandard") == ["caledonian", "standard"]


# HTML ----------------------------------------------------------------------------------------------


def test_html_page_without_boilerplate(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "page.html", PAGE))
    assert article.title == "Councillors Clash Over Sale of Holbeck Baths"
    assert article.outlet == "Aire Valley Courier"
    assert article.authors == ("Rachel Emsley",)
    assert article.published == "2025-05-15T18:42:00+01:00"
    assert article.url == "https://www.airevalleycourier.co.uk/news/holbeck-baths-4471920"
    assert article.text.split("\n\n") == PARAGRAPHS
    for boilerplate in (
        "cookies",
        "Accept All",
        "Subscribe",
        "Related Stories",
        "Dunmore",
        "Most Read",
        "Armley",
        "inbox",
        "All rights reserved",
        "Independent Press Standards",
    ):
        assert boilerplate not in article.text


def test_html_json_ld_people_and_organisation_authors() -> None:
    def page(author: str) -> bytes:
        ld = json.dumps(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": "Rates Held",
                "datePublished": "2023-12-22T16:12:34Z",
                "author": json.loads(author),
                "publisher": {"@type": "Organization", "name": "Northstar Wire"},
            }
        )
        body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        return (
            f'<html><head><script type="application/ld+json">{ld}</script></head>'
            f"<body><article><h1>Rates Held</h1>{body}</article></body></html>"
        ).encode()

    people = load_bytes(
        page(
            '[{"@type": "Person", "name": "RALPH D. RUSSO"}, {"@type": "Person", '
            '"name": "The Associated Press"}]'
        ),
        "ld",
        SETTINGS,
    )[0]
    assert people.authors == ("RALPH D. RUSSO",)
    assert people.outlet == "Northstar Wire"
    assert people.published == "2023-12-22T16:12:34+00:00"
    organisation = load_bytes(page('{"@type": "Organization", "name": "Northstar Wire"}'), "org", SETTINGS)[0]
    assert organisation.authors == ()


def test_html_from_bytes_with_declared_charset_and_url() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS).replace("’", "'").replace("“", '"').replace("”", '"')
    data = f"<html><body><article><h1>Caf\xe9 Closes</h1>{body}</article></body></html>".encode("cp1252")
    [article] = load_bytes(
        data,
        "https://www.northernledger.co.uk/a",
        SETTINGS,
        content_type="text/html; charset=windows-1252",
        url="https://www.northernledger.co.uk/a",
    )
    assert article.title == "Café Closes"
    assert article.url == "https://www.northernledger.co.uk/a"
    assert article.outlet == "Northern Ledger"


# JSON ----------------------------------------------------------------------------------------------

RECORD = {
    "title": "Rates Held",
    "text": "OTTAWA (Northstar Wire) — The bank held rates.\n\nInvestors were disappointed.",
    "url": "https://northstarwire.example.com/rates",
    "outlet": "Northstar Wire",
    "published": "2025-09-17",
    "authors": ["Hannah Kowalczyk"],
}


def test_json_object(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "one.json", json.dumps(RECORD)))
    assert article == Article(
        text="The bank held rates.\n\nInvestors were disappointed.",
        title="Rates Held",
        outlet="Northstar Wire",
        url="https://northstarwire.example.com/rates",
        published="2025-09-17",
        authors=("Hannah Kowalczyk",),
        source=str(tmp_path / "one.json"),
    )


def test_json_array_wrapper_and_field_aliases(tmp_path: Path) -> None:
    records = [
        RECORD,
        {
            "headline": "Second",
            "body": "Another story.",
            "author": "By A. Writer and B. Writer",
            "source": {"id": "x", "name": "BBC News"},
            "publishedAt": "2025-09-18T07:00:00Z",
        },
    ]
    articles = load_path(write(tmp_path, "many.json", json.dumps(records)), SETTINGS)
    assert [a.title for a in articles] == ["Rates Held", "Second"]
    second = articles[1]
    assert (second.text, second.outlet, second.authors) == (
        "Another story.",
        "BBC News",
        ("A. Writer", "B. Writer"),
    )
    assert second.published == "2025-09-18T07:00:00+00:00"
    wrapped = load_path(
        write(tmp_path, "wrapped.json", json.dumps({"status": "ok", "articles": records})), SETTINGS
    )
    assert len(wrapped) == 2


def test_jsonl(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps({**RECORD, "title": f"Story {n}"}) for n in range(3)) + "\n"
    articles = load_path(write(tmp_path, "feed.jsonl", lines), SETTINGS)
    assert [a.title for a in articles] == ["Story 0", "Story 1", "Story 2"]
    assert all(a.text.startswith("The bank held rates.") for a in articles)


def test_text_that_only_looks_like_json_is_text(tmp_path: Path) -> None:
    article = load_one(write(tmp_path, "note.txt", "[Updated] Markets Fall\n\nShares fell on Monday."))
    assert article.title == "[Updated] Markets Fall"


# Errors --------------------------------------------------------------------------------------------


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in refused(tmp_path / "nope.txt").reason
    assert "folder" in refused(tmp_path).reason


def test_empty_and_blank_files(tmp_path: Path) -> None:
    assert "empty" in refused(write(tmp_path, "empty.txt", b"")).reason
    assert "empty" in refused(write(tmp_path, "blank.txt", "  \n\n\t \n")).reason


def test_binary_files(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "blob.txt", bytes(range(256)) * 8))
    assert "binary" in error.reason and "UTF-8" in error.reason
    assert "PDF" in refused(write(tmp_path, "paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")).reason
    noise = bytes((i * 7919 + 13) % 256 for i in range(4000)).replace(b"\x00", b"\x01")
    error = refused(write(tmp_path, "noise.dat", noise))
    assert "no other text encoding fits" in error.reason and "UTF-8" in error.reason


def test_windows_1252_text_is_decoded(tmp_path: Path) -> None:
    text = (
        "Café Owners Win Appeal\r\n\r\n"
        "The owners of the “Blue Café” won their appeal on Tuesday – a decision the council "
        "said it would respect. The café will reopen next month, its owners said.\r\n"
    )
    article = load_one(write(tmp_path, "cp1252.txt", text.encode("cp1252")))
    assert article.title == "Café Owners Win Appeal"
    assert "“Blue Café” won their appeal on Tuesday – a decision" in article.text


def test_utf8_with_bom_and_utf16(tmp_path: Path) -> None:
    text = "Headline Here\n\nBody with “quotes” and café."
    assert load_one(write(tmp_path, "bom.txt", text.encode("utf-8-sig"))).title == "Headline Here"
    assert load_one(write(tmp_path, "u16.txt", text.encode("utf-16"))).text == "Body with “quotes” and café."


def test_over_the_size_cap(tmp_path: Path) -> None:
    small = Settings(max_article_bytes=100)
    path = write(tmp_path, "big.txt", "word " * 100)
    error = refused(path, small)
    assert "BRIEFBOT_MAX_ARTICLE_BYTES" in error.reason and "100-byte limit" in error.reason
    with pytest.raises(InputError) as info:
        load_bytes(b"x" * 101, "https://example.com/a", small)
    assert info.value.source == "https://example.com/a" and "BRIEFBOT_MAX_ARTICLE_BYTES" in info.value.reason


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "sparse.html"
    with path.open("wb") as handle:  # a 10 GB sparse file: reading it would take minutes
        handle.truncate(10 * 1024**3)
    started = time.monotonic()
    assert "BRIEFBOT_MAX_ARTICLE_BYTES" in refused(path).reason
    assert time.monotonic() - started < 1


def test_html_without_article_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a>"
        "</nav><footer>© 2025 Example Ltd</footer></body></html>"
    )
    error = refused(write(tmp_path, "front.html", page))
    assert "no article text" in error.reason and ".txt" in error.reason


def test_malformed_and_useless_json(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "bad.json", '{"title": "Rates", "text": "unterminated}'))
    assert "not valid JSON" in error.reason and "line 1" in error.reason
    error = refused(write(tmp_path, "notext.json", json.dumps([{"title": "No body"}, {"text": "  "}])))
    assert "none of its 2 records" in error.reason and '"text"' in error.reason
    error = refused(write(tmp_path, "bad.jsonl", json.dumps(RECORD) + "\n{oops\n"))
    assert "JSON Lines" in error.reason and "line 2" in error.reason
    # Content first, extension second: prose in a .json file is read as prose.
    assert load_one(write(tmp_path, "plain.json", "Just words.")).text == "Just words."


# Hostile input -------------------------------------------------------------------------------------


def test_huge_single_line_is_fast(tmp_path: Path) -> None:
    path = write(tmp_path, "line.txt", "The council met again. " * 150_000)  # 3.4 MB, one line
    started = time.monotonic()
    article = load_one(path)
    assert time.monotonic() - started < 5
    assert article.title == "" and article.word_count == 600_000


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 50_000 + "<p>Deep text.</p>" + "</div>" * 50_000 + "</body></html>"
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        load_path(write(tmp_path, "deep.html", page), SETTINGS)
    assert "no article text" in info.value.reason
    assert time.monotonic() - started < 5


def test_entity_expansion_is_not_expanded(tmp_path: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE html [{entities}]>'
        f"<html><body><article><p>&i;</p>{body}</article></body></html>"
    )
    started = time.monotonic()
    article = load_one(write(tmp_path, "lol.html", doc))
    assert time.monotonic() - started < 5
    assert len(article.text) < 10_000  # 10**9 "a"s had the entities been expanded


@pytest.mark.parametrize(
    "prolog",
    [
        "",
        '<?xml version="1.0"?>\n',
        '<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE rss [<!ENTITY a "x">]>\n',
    ],
)
def test_a_feed_is_not_an_article_even_behind_a_doctype(tmp_path: Path, prolog: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(prolog + "<rss><channel><title>T</title></channel></rss>", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_path(path, Settings())
    assert "RSS or Atom feed" in err.value.reason
