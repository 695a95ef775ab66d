"""Word lists the attribution rules use: cues, hedges, and what kind of noun can speak.

Lemmas, lower-case. Kept apart from the rules so the vocabulary can grow without touching logic.
"""

from __future__ import annotations

# Verbs that report speech or writing.
SPEECH_VERBS = frozenset(
    """say tell state note add emphasize emphasise stress warn deny claim argue insist explain announce
    confirm acknowledge report write tweet post reply respond ask mention reveal disclose declare assert
    maintain contend concede admit allege accuse caution comment remark observe testify recall describe
    predict estimate reiterate repeat point indicate signal suggest hint complain criticize criticise
    praise promise pledge vow threaten urge demand propose recommend blame dismiss reject counter
    dispute question wonder tout boast brag joke quip lament concur agree disagree acknowledge
    affirm advise announce forecast flag highlight underscore continue conclude charge blast slam
    call""".split()
)
# Speech verbs whose subject is a speaker whatever noun it is ("an architect who said ...").
# The others ("highlight", "suggest", "show", "point") also take things as subjects
# ("The initiative highlights ..."), so their subject must be a known kind of speaker.
SAYING_VERBS = frozenset(
    """say tell state add explain announce deny claim argue insist write tweet reply respond ask
    confirm acknowledge admit allege contend concede recall complain urge praise criticize criticise
    promise pledge vow declare assert testify quip joke boast brag lament remark comment warn""".split()
)
# Belief, expectation and intention: attributed, and hedged by nature when marked so below.
BELIEF_VERBS = frozenset(
    """believe think expect fear hope suspect doubt reckon feel assume anticipate worry
    want plan intend seek see consider""".split()
)
# Cues that are hedged in themselves ("analysts believe ...").
HEDGING_CUES = frozenset(
    "believe think expect suspect reckon assume anticipate estimate suggest doubt allege".split()
)
# Verbs whose subject can be a document or data ("data from X shows", "a report by X found").
EVIDENCE_VERBS = frozenset(
    """show find suggest indicate reveal conclude estimate say put report confirm state note warn
    predict recommend describe claim argue""".split()
)

# Stances and intentions ("refused to release his returns", "attacked the plan"): attributed
# only to a named or resolved speaker, never to an unnamed noun.
STANCE_VERBS = frozenset(
    """refuse decide support oppose attack defend cite compare liken welcome push know understand
    recognize recognise view regard insist vow threaten promise pledge accuse blame praise criticize
    criticise condemn reject dismiss question demand""".split()
)

# Attitudes toward a thing or person, named by the verb's object ("backed the bill", "resented the
# comparison", "weighed in on the video"): stance, evaluation, desire, perception, discussion.
ATTITUDE_VERBS = frozenset(
    """want wish hope seek plan intend aim decide refuse decline agree vow promise offer threaten support
    oppose back endorse favor favour reject condemn criticize criticise attack defend praise welcome
    accuse blame cite invoke question challenge demand push press urge encourage implore echo share admire
    respect resent fear worry doubt trust like love hate dislike prefer embrace champion advocate tout
    promote pitch dismiss deride mock ridicule downplay acknowledge recognize recognise view regard
    consider describe portray paint characterize characterise frame label brand liken compare discuss
    debate raise address mention highlight emphasize emphasise express voice signal learn discover know
    realize realise understand notice remember forget contend weigh protest applaud commend denounce
    decry lament mourn celebrate hail blast slam chide scold rebuke fault target pledge insist suspect
    expect anticipate predict estimate""".split()
)

ALL_VERB_CUES = SPEECH_VERBS | BELIEF_VERBS | EVIDENCE_VERBS | STANCE_VERBS

# Cues that need an object or complement to be attributive at all ("called for", "pointed to").
PARTICLE_CUES = {"call": ("for", "on"), "point": ("out", "to")}

# Words that make a statement hedged.
HEDGE_WORDS = frozenset(
    """could may might reportedly allegedly possibly probably likely perhaps apparently seemingly
    purportedly supposedly presumably potentially arguably maybe unconfirmed""".split()
)
HEDGE_VERBS = frozenset("appear seem suggest believe expect estimate suspect think".split())

# Heads of noun phrases that denote people or groups of people (unnamed sources).
PERSON_NOUNS = frozenset(
    """analyst analysts official officials source sources expert experts economist economists spokesperson
    spokesman spokeswoman minister ministers diplomat diplomats executive executives observer observers
    critic critics resident residents people person researcher researchers scientist scientists lawyer
    lawyers attorney attorneys investigator investigators doctor doctors officer officers worker workers
    leader leaders member members lawmaker lawmakers legislator legislators senator senators representative
    representatives aide aides adviser advisers advisor advisors campaigner campaigners activist activists
    supporter supporters opponent opponents voter voters trader traders investor investors banker bankers
    negotiator negotiators insider insiders employee employees staff staffer staffers manager managers
    director directors chief president chairman chairwoman chair ceo founder owner owners professor
    teacher student students parent parents police officer witness witnesses victim victims fisherman
    fishermen skipper farmer farmers union unions protester protesters demonstrator demonstrators
    prosecutor prosecutors judge judges commander general admiral ambassador envoy secretary governor mayor
    councillor councilor councillors councilors candidate candidates nominee pollster pollsters strategist
    strategists consultant consultants engineer engineers operator operators driver drivers patient patients
    nurse nurses surgeon surgeons economist historian journalist journalists reporter reporters editor
    author authors host hosts man woman men women someone anyone everybody everyone many some others
    conservatives liberals democrats republicans americans britons""".split()
)
# Heads that denote organisations (a speaker even when unnamed: "the company said").
ORG_NOUNS = frozenset(
    """company firm group council ministry department agency government authority commission committee
    bank union campaign party hospital trust board office administration service services regulator
    court police army military navy government organisation organization association federation
    institute university school charity foundation club team consultancy developer operator insurer
    lender retailer airline carrier network station newspaper paper outlet broadcaster website
    embassy kremlin parliament congress senate house cabinet coalition alliance bureau center centre
    corporation business businesses companies firms banks groups agencies unions industry
    spokesperson""".split()
)
# Heads that denote documents or data.
DOCUMENT_NOUNS = frozenset(
    """report reports data figures figure study studies survey surveys poll polls analysis statistics
    research review audit filing filings accounts account document documents letter statement memo
    records estimates assessment findings minutes transcript projections indictment lawsuit ruling
    documents video videos footage recording recordings chart charts slide slides""".split()
)

PRONOUNS_PERSON = frozenset("he she him her his".split())
PRONOUNS_PLURAL = frozenset("they them their".split())
PRONOUNS_THING = frozenset("it its".split())
PRONOUNS_SELF = frozenset("i we me us you".split())
RELATIVE_PRONOUNS = frozenset("who which that whom".split())

QUOTE_OPEN = frozenset([*'"“‘«', "''", "``"])  # '' and ``: quotes typed as two apostrophes
QUOTE_CLOSE = frozenset([*'"”’»', "''"])
QUOTE_CHARS = QUOTE_OPEN | QUOTE_CLOSE
STRAIGHT_QUOTES = frozenset(['"', "''"])  # the same mark opens and closes
