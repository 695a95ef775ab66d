"""Last corrections to the entity list: the outlet naming itself, shortened organisation names,
organisations the model took for people (entity_tidy)."""

from __future__ import annotations

import spacy

from bot.nlp.entity_tidy import tidy
from bot.nlp.types import Entity

TEXT = "Figures seen by the Gazette show waits. The patient group Waiting Matters Humber said so."


def test_the_outlet_naming_itself_is_no_participant() -> None:
    entities = [Entity("Gazette", "PERSON", mentions=2), Entity("Anil Chaudhry", "PERSON", mentions=2)]
    assert [e.name for e in tidy(entities, "The Humber Gazette")] == ["Anil Chaudhry"]
    assert [e.name for e in tidy(entities, None)] == ["Gazette", "Anil Chaudhry"]
    humber = [Entity("Humber", "LOC", mentions=1)]  # a place sharing a word with the outlet stays
    assert tidy(humber, "The Humber Gazette") == humber


def test_a_person_whose_name_begins_an_organisation_is_that_organisation() -> None:
    org = Entity("Marcher Water Services", "ORG", aliases=["Marcher"], mentions=2)
    short = Entity("Marcher Water", "PERSON", mentions=3)
    boss = Entity("Jeremy Aske", "PERSON", role="Marcher Water's chief executive", mentions=1)
    kept = tidy([short, org, boss], "Westmoor Press")
    assert [e.name for e in kept] == ["Marcher Water Services", "Jeremy Aske"]
    assert kept[0].aliases == ["Marcher", "Marcher Water"] and kept[0].mentions == 5


def test_a_name_after_a_word_for_a_body_of_people_is_an_organisation() -> None:
    doc = spacy.blank("en")(TEXT)
    group = Entity("Waiting Matters Humber", "PERSON", mentions=1, spans=[doc[11:14]])
    assert doc[11:14].text == "Waiting Matters Humber"
    person = Entity("Gail Stennett", "PERSON", mentions=1, spans=[doc[0:2]])
    tidied = {e.name: e.type for e in tidy([group, person], None)}
    assert tidied == {"Waiting Matters Humber": "ORG", "Gail Stennett": "PERSON"}
