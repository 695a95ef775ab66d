"""Reading what users type: mentions and questions to a command, claim filters, article numbers.

Only plain text comes in (adapters turn platform markup into it), but a leading mention
in Slack's or Discord's raw form ("<@U123>", "<@!123>") is tolerated too.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from bot.errors import UserError

_MENTION = re.compile(r"^\s*(?:<@!?&?[\w]+>|@[\w.\-]+)[\s,:;]*")
_TRAILING = re.compile(r"[\s?!.]+$")
_ARTICLE = re.compile(
    r"^(?:(?:of|for|in|on)\s+)?(?:article|art\.?)\s*#?(\d{1,12})\b\s*(.*)$", re.IGNORECASE | re.DOTALL
)
_NUMBER = re.compile(r"^#?(\d{1,12})$")
_NEWS = re.compile(r"^(?:(?:is|are)\s+)?(?:in the news|mentioned|around|here|there|important)?$", re.I)

SYNONYMS = {
    "claim": "claims",
    "quotes": "claims",
    "source": "sources",
    "summarise": "summary",
    "summarize": "summary",
    "tldr": "summary",
    "tl;dr": "summary",
    "commands": "help",
    "?": "help",
}

# Questions, tried in order; the first group is the arguments of the command named second.
_QUESTIONS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE | re.DOTALL), command, template)
    for pattern, command, template in (
        (r"^who\s+(?:said|says|claimed|claims)\s+(?:that\s+)?(.+)$", "claims", "{0}"),
        (r"^(?:who|what)\s+(?:is|are|were)\s+(?:the\s+)?sources?\b\s*(?:of|for|in)?\s*(.*)$", "sources",
         "{0}"),
        (r"^what\s+(?:did|does|do|has|have)\s+(.+?)\s+(?:say|said|claim|claimed)\s+about\s+(.+)$", "claims",
         "by {0} about {1}"),
        (r"^what\s+(?:did|does|do|has|have)\s+(.+?)\s+(?:say|said|claim|claimed)$", "claims", "by {0}"),
        (r"^what\s+(?:is|are|was|were)\s+(?:people\s+|they\s+)?(?:said|saying|claimed)\s+about\s+(.+)$",
         "claims", "about {0}"),
        (r"^(?:tell\s+me\s+about|profile\s+of|profile)\s+(.+)$", "who", "{0}"),
        (r"^who(?:'s|’s|s)?(?:\s+(?:is|are|was|were))?(?:\s+(.*))?$", "who", "{0}"),
        (r"^(?:what(?:'s|’s|\s+is)\s+(?:this|it)\s+about|key\s+points)(?:\s+(?:of|for)\s+)?(.*)$", "summary",
         "{0}"),
    )
)  # fmt: skip


def strip_mentions(text: str) -> str:
    """The text without the mentions it starts with ("@briefbot", "<@U123>")."""
    while True:
        stripped = _MENTION.sub("", text, count=1)
        if stripped == text:
            return text.strip()
        text = stripped


def clean(text: str) -> str:
    """One line, no leading slash, no trailing question or exclamation marks."""
    flat = " ".join(text.split())
    return _TRAILING.sub("", flat.lstrip("/")).strip()


def route(text: str, commands: Collection[str]) -> tuple[str, str] | None:
    """(command, arguments) for a message to the bot, or None when it is not a question we know.

    "who is Matsegora?" -> ("who", "Matsegora"); "claims about compensation" -> ("claims", "about
    compensation"); "more" -> ("more", ""); an empty mention -> ("help", "").
    """
    said = clean(strip_mentions(text))
    if not said:
        return "help", ""
    first, _, rest = said.partition(" ")
    word = first.casefold()
    if word == "more":
        return "more", rest.strip()
    for pattern, command, template in _QUESTIONS:
        found = pattern.match(said)
        if found and command in commands:
            args = template.format(*(clean(g or "") for g in found.groups()))
            if command == "who" and _NEWS.match(args):
                args = ""
            return command, args.strip()
    word = SYNONYMS.get(word, word)
    if word in commands:
        return word, rest.strip()
    return None


def split_article(args: str, *, bare_number: bool = True) -> tuple[int | None, str]:
    """An "article 12" (or, with `bare_number`, a lone "12") at the start of the arguments, and the rest."""
    found = _ARTICLE.match(args.strip())
    if found:
        return int(found.group(1)), found.group(2).strip()
    if bare_number and (number := _NUMBER.match(args.strip())):
        return int(number.group(1)), ""
    return None, args


@dataclass(frozen=True)
class ClaimFilter:
    words: str | None = None
    by: str | None = None
    about: str | None = None

    def describe(self) -> str:
        parts = [f"“{self.words}”" if self.words else "", f"by {self.by}" if self.by else ""]
        parts.append(f"about {self.about}" if self.about else "")
        return " ".join(p for p in parts if p)


_KEYWORDS = ("by", "about")


def claim_filter(args: str) -> ClaimFilter:
    """`[WORDS] [by NAME] [about NAME]` in any order ("by Matsegora about compensation")."""
    parts: dict[str, list[str]] = {"words": [], "by": [], "about": []}
    current = "words"
    for token in args.split():
        if token.casefold() in _KEYWORDS:
            current = token.casefold()
            if parts[current]:
                raise UserError(
                    f"“{current}” appears twice: give one name after it, e.g. /claims by Matsegora"
                )
            parts[current] = []
            continue
        parts[current].append(token)
    for keyword in _KEYWORDS:
        if keyword in args.casefold().split() and not parts[keyword]:
            raise UserError(f"Say who after “{keyword}”, e.g. /claims {keyword} Matsegora")
    joined = {k: " ".join(v) or None for k, v in parts.items()}
    return ClaimFilter(words=joined["words"], by=joined["by"], about=joined["about"])
