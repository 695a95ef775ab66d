"""The claims component on small hand-written texts (fictional people)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from bot.nlp.types import Claim

Parse = Callable[..., Doc]


def claims_of(parse_text: Parse, text: str) -> list[Claim]:
    claims: list[Claim] = parse_text(text)._.bb_claims
    return claims


def test_said_with_that_clause(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Harbour master Elin Varga said that the bridge would reopen in May.")
    assert claim.speaker == "Elin Varga"
    assert claim.cue == "said"
    assert "bridge would reopen" in claim.content
    assert claim.direct_quote is False


def test_quote_with_speaker_after_it(parse_text: Parse) -> None:
    text = '"We will not accept these terms," said Tomas Lindqvist, the union\'s general secretary.'
    [claim] = claims_of(parse_text, text)
    assert claim.speaker == "Tomas Lindqvist"
    assert claim.direct_quote is True
    assert "accept these terms" in claim.content


def test_according_to(parse_text: Parse) -> None:
    text = "The plant will close next year, according to Carla Mendes, the company's finance director."
    [claim] = claims_of(parse_text, text)
    assert claim.speaker == "Carla Mendes"
    assert claim.cue == "according to"
    assert "plant will close" in claim.content


def test_pronoun_speaker_resolves_to_the_person(parse_text: Parse) -> None:
    text = (
        "Elin Varga, the harbour master, inspected the bridge on Monday. "
        "She said the cables were badly corroded."
    )
    claims = [c for c in claims_of(parse_text, text) if c.cue == "said"]  # 'inspected' is her deed
    assert [c.speaker for c in claims] == ["Elin Varga"]
    assert "cables were badly corroded" in claims[0].content


def test_inanimate_subject_is_not_a_speaker(parse_text: Parse) -> None:
    text = "The closure highlights how fragile the region's transport links have become."
    assert claims_of(parse_text, text) == []


def test_hedged_and_unnamed_speaker(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Analysts believe the merger could cut hundreds of jobs.")
    assert claim.speaker is not None and claim.speaker.lower() == "analysts"
    assert claim.hedged is True


def test_plain_statement_is_not_hedged(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Marta Quinn said the factory had met every safety target.")
    assert claim.hedged is False


def test_negated_cue_is_not_a_claim(parse_text: Parse) -> None:
    assert claims_of(parse_text, "The ministry has not said when the report will be published.") == []


def test_quote_split_over_two_sentences_keeps_the_speaker(parse_text: Parse) -> None:
    text = '"The river is dying," said Owen Price. "Nobody in Cardiff seems to care."'
    claims = claims_of(parse_text, text)
    assert [c.speaker for c in claims] == ["Owen Price", "Owen Price"]
    assert "river is dying" in claims[0].content
    assert "Nobody in Cardiff" in claims[1].content
    assert all(c.direct_quote for c in claims)


def test_quote_around_the_cue_in_one_sentence_is_one_claim(parse_text: Parse) -> None:
    text = '"The river is dying," said Owen Price, "and nobody in Cardiff seems to care."'
    [claim] = claims_of(parse_text, text)
    assert "river is dying" in claim.content
    assert "nobody in Cardiff" in claim.content


def test_document_source(parse_text: Parse) -> None:
    text = "Data from the Harbour Statistics Office shows that freight volumes fell by 12 percent."
    [claim] = claims_of(parse_text, text)
    assert claim.speaker is not None and "Harbour Statistics Office" in claim.speaker
    assert "freight volumes fell" in claim.content


def test_sources_count_claims_per_speaker(parse_text: Parse) -> None:
    text = (
        "Marta Quinn said the factory had met every safety target. "
        "Quinn added that inspections would continue. "
        "Two officials familiar with the inspections said the report was delayed."
    )
    cited = {c.name: c for c in parse_text(text)._.bb_cited}
    assert cited["Marta Quinn"].claims == 2
    assert cited["Marta Quinn"].kind == "named_person"
    unnamed = [c for c in cited.values() if c.kind == "unnamed"]
    assert unnamed and "officials" in unnamed[0].name


def test_modal_inside_a_relative_clause_does_not_hedge(parse_text: Parse) -> None:
    text = "Nadia Keane said the company dropped a project which could have powered 40,000 homes."
    [claim] = claims_of(parse_text, text)
    assert claim.hedged is False


def test_allegation_is_hedged(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Residents allege that the council ignored three safety warnings.")
    assert claim.hedged is True


def test_a_leading_pronoun_that_is_kept(parse_text: Parse) -> None:
    text = '"We have three years," said Nadia Keane. "That is ambitious, but it is not impossible."'
    claims = claims_of(parse_text, text)
    assert claims[-1].content.startswith("That is ambitious")


def test_a_quote_continues_after_an_earlier_continued_quote(parse_text: Parse) -> None:
    text = (
        '"The river is dying," said Owen Price. "Nobody cares."\n\n'
        "Price spoke to the council.\n\n"
        '"We got a choice," he said. "Either we clean it or we lose it for good."'
    )
    claims = claims_of(parse_text, text)
    assert any("Either we clean it" in c.content and c.speaker == "Owen Price" for c in claims)


def test_speaker_between_the_quote_and_the_cue(parse_text: Parse) -> None:
    text = "“We will fix this bridge by May,” harbour Chief Elin Varga said Monday."
    [claim] = claims_of(parse_text, text)
    assert claim.speaker == "Elin Varga"
    assert "fix this bridge" in claim.content


def test_colon_closing_a_line_introduces_the_paragraph_below(parse_text: Parse) -> None:
    text = "Marta Quinn visited the plant on Monday. She said:\n\n“The factory met every safety target.”"
    claims = [c for c in claims_of(parse_text, text) if c.cue == "said"]  # 'visited' is her deed
    assert [c.speaker for c in claims] == ["Marta Quinn"]
    assert "met every safety target" in claims[0].content


def test_quotation_signed_with_a_dash(parse_text: Parse) -> None:
    text = (
        "Readers wrote to us.\n\n"
        "“The bridge has been closed for far too long.” ― Ana Ruiz\n"
        "“Nobody in this town was ever asked about it.”― Tomas Lindqvist\n"
    )
    claims = claims_of(parse_text, text)
    assert [c.speaker for c in claims] == ["Ana Ruiz", "Tomas Lindqvist"]
    assert [c.cue for c in claims] == ["―", "―"]
    assert "closed for far too long" in claims[0].content


def test_transcript_turns(parse_text: Parse) -> None:
    text = (
        "A partial transcript follows.\n\n"
        "HOST: Will the plant close next year?\n\n"
        "QUINN: No. The plant will stay open, and we will hire forty people."
    )
    claims = claims_of(parse_text, text)
    assert [c.speaker for c in claims] == ["HOST", "QUINN"]
    assert claims[1].content.startswith("No. The plant will stay open")


def test_headline_claims(parse_text: Parse) -> None:
    body = "Elin Varga, the harbour master, inspected the bridge. Varga said the cables were corroded."
    said = claims_of_titled(parse_text, body, "Bridge Must Close for a Year, Harbour Master Varga Says")
    assert said.speaker == "Elin Varga" and said.content == "Bridge Must Close for a Year"
    said = claims_of_titled(parse_text, body, "Varga says the bridge must close for a year")
    assert said.speaker == "Elin Varga" and said.cue == "says"
    said = claims_of_titled(parse_text, body, "Varga: 'The Cables Are Corroded'")
    assert said.cue == ":" and said.direct_quote
    said = claims_of_titled(parse_text, body, "Harbour Master Varga Slams Council Over Bridge Delays")
    assert said.speaker == "Elin Varga" and said.cue == "Slams"
    said = claims_of_titled(parse_text, body, "Varga on the Bridge: The Cables Are Corroded")
    assert said.speaker == "Elin Varga" and said.content == "The Cables Are Corroded"


def test_a_headline_with_a_colon_and_no_speaker_is_no_claim(parse_text: Parse) -> None:
    body = "Elin Varga, the harbour master, inspected the bridge on Monday."
    title = "Harbour Bridge Closes for Repairs: What Drivers Need to Know"
    doc = parse_text(body, title=title)
    assert [c for c in doc._.bb_claims if c.sentence == title] == []


def claims_of_titled(parse_text: Parse, text: str, title: str) -> Claim:
    claims: list[Claim] = parse_text(text, title=title)._.bb_claims
    assert claims[0].sentence == title
    return claims[0]


def test_a_quote_over_two_sentences_then_the_cue_and_its_speaker(parse_text: Parse) -> None:
    text = "“The harbour is in crisis. Total crisis,” said Elin Varga, the harbour master."
    [claim] = claims_of(parse_text, text)
    assert claim.speaker == "Elin Varga"
    assert "harbour is in crisis" in claim.content and "Total crisis" in claim.content


def test_a_reason_clause_belongs_to_what_was_said(parse_text: Parse) -> None:
    text = "Marta Quinn said the plant would close, because orders had fallen for three years."
    [claim] = claims_of(parse_text, text)
    assert "orders had fallen" in claim.content


def test_the_nested_belief_of_the_speaker_is_a_claim_too(parse_text: Parse) -> None:
    text = "Marta Quinn said she expects the plant to reopen in the spring after the repairs."
    claims = claims_of(parse_text, text)
    assert [c.cue for c in claims] == ["said", "expects"]
    assert all(c.speaker == "Marta Quinn" for c in claims)


def test_according_to_any_noun_phrase_names_the_source(parse_text: Parse) -> None:
    text = "Half of the advice is wrong, according to the leading Nordic medical journal."
    [claim] = claims_of(parse_text, text)
    assert claim.speaker is not None and "medical journal" in claim.speaker


def test_a_participle_after_a_preposition_inherits_the_speaker(parse_text: Parse) -> None:
    text = "Marta Quinn won over the workers by telling them that the plant would stay open for a decade."
    claims = claims_of(parse_text, text)
    assert any(c.speaker == "Marta Quinn" and "plant would stay open" in c.content for c in claims)


def test_a_noun_cue_with_its_source(parse_text: Parse) -> None:
    text = "Councillors rejected Marta Quinn's claim that the bridge had been inspected twice."
    claims = claims_of(parse_text, text)
    assert any(c.speaker == "Marta Quinn" and "bridge had been inspected" in c.content for c in claims)


def test_a_place_deciding_is_no_noun_claim(parse_text: Parse) -> None:
    text = "Norway's decision to close its waters surprised the fleet."
    assert claims_of(parse_text, text) == []


def test_an_object_cue_keeps_its_object_before_a_quote_fragment(parse_text: Parse) -> None:
    text = 'Marta Quinn condemned the closure as "reckless and shortsighted" on Monday.'
    [claim] = claims_of(parse_text, text)
    assert claim.content.startswith("the closure as")


def test_the_name_after_the_quote_is_the_speaker(parse_text: Parse) -> None:
    text = "“The bridge is not safe,” Elin Varga, the harbour master, said Thursday on Harbour Radio."
    [claim] = claims_of(parse_text, text)
    assert claim.speaker == "Elin Varga"


def test_quotes_typed_as_two_apostrophes(parse_text: Parse) -> None:
    text = "Owen Price spoke. ''The river is dying,'' he said. ''Nobody in Cardiff cares about it.''"
    claims = claims_of(parse_text, text)
    assert [c.speaker for c in claims] == ["Owen Price", "Owen Price"]
    assert claims[0].content == "The river is dying"
    assert "Nobody in Cardiff" in claims[1].content


def test_a_cue_set_off_by_commas_inside_the_statement(parse_text: Parse) -> None:
    text = "Marta Quinn toured the site. The new bridge, she said, would open to traffic in the spring."
    [claim] = claims_of(parse_text, text)
    assert claim.speaker == "Marta Quinn"
    assert "The new bridge" in claim.content and "would open to traffic" in claim.content


def test_calling_something_a_name_is_a_claim(parse_text: Parse) -> None:
    text = "Marta Quinn called the council's decision “reckless” on Tuesday. Owen Price called the police."
    [claim] = claims_of(parse_text, text)
    assert claim.speaker == "Marta Quinn" and claim.cue == "called"
    assert "decision" in claim.content and "reckless" in claim.content


def test_a_person_named_inside_the_quote_is_not_the_pronoun_speaker(parse_text: Parse) -> None:
    text = (
        "Owen Price opened the plant in May. "
        '"My deputy, Tomas Lindqvist, will run the site from Monday," he said, "and he has my trust."'
    )
    claims = claims_of(parse_text, text)
    assert claims and all(c.speaker == "Owen Price" for c in claims)


def test_a_quoted_title_is_not_what_was_said(parse_text: Parse) -> None:
    text = 'Marta Quinn stressed her record at the "Harbour Business Forum" on Monday.'
    claims = claims_of(parse_text, text)
    assert all(c.content != "Harbour Business Forum" for c in claims)


def test_a_people_speaks_as_itself_not_as_its_country(parse_text: Parse) -> None:
    text = "Norway signed the deal. Norwegians often say that the sea belongs to everyone who fishes it."
    claims = claims_of(parse_text, text)
    assert [c.speaker for c in claims] == ["Norwegians"]


def test_called_on_keeps_whom_it_calls_on(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Marta Quinn called on fellow councillors to reject the sale.")
    assert claim.cue == "called on" and claim.content == "fellow councillors to reject the sale"


def test_a_request_to_do_something_is_what_was_said(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Marta Quinn told her staff to prepare the plant for inspection.")
    assert claim.speaker == "Marta Quinn" and "prepare the plant" in claim.content


def test_asking_not_to_be_named_is_no_claim(parse_text: Parse) -> None:
    text = "A council officer, who asked not to be named because the talks are private, joined the visit."
    assert claims_of(parse_text, text) == []


def test_according_to_an_organisation_with_an_apposition(parse_text: Parse) -> None:
    text = (
        "Dock workers walked out on Monday. According to the Harbour Freight Council, an industry body, "
        "about 3,000 containers a day are being held up."
    )
    claims = claims_of(parse_text, text)
    assert any(c.cue == "According to" and "3,000 containers" in c.content for c in claims)


def test_said_and_denied_are_two_claims(parse_text: Parse) -> None:
    text = (
        "Mark Ellison spoke. He said no permanent jobs would be lost to automation, "
        "and denied union claims that safety had been compromised during the trials."
    )
    claims = claims_of(parse_text, text)
    assert [(c.speaker, c.cue) for c in claims] == [("Mark Ellison", "said"), ("Mark Ellison", "denied")]
    assert "denied" not in claims[0].content


def test_that_read_as_a_relative_pronoun_still_opens_the_content(parse_text: Parse) -> None:
    text = (
        "Marc Tremblay, a senior economist at Fleuve Capital in Montreal, told reporters on a conference "
        "call that households renewing mortgages this year face payment increases of 20% or more."
    )
    [claim] = claims_of(parse_text, text)
    assert claim.content.startswith("households renewing mortgages")


def test_of_two_clauses_the_one_after_the_cue_is_what_was_said(parse_text: Parse) -> None:
    text = (
        "Harbour Hospital has come under scrutiny after Joanne Reid, a mother of two, said her son "
        "was left in a crowded waiting room for four hours."
    )
    claims = claims_of(parse_text, text)
    assert any(c.speaker == "Joanne Reid" and "waiting room" in c.content for c in claims)


def test_a_cue_verb_tagged_as_a_noun(parse_text: Parse) -> None:
    text = (
        "Nordic Seafood Intelligence tracks the trade. Export data compiled by the consultancy show that "
        "Norwegian frozen mackerel already fetched a record average of NOK 38 per kilo in October."
    )
    claims = claims_of(parse_text, text)
    assert any("record average" in c.content for c in claims)


def test_the_report_is_credited_to_whoever_published_it(parse_text: Parse) -> None:
    text = (
        "Pressure on the regulator grew after a report published last month by the Harbour Data Project. "
        "The report found that the cranes failed three safety checks in a row."
    )
    claims = claims_of(parse_text, text)
    assert [c.speaker for c in claims] == ["Harbour Data Project"]
    assert claims[0].content.startswith("the cranes failed")


def test_a_decision_or_intention_is_attributed_to_whoever_takes_it(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Senator Marta Quill refused to release the committee's draft report.")
    assert (claim.speaker, claim.cue) == ("Marta Quill", "refused")
    assert claim.content == "to release the committee's draft report"
    [claim] = claims_of(parse_text, "The Harbour Authority decided to close the northern quay.")
    assert claim.speaker == "Harbour Authority" and "close the northern quay" in claim.content


def test_a_persons_deed_is_attributed_but_an_organisations_is_not(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Senator Marta Quill voted against the harbour bill on Tuesday.")
    assert (claim.speaker, claim.cue) == ("Marta Quill", "voted")
    assert "harbour bill" in claim.content
    assert claims_of(parse_text, "The Harbour Authority cut its fees by a tenth.") == []


def test_an_adjective_of_attitude_is_attributed_to_people(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Several fishermen were wary of the new quota rules.")
    assert (claim.speaker, claim.cue, claim.content) == ("Several fishermen", "wary", "the new quota rules")


def test_a_cue_verb_without_a_clause_still_carries_a_stance(parse_text: Parse) -> None:
    [claim] = claims_of(parse_text, "Critics of the levy see the plan as a giveaway to shipowners.")
    assert claim.speaker == "Critics of the levy"
    assert claim.content == "the plan as a giveaway to shipowners"


def test_refusing_to_speak_or_not_saying_is_no_attitude(parse_text: Parse) -> None:
    assert claims_of(parse_text, "The harbour authority declined to comment on the plan.") == []
    assert claims_of(parse_text, "The council has not said what the new fees will be.") == []
    assert claims_of(parse_text, "Tomas Lindqvist began to repaint the lighthouse last week.") == []


def test_an_attitude_in_a_second_clause_is_a_claim_of_its_own(parse_text: Parse) -> None:
    text = "Harbour master Elin Varga said the quay would reopen in May, and she wants a new crane."
    claims = claims_of(parse_text, text)
    assert [(c.speaker, c.cue) for c in claims] == [("Elin Varga", "said"), ("Elin Varga", "wants")]
    assert "crane" not in claims[0].content


def test_footage_is_evidence_like_a_report(parse_text: Parse) -> None:
    text = "Police footage released on Friday shows that the driver had his hands raised."
    [claim] = claims_of(parse_text, text)
    assert (claim.speaker, claim.speaker_kind, claim.cue) == ("Police footage", "document", "shows")
    assert claim.content == "the driver had his hands raised"
