"""Merging mentions into participants: one group per real-world entity.

Mentions with the same name (case, accents, "the" and possessives aside) or the
same country form one group; then an acronym joins the name it abbreviates, a
surname or first name joins the one full name it belongs to (the nearest when
two share it), an organisation's short form ("Havbris", "Vierhout") joins its
full name, a capital standing for its government ("Pyongyang said") joins the
country, and an unlisted demonym ("Victorian") joins the place it derives from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.nlp.entity_evidence import Mention
from bot.nlp.entity_places import fold, place_named
from bot.nlp.entity_words import BACK_REFERENCES, ORG_DESIGNATORS, ORG_PREFIXES

_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
_NAME_TYPES = frozenset({"PERSON", "ORG"})
_INITIALS_SKIP = frozenset({"of", "for", "and", "the", "on", "in", "&"})


@dataclass
class Group:
    mentions: list[Mention]
    _type: str | None = None  # cached type(); `changed()` forgets it

    def changed(self) -> None:
        self._type = None

    @property
    def first(self) -> int:
        return self.mentions[0].start

    @property
    def full(self) -> Mention:
        """The fullest plain form: most words, then not all capitals, then first."""
        pool = [m for m in self.mentions if not m.demonym] or self.mentions
        return max(pool, key=lambda m: (len(m.text.split()), not m.text.isupper(), -m.start))

    def type(self) -> str:
        if self._type is None:
            self._type = self._vote()
        return self._type

    def _vote(self) -> str:
        place = next((m.place for m in self.mentions if m.place), None)
        if place is not None:
            return place.type
        full_key = key_of(self.full)
        scores: dict[str, float] = defaultdict(float)
        for m in self.mentions:
            full = key_of(m) == full_key and not m.short
            for kind, vote in m.votes.items():
                scores[kind] += vote if full else vote / 2  # a short form says less
            scores[m.label] += 1.0 if full else 0.25
        label = self.full.label
        return max(scores, key=lambda k: (scores[k], k == label))


def key_of(m: Mention) -> str:
    if m.place is not None:
        return "place:" + m.place.name
    key = fold(m.text).replace(" 's ", " ").replace("'s ", " ")
    if key.startswith("the "):
        key = key[4:]
    return key.removesuffix(" 's").removesuffix("'s")


def merge(mentions: list[Mention], acronym_pairs: list[tuple[int, int]]) -> list[Group]:
    by_key: dict[str, Group] = {}
    for m in mentions:
        k = key_of(m)
        if k in by_key:
            by_key[k].mentions.append(m)
        else:
            by_key[k] = Group([m])
    groups = list(by_key.values())
    owner = {id(m): g for g in groups for m in g.mentions}
    for full_i, short_i in acronym_pairs:
        _join(owner[id(mentions[short_i])], owner[id(mentions[full_i])], owner)
    groups = _alive(groups, owner)
    _join_initials(groups, owner)
    groups = _alive(groups, owner)
    _join_short_forms(groups, owner)
    groups = _alive(groups, owner)
    _join_capitals(groups, owner)
    _join_derived_demonyms(_alive(groups, owner), owner)
    groups = _alive(groups, owner)
    return [g for g in groups if not all(m.weak for m in g.mentions)]


def _alive(groups: list[Group], owner: dict[int, Group]) -> list[Group]:
    live = {id(g) for g in owner.values()}
    out = [g for g in groups if id(g) in live and g.mentions]
    for g in out:
        g.mentions.sort(key=lambda m: m.start)
    return sorted(out, key=lambda g: g.first)


def _join(source: Group, target: Group, owner: dict[int, Group]) -> None:
    if source is target:
        return
    for m in source.mentions:
        owner[id(m)] = target
    target.mentions.extend(source.mentions)
    source.mentions = []
    source.changed()
    target.changed()


def _initials(words: list[str]) -> str:
    out = []
    for w in words:
        if w.casefold() in _INITIALS_SKIP:
            continue
        out.append(w if w.isupper() else w[:1])
    return "".join(out).upper()


def _join_initials(groups: list[Group], owner: dict[int, Group]) -> None:
    """ "UKHSA" and "UK Health Security Agency", "EFL" and "English Football League"."""
    by_initials: dict[str, list[Group]] = defaultdict(list)
    for g in groups:
        words = g.full.text.split()
        if len(words) >= 2 and g.type() == "ORG":
            by_initials[_initials(words)].append(g)
    for g in groups:
        text = g.full.text
        if len(text.split()) == 1 and text.isupper() and len(by_initials.get(text, [])) == 1:
            _join(g, by_initials[text][0], owner)


def _join_short_forms(groups: list[Group], owner: dict[int, Group]) -> None:
    """Surnames, first names and organisation short forms join the full name they belong to."""
    index: dict[str, list[tuple[Group, int]]] = defaultdict(list)  # short key -> (group, words in name)
    last_words: set[tuple[int, str]] = set()  # (group, its last word): surname-like short forms
    first_names: dict[str, list[Group]] = defaultdict(list)
    back: dict[str, list[Group]] = defaultdict(list)  # "the Court", "the Foundation"
    types = {id(g): g.type() for g in groups}
    for g in groups:
        kind = types[id(g)]
        words = key_of(g.full).split()
        if kind not in _NAME_TYPES or len(words) < 2 or g.full.place is not None:
            continue
        forms: set[str] = set()
        if kind == "PERSON":
            forms.update(" ".join(words[k:]) for k in range(1, len(words)))
            first_names[words[0]].append(g)
        else:
            if not _generic(words[:1]):
                forms.add(words[0])
            if words[0] in ORG_PREFIXES:
                forms.add(" ".join(words[1:]))
            if words[-1] in BACK_REFERENCES:
                back[words[-1]].append(g)
            elif words[-1] not in ORG_DESIGNATORS:
                forms.add(words[-1])
                last_words.add((id(g), words[-1]))
        for form in forms:
            index[form].append((g, len(words)))
    for g in groups:
        if not g.mentions or any(m.place or m.capital_of for m in g.mentions):
            continue
        key = key_of(g.full)
        targets = [(t, n) for t, n in index.get(key, []) if t is not g and n > len(key.split())]
        if _majority_label(g) == "PERSON":  # a first name alone: only a person's
            targets += [(t, 2) for t in first_names.get(key, []) if t is not g]
        if len(back.get(key, [])) == 1:
            targets.append((back[key][0], 2))
        elif key in BACK_REFERENCES:
            for m in g.mentions:
                m.weak = True  # "the Court" of several courts: no participant of its own
        targets = [
            (t, n)
            for t, n in targets
            if t.mentions and _may_shorten(g, types[id(t)], (id(t), key) in last_words)
        ]
        for m in list(g.mentions):
            best = min(
                targets,
                key=lambda tn: (tn[1] if types[id(tn[0])] == "ORG" else 0, _distance(m, tn[0])),
                default=None,
            )
            if best is not None:
                m.short = True
                g.mentions.remove(m)
                best[0].mentions.append(m)
                owner[id(m)] = best[0]
                g.changed()
                best[0].changed()


def _generic(words: list[str]) -> bool:
    return (
        all(w in ORG_DESIGNATORS or w in ORG_PREFIXES for w in words)
        or place_named(" ".join(words)) is not None
    )


def _majority_label(g: Group) -> str:
    counts: dict[str, int] = defaultdict(int)
    for m in g.mentions:
        counts[m.best_type()] += 1
    return max(counts, key=lambda k: counts[k])


def _may_shorten(short: Group, kind: str, last_word: bool = False) -> bool:
    """Whether a short name may join `target`: a place never joins an organisation ("Leeds",
    "Leeds City Council"), an acronym is not an organisation's first word ("UN", "UN General
    Assembly"), and what the text says about the short name must not contradict the target's type
    `kind` ("President Biden" is no short form of "Biden Administration")."""
    if kind != "PERSON" and (_majority_label(short) in _PLACE_LABELS or short.full.text.isupper()):
        return False
    evidence: dict[str, float] = defaultdict(float)
    for m in short.mentions:
        for k, weight in m.votes.items():
            evidence[k] += weight
    if last_word:  # "Haley" of "Nikki Haley" (whatever the model labelled it) is a surname
        return True
    other = "ORG" if kind == "PERSON" else "PERSON"
    return evidence[other] <= evidence[kind]


def _distance(m: Mention, target: Group) -> int:
    """How far the nearest full mention is: one before the short form wins over one after."""
    before = [m.start - t.start for t in target.mentions if t.start < m.start and len(t.text.split()) > 1]
    if before:
        return min(before)
    after = [t.start - m.start for t in target.mentions if t.start > m.start]
    return 10**6 + (min(after) if after else 10**6)


def _join_capitals(groups: list[Group], owner: dict[int, Group]) -> None:
    """A capital that stands for its government ("talks between Oslo and Reykjavik") is the country."""
    places = {m.place.name: g for g in groups for m in g.mentions if m.place is not None}
    for g in groups:
        capital = g.mentions[0].capital_of if g.mentions else None
        if capital is None or capital.name not in places or any(m.capital_of != capital for m in g.mentions):
            continue
        figurative = sum(1 for m in g.mentions if not m.locative)
        if 2 * figurative >= len(g.mentions):
            _join(g, places[capital.name], owner)


def _join_derived_demonyms(groups: list[Group], owner: dict[int, Group]) -> None:
    """ "Victorian" and Victoria, when the text names the place: the demonym starts with its stem."""
    places = [g for g in groups if g.type() in {"GPE", "LOC"} and len(g.full.text.split()) == 1]
    for g in groups:
        if not g.mentions or g.type() != "NORP" or len(g.full.text.split()) != 1:
            continue
        word = fold(g.full.text)
        for place in places:
            name = fold(place.full.text)
            stem = name.rstrip("aeiouy")
            if (
                place is not g
                and len(stem) >= 4
                and word != name
                and word.startswith(stem)
                and len(word) - len(stem) <= 4
            ):
                kind = place.type()
                for m in g.mentions:
                    m.demonym, m.label, m.votes = True, kind, {}
                _join(g, place, owner)
                break
