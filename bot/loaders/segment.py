"""Split a domain's name label into words: "digitalfrontiernews" -> ["digital", "frontier", "news"].

A small dynamic program over a compact built-in vocabulary (common English
words, the words newspapers name themselves with, places), plus any words the
caller knows from the article itself. Compass compounds are not in the
vocabulary, so "northwest" comes out as "north west".
"""

from __future__ import annotations

from collections.abc import Iterable

# fmt: off
_WORDS = """
a1 about above across act action active actually add affairs africa african after afternoon again
against age agency ago agree ahead aid air all alliance almost alone along already also alternative
always america american among amount analysis and angle animal another answer any anything apart appeal
application area argus arm army around arrow art article arts as ask asia asian at atlantic attack
authority auto available average away back bad ball bank bar base basic battle bay be beach beacon bear
beat beauty because become bed been before began begin behind being believe bell below best better
between beyond big bill bird black blade block blog blood blue board boat body book border born both
bottom box boy brain branch brand bread break bridge brief briefing bright bring britain british broad
broadcast broadcasting brother brown budget build building bulletin business but buy by cable call came
camp campus can canada canadian capital car card care career carry case cash cast castle cat catch cause
center central centre century certain chain chair chance change channel chapter charge check chief child
children choice chronicle church circle citizen city civic civil claim class clean clear climate clock
close club coast coastal code cold college color colour come comment commerce common community company
complete computer condition consumer continental control cook cool corner corporate cost could council
country county courier course court cover create crime critic cross crown culture current cut daily dark
data date day dead deal dear death debate decide decision deep defence defense democrat desert design
desk detail develop development did die different digital direct direction discover dispatch district do
doctor does dog dollar door double down draw dream dress drink drive drop during each eagle early earth
east eastern easy eat echo economic economics economist economy edge edition education effect eight
either election electric else end energy engine england english enough enquirer enter entire environment
equal era europe european evening event ever every evidence examiner exchange expert explain express eye
face fact fail fair faith fall family famous far farm farmer fashion fast father fear feature federal
feed feel few field fight figure file fill film final finance financial find fine fire firm first fish
five flag flat flight floor flow flower fly focus folk follow food foot for force foreign forest form
forum forward four free french fresh friend from front frontier full fund future game garden gas gate
gazette general get girl give glass global globe go gold golden good government grand great green ground
group grow growth guard guardian guide gulf gun hall hand happen happy harbour harbor hard have he head
health hear heart heat heavy help her herald here heritage high highland hill him his history hit hold
home hope horse hospital host hot hour house how human hundred idea if image impact important in
independent index industry information inquirer inside insider international into investor iron is
island issue it its job join journal journey judge just justice keep key kid kind king know labor labour
lake land language large last late later law lead leader league learn leave ledger left legal less let
letter level liberal life light like line link list listen little live local london long look lord lose
loss lot love low machine made magazine mail main major make man manager many map march mark market
matter may me mean media medical meet member memory men mercury meridian message metro middle might mile
military million mind minute mirror miss model modern moment money monitor month more morning most
mother mountain move movie much music must my nation national native natural nature near need network
new news newswire next night nine no north northern not note nothing now number observer ocean of off
office official often oil old on once one online only open opinion or order other our out outlook over
own page paper park part party pass past path patriot pay peace people perfect person phone picture
piece pilot place plain plan planet plant play player point police policy political politics pool
popular port post power present press price prime private problem process produce product program
progress project property public pulse put quarter queen question quick race radio rail rain range rate
reach read ready real reason record red region register report reporter republic republican research
rest review rich right ring rise river road rock roll room round royal rule run rural safe said sale
same save say school science scope screen sea search season second section security see seen sell send
sense sentinel service set seven shadow shape share shield ship shop short should show side sign signal
silver simple since single sister site six size sky small smart social society soft some someone
something son sound source south southern space special spirit sport sports spot spring square staff
stage stand standard star start state statesman station stay step still stock stone stop store story
strait street strong student study style success such summer sun sunday super supply support sure system
table take talk tale team tech technology telegraph telegram television tell ten term test than that the
their them then there these they thing think third this those three through time times to today together
top total tour town trade traffic travel tree trend tribune trip truth try turn twin two union unit
united universe university up upon us use valley value very view village vision voice vote wall want war
warm watch water wave way we wealth weather week weekend weekly well west western what when where which
while white who whole why wide wild will win wind window wire with woman women wood word work worker
world would write writer year yes you young your zone advocate advertiser almanac arts banner bee blade
bugle caller citizen clarion compass conservative constitution courant crier current democrat digest
dispatch eagle examiner freeman gazette gleaner harbinger hub intelligencer item journal leader mercury
messenger miner news observer oracle outlook palladium pantagraph picayune pioneer plain post press
progress pulse recorder reflector register reporter republican review sentinel spectator spokesman star
statesman sun telegram times transcript traveler tribune union vanguard voice wire world agenda alert
angle beat brief byline column cover daily desk dispatch editor edition feed headline issue journal
letter memo minute note outlook paper pulse record report round scoop story wire alpine anglian atlantic
austral baltic caledonian cambrian celtic cumbrian gaelic hibernian highland lowland mercian mersey
nordic norse pacific pennine saxon thames wessex anglia cornish devon dorset essex kent yorkshire
lancashire cheshire somerset surrey sussex norfolk suffolk alabama alaska arizona arkansas california
colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky
louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada
hampshire jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania rhode tennessee texas
utah vermont virginia washington wisconsin wyoming atlanta austin baltimore boston buffalo charlotte
chicago cincinnati cleveland columbus dallas denver detroit houston indianapolis jacksonville kansas
angeles memphis miami milwaukee minneapolis nashville orleans oakland orlando philadelphia phoenix
pittsburgh portland sacramento diego francisco jose seattle louis tampa tucson vegas birmingham bristol
cardiff edinburgh glasgow leeds liverpool manchester newcastle belfast dublin sheffield nottingham
oxford cambridge aberdeen dundee sydney melbourne brisbane perth adelaide auckland toronto vancouver
montreal ottawa calgary delhi mumbai karachi dhaka lagos nairobi johannesburg cairo dubai tehran
jerusalem tokyo beijing shanghai hong kong singapore manila jakarta bangkok seoul taipei paris berlin
rome madrid moscow kyiv africa albania argentina australia austria belgium brazil canada chile china
colombia croatia cuba denmark egypt england estonia ethiopia finland france germany ghana greece hungary
iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kenya korea latvia lebanon
libya lithuania malaysia malta mexico morocco nepal netherlands nigeria norway pakistan peru philippines
poland portugal qatar romania russia scotland serbia slovakia spain sudan sweden switzerland syria
taiwan thailand turkey uganda ukraine vietnam wales yemen zealand zimbabwe arab asia europe gulf latin
ability accept access account achieve acquire address admit adult advance advice affect afford agent
agriculture aim alarm album allow anchor angel anger announce annual apple approach approve arch arena
arrive asset assist atlas attention audience author autumn avenue award aware baby balance band barrier
basket bath battery beach bench benefit bible bicycle birth bitter blank blast blend bless blind bloom
board bold bolt bond bone bonus boost boot boss bounce bound bow bowl brave breeze brick bride brilliant
broker buck bull burn bus butter cabin cafe cake camera canal cancer candle canvas cap captain capture
carbon cargo carpet cart cartoon castle catalog cattle cave cell chart chase cheap cheese chemical chess
chicken chip citizen clinic clip cloud coach coal coat coin collect colony column comic command
commission compass concept concert conflict congress connect contact content contest contract cookie
copper coral core cotton counsel craft crash cream credit crew crisis crop crystal cup cure curve custom
cycle dance danger dash dawn decade defender delta dental deputy derby detective device diamond diary
diet dinner diplomat director disaster discovery doctor dollar domain dome dragon drama driver drum duck
dust duty eagle economy editor effort egg elite emerald empire enterprise entry escape estate ethic exam
example excel exit explorer extra fable factor faculty falcon fame fan fantasy fate feather fellow
festival fiber fibre fiction finder fitness fleet flex flood fold forecast formula fortune fossil
fountain fox frame freedom frost fruit fuel fusion galaxy gallery gap garage gear gem genius giant gift
glance glory goal gospel grace grade grain graph grass gravity grid grove guest guild habit hammer
harvest hawk hazard heaven hero hint hobby holiday honey honor honour horizon hub hunter ice icon ideal
idol impulse income infinity inn input insight inspector instinct insurance intel intelligence interest
interview invest iris ivory jacket jazz jet jewel joy jungle junior jury keeper kernel kettle kitchen
knight label lab lamp lane laser layer leaf legacy legend lens liberty library lion liquid literature
lobby lodge logic lotus loyal lucky lunar lunch magnet maker mall manor marathon marble marine mason
master match matrix meadow medal meridian merit metal meter metre method mill mine mineral miracle
mission mobile momentum monster moon motion motor mouse museum mystery myth nest nexus noble north novel
nurse oak oasis object ocean odyssey olive omega opera option orbit orchard organ origin outpost owl
oxygen pace pacific palace palm panel panorama parade parent parish partner passage patch patrol pattern
peak pearl pen pepper phase phoenix pilgrim pine pioneer pixel planet plate platform plaza pocket poet
polar port portal portrait pound prairie premier prism prize probe profile prophet prospect province
pulse pump purple puzzle pyramid quest rabbit radar rally ranch ranger rapid raven reader realm rebel
recipe reef reform relay remedy resort revenue rhythm ribbon ridge rival robin rocket roof root rose
route ruby rush saga sage sail saint salt sand satellite scale scanner scholar scout seafood secret
sector seed senate senior sentry sequence server settler shadow shell shelter sheriff shore shot sight
silk skill slate slope snow soldier solar solid sonic soul sparrow spark speaker spectrum speed sphere
spice spider spin spiral sponsor spotlight spread spur stadium stake stamp steel stellar stem storm
stream strike studio summit sunrise sunset surge survey swan sword symbol talent tank target tea teacher
temple tempo terrace theatre theater thunder ticket tide tiger timber titan token tower track trail
train transit treasure trek trial triangle trinity trophy trust tunnel turtle twilight umbrella urban
vault venture venue vessel veteran victory villa vine vintage vista vital volume voyage wagon walker
wallet wander ward warrior wealth web wedding wheel whisper wing winter wisdom witness wolf wonder worth
yard yellow youth zero campaign candidate capitalism career cinema collective commonwealth conversation
corridor correspondent democracy diplomacy dividend enquiry evening examiner farmer frontline grocer
insight investor lawyer marketing medicine motorist nurse patient pension planner property retail
retailer scientist shipping sport startup student teacher tenant traveller voter wellness worker
"""
# Short forms that stand for a name; printed in capitals ("nydailynews" -> "NY Daily News").
ABBREVIATIONS: frozenset[str] = frozenset(
    {"ny", "la", "sf", "dc", "uk", "us", "usa", "nj", "nz", "eu", "un", "abc", "bbc", "cbs", "nbc"}
    | {"cnn", "npr", "pbs", "ap", "afp", "itv", "rte", "cbc", "sbs", "bnn"}
)
# fmt: on
VOCABULARY: frozenset[str] = (
    frozenset(w for w in _WORDS.split() if w.isalpha() and len(w) > 1) | ABBREVIATIONS
)

