"""Word lists the entities component reasons with (all lower-case, full stops dropped)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Courtesy titles: stripped from a name and not kept as a role.
HONORIFICS = _words("mr mrs ms miss mx dr sir dame lord lady messrs madam mme mlle herr frau")

# Titles that say what the person does: stripped from the name, kept as a role.
TITLES = _words(
    """professor prof ambassador councillor cllr alderman president senator sen rep representative
    congressman congresswoman governor gov judge justice minister chancellor secretary general gen
    colonel col major maj captain capt lieutenant lt sergeant sgt corporal cpl admiral commander
    detective det inspector constable officer superintendent mayor king queen prince princess pope
    cardinal bishop archbishop rabbi imam sheikh reverend rev pastor father chief commissioner chairman
    chairwoman chair coach skipper deputy premier director editor"""
)

# Words that open a multi-word title: "Prime Minister", "Finance Minister", "Opposition leader".
TITLE_QUALIFIERS = _words(
    """prime finance foreign deputy vice acting former opposition shadow health defence defense interior
    home education culture energy trade justice economy transport environment junior senior executive
    managing assistant associate lead chief attorney state first interim labour treasury"""
)

# Nouns that name what a person is or does ("chief economist", "skipper", "a mother of two").
ROLE_NOUNS = _words(
    """minister ambassador envoy president chairman chairwoman chair chairperson director executive officer
    chief head leader manager secretary spokesperson spokesman spokeswoman negotiator economist analyst
    lawyer attorney solicitor barrister judge professor lecturer researcher scientist epidemiologist
    doctor physician nurse surgeon teacher headteacher mother father parent grandmother grandfather
    resident founder co-founder cofounder owner partner member councillor mayor governor senator official
    adviser advisor consultant editor reporter correspondent journalist skipper captain coach player
    trader investor banker strategist author commissioner inspector engineer architect worker employee
    campaigner activist organiser organizer representative delegate deputy treasurer auditor accountant
    diplomat general colonel commander admiral sergeant detective constable fisherman fishermen farmer
    landlord tenant student pupil patient victim witness survivor candidate premier chancellor chef
    pilot driver officer superintendent prosecutor defender counsel staffer aide administrator
    superintendent principal dean governor inventor entrepreneur businessman businesswoman executive
    veteran expert historian politician academic fellow novelist writer producer actor singer
    manager boss ceo cfo coo cto md vice-president vp chairman-elect president-elect bishop priest
    vicar imam rabbi pastor midwife paramedic firefighter soldier officer mp mep msp senator mother-of-two
    father-of-two referee umpire striker midfielder defender goalkeeper driver rider cyclist athlete"""
)
ROLE_SUFFIXES = ("ist", "ian", "person", "man", "woman", "ologist")

# Nouns that describe an organisation ("the consultancy X", "X, a Manchester-based developer").
ORG_NOUNS = _words(
    """company firm group developer club side team consultancy body charity union agency bank regulator
    daily weekly newspaper paper tabloid broadcaster magazine outlet website publisher insurer lender
    retailer supermarket chain manufacturer maker producer operator carrier airline startup start-up
    association organisation organization council institute ministry department party alliance coalition
    fund trust campaign network watchdog think-tank lobby federation foundation university college
    school hospital court committee commission board government administration conglomerate giant
    outfit league broker brokerage miner utility supplier distributor exporter importer consortium
    subsidiary platform provider practice partnership cooperative co-operative syndicate exchange ngo
    developer builder housebuilder shipowner shipping-line liner automaker carmaker drugmaker chipmaker
    bank lender asset-manager manager-firm newswire agency service forum society institution authority"""
)

# Last words that make a name an organisation ("Havbris Offshore", "Fair Work Data Project").
ORG_DESIGNATORS = _words(
    """inc ltd limited llc llp plc corp corporation co company group holdings partners capital securities
    analytics research technologies technology systems solutions services industries enterprises ventures
    associates alliance association council commission committee agency authority bank institute
    institution university college foundation trust project forum coalition union party ministry
    department office bureau board service network media energy offshore motors airlines airways
    pharmaceuticals pharma labs laboratories consulting consultancy advisors advisers management
    investments fund federation league society club hospital police court government parliament assembly
    congress senate army navy newswire news times post journal gazette herald telegraph tribune press
    observer wire insurance logistics shipping mining petroleum oil gas power utilities communications
    telecom entertainment studios records publishing brewery bancorp financial finance conference
    administration organisation organization academy"""
)

# Designators that, alone and capitalised, refer back to a named organisation ("the Court").
BACK_REFERENCES = _words(
    """court state administration foundation company group agency authority commission council committee
    department ministry government bank trust union board university club party association institute
    service office corporation federation league society"""
)

# Leading words of an organisation name that a short form may leave out ("FC Vierhout").
ORG_PREFIXES = _words("fc afc ac sc cf the")

# Nouns naming a facility: a name modifying them is the facility ("the Skerryvane wind farm").
FACILITY_NOUNS = _words(
    """farm plant mine field station terminal airport port bridge road stadium arena park reactor dam
    pipeline refinery factory site centre center building tower hall baths mill works depot yard
    shipyard warehouse tunnel railway canal harbour quay wharf pier ground venue campus"""
)

# Kinds of place: "ports such as Nigg" makes Nigg a place.
PLACE_NOUNS = _words(
    """port city town village country nation region state province county area place capital hub island
    harbour destination suburb district neighbourhood neighborhood municipality territory market"""
)

# What an organisation has and a person hardly does: "Havbris's chief executive".
ORG_POSSESSIONS = _words(
    """executive partner shareholders shares share stock subsidiary headquarters board staff employees
    workforce creditors chairman chairwoman ceo cfo founder customers revenue profits profit sales
    accounts members"""
)

# Verbs of a relative clause that describe a role: "X, who led the Faroese delegation".
ROLE_VERBS = _words(
    """lead head chair run represent manage direct found own coach captain edit oversee command govern
    advise serve convene co-found"""
)

# Prepositions after which a place name is a location, not the government it may stand for.
LOCATIVE_PREPS = _words(
    "in at from near outside inside across around throughout within into via through off along beyond"
)

# Upper-case abbreviations that are not participants, and currency codes.
NOT_NAMES = _words(
    """ai gp gps mmr ceo cfo coo cto gdp gnp cpi ppi ipo vat phd mba mp mps mep meps msp tv dna rna hiv
    aids covid covid-19 ev evs lng led icu a&e ivf pr hr it suv atm pin sms usb faq pdf esg etf roi co2
    nox pm am bc ad cctv diy ngo ngos qc kc gcse gcses iq vip hgv ok q1 q2 q3 q4 fy yoy ftse dow nasdaq
    usd eur gbp nok sek dkk isk jpy cny rmb aud cad chf nzd inr rub zar brl mxn krw hkd sgd try pln czk
    huf ils aed sar eu-wide stem thc cbd lgbt lgbtq lgbtq+ nft nfts vr"""
)

# Lower-case words that may sit inside a personal name ("Ludwig van Beethoven").
NAME_PARTICLES = _words("de van von der den del della da di du la le bin bint al el ter ten dos das y")

# Sentence-final characters: a paragraph without one is a heading or a fragment.
FINAL_PUNCT = frozenset({".", "!", "?", '"', "”", "’", "'", ":", ")", "…", "»"})

# Small words a title-case heading leaves in lower case.
HEADING_SMALL_WORDS = _words(
    "a an the of for and or nor but to in on at by with as vs via from into over per up out off is are"
)

DETERMINERS = _words("the a an")
POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})


def is_role_noun(word: str) -> bool:
    """A lower-case common noun naming a role; the suffix test ("-ist", "-ian") is for common nouns only."""
    return word in ROLE_NOUNS or (word.islower() and len(word) > 5 and word.endswith(ROLE_SUFFIXES))