_MAX_WORD = 24
_KNOWN = 1.0
_EXTRA = 0.9  # words the caller found in the article: preferred
_UNKNOWN = 2.5  # an unknown run costs this plus a little per letter, so one run beats scraps
_PER_LETTER = 0.3
_SCRAP = 2.0  # extra for an unknown run of three letters or fewer
_INFLECTED = 1.1  # a known word plus -s, -es, -ed, -er, -ers or -ing
_LEADING_THE = 0.5  # "the..." at the start is nearly always the article ("theverge")
_SUFFIXES = ("s", "es", "ed", "er", "ers", "ing")


def segment(label: str, extra: Iterable[str] = ()) -> list[str]:
    """Split a lower-case run of letters into words; unknown stretches stay whole."""
    label = label.lower()
    extra_words = {w.lower() for w in extra if 1 < len(w) <= _MAX_WORD}
    n = len(label)
    if n == 0 or n > 80:
        return [label] if label else []
    best: list[tuple[float, int]] = [(0.0, 0)] + [(float("inf"), 0)] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_WORD), end):
            piece = label[start:end]
            if start == 0 and piece == "the" and n > 5:
                cost = _LEADING_THE
            elif piece in extra_words:
                cost = _EXTRA
            elif piece in VOCABULARY:
                cost = _KNOWN
            elif _inflected(piece):
                cost = _INFLECTED
            else:
                cost = _UNKNOWN + _PER_LETTER * len(piece) + (_SCRAP if len(piece) <= 3 else 0.0)
            total = best[start][0] + cost
            if total < best[end][0]:
                best[end] = (total, start)
    words: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]
        words.append(label[start:end])
        end = start
    words.reverse()
    return _merge_unknown(words, extra_words)


def _inflected(piece: str) -> bool:
    for suffix in _SUFFIXES:
        stem = piece[: -len(suffix)]
        if piece.endswith(suffix) and len(stem) > 2 and (stem in VOCABULARY or stem + "e" in VOCABULARY):
            return True
    return False


def _merge_unknown(words: list[str], extra: set[str]) -> list[str]:
    """Join neighbouring unknown pieces back into one word."""

    def known(word: str) -> bool:
        return word in VOCABULARY or word in extra or _inflected(word)

    merged: list[str] = []
    for word in words:
        if merged and not known(word) and not known(merged[-1]):
            merged[-1] += word
        else:
            merged.append(word)
    return merged
