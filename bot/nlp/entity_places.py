"""Countries and regions with their other names, demonyms and capitals.

One row per place: ``Name|other names|demonyms|capitals``. The entities component
uses it to merge "Russian"/"Russians" into Russia, "Britain"/"UK" into one
entry, to type a capital the model mislabelled, and to read "Pyongyang" as
North Korea when the capital stands for the government.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ROWS = """
Afghanistan||Afghan,Afghans|Kabul
Albania||Albanian,Albanians|Tirana
Algeria||Algerian,Algerians|Algiers
Angola||Angolan,Angolans|Luanda
Argentina||Argentine,Argentines,Argentinian,Argentinians|Buenos Aires
Armenia||Armenian,Armenians|Yerevan
Australia||Australian,Australians|Canberra
Austria||Austrian,Austrians|Vienna
Azerbaijan||Azerbaijani,Azerbaijanis,Azeri,Azeris|Baku
Bahrain||Bahraini,Bahrainis|Manama
Bangladesh||Bangladeshi,Bangladeshis|Dhaka
Belarus||Belarusian,Belarusians|Minsk
Belgium||Belgian,Belgians|
Bolivia||Bolivian,Bolivians|La Paz
Bosnia and Herzegovina|Bosnia|Bosnian,Bosnians|Sarajevo
Brazil||Brazilian,Brazilians|Brasilia,Brasília
Bulgaria||Bulgarian,Bulgarians|
Cambodia||Cambodian,Cambodians|Phnom Penh
Cameroon||Cameroonian,Cameroonians|Yaounde,Yaoundé
Canada||Canadian,Canadians|Ottawa
Chile||Chilean,Chileans|Santiago
China|People's Republic of China,PRC,Mainland China|Chinese|Beijing
Colombia||Colombian,Colombians|Bogota,Bogotá
Democratic Republic of the Congo|DRC,DR Congo,Democratic Republic of Congo|Congolese|Kinshasa
Croatia||Croatian,Croatians,Croat,Croats|Zagreb
Cuba||Cuban,Cubans|Havana
Cyprus||Cypriot,Cypriots|Nicosia
Czech Republic|Czechia|Czech,Czechs|Prague
Denmark||Danish,Dane,Danes|Copenhagen
Ecuador||Ecuadorian,Ecuadorians|Quito
Egypt||Egyptian,Egyptians|Cairo
Estonia||Estonian,Estonians|Tallinn
Ethiopia||Ethiopian,Ethiopians|Addis Ababa
Finland||Finnish,Finn,Finns|Helsinki
France||French,Frenchman,Frenchmen|Paris
Georgia||Georgian,Georgians|Tbilisi
Germany||German,Germans|Berlin
Ghana||Ghanaian,Ghanaians|Accra
Greece||Greek,Greeks|Athens
Greenland||Greenlandic,Greenlander,Greenlanders|Nuuk
Haiti||Haitian,Haitians|Port-au-Prince
Hong Kong||Hongkonger,Hongkongers|
Hungary||Hungarian,Hungarians|Budapest
Iceland||Icelandic,Icelander,Icelanders|Reykjavik,Reykjavík
India||Indian,Indians|New Delhi
Indonesia||Indonesian,Indonesians|Jakarta
Iran||Iranian,Iranians|Tehran
Iraq||Iraqi,Iraqis|Baghdad
Ireland|Republic of Ireland,Eire|Irish|Dublin
Israel||Israeli,Israelis|
Italy||Italian,Italians|Rome
Ivory Coast|Côte d'Ivoire,Cote d'Ivoire|Ivorian,Ivorians|
Jamaica||Jamaican,Jamaicans|
Japan||Japanese|Tokyo
Jordan||Jordanian,Jordanians|Amman
Kazakhstan||Kazakh,Kazakhs,Kazakhstani|Astana
Kenya||Kenyan,Kenyans|Nairobi
Kosovo||Kosovar,Kosovars|Pristina
Kuwait||Kuwaiti,Kuwaitis|
Latvia||Latvian,Latvians|Riga
Lebanon||Lebanese|Beirut
Libya||Libyan,Libyans|Tripoli
Lithuania||Lithuanian,Lithuanians|Vilnius
Malaysia||Malaysian,Malaysians|Kuala Lumpur
Mali||Malian,Malians|Bamako
Malta||Maltese|Valletta
Mexico||Mexican,Mexicans|Mexico City
Moldova||Moldovan,Moldovans|Chisinau
Mongolia||Mongolian,Mongolians|Ulaanbaatar
Montenegro||Montenegrin,Montenegrins|Podgorica
Morocco||Moroccan,Moroccans|Rabat
Mozambique||Mozambican,Mozambicans|Maputo
Myanmar|Burma|Burmese|Naypyidaw
Nepal||Nepali,Nepalese|Kathmandu
Netherlands|Holland|Dutch|Amsterdam
New Zealand||New Zealander,New Zealanders|Wellington
Nigeria||Nigerian,Nigerians|Abuja
North Korea|DPRK,Democratic People's Republic of Korea|North Korean,North Koreans|Pyongyang
North Macedonia|Macedonia|Macedonian,Macedonians|Skopje
Norway||Norwegian,Norwegians|Oslo
Pakistan||Pakistani,Pakistanis|Islamabad
Palestine||Palestinian,Palestinians|
Peru||Peruvian,Peruvians|Lima
Philippines||Filipino,Filipinos|Manila
Poland||Polish,Pole,Poles|Warsaw
Portugal||Portuguese|Lisbon
Qatar||Qatari,Qataris|Doha
Romania||Romanian,Romanians|Bucharest
Russia|Russian Federation|Russian,Russians|Moscow
Rwanda||Rwandan,Rwandans|Kigali
Saudi Arabia||Saudi,Saudis|Riyadh
Senegal||Senegalese|Dakar
Serbia||Serbian,Serbians,Serb,Serbs|Belgrade
Singapore||Singaporean,Singaporeans|
Slovakia||Slovak,Slovaks,Slovakian|Bratislava
Slovenia||Slovenian,Slovenians,Slovene,Slovenes|Ljubljana
Somalia||Somali,Somalis|Mogadishu
South Africa||South African,South Africans|Pretoria
South Korea|Republic of Korea,ROK|South Korean,South Koreans|Seoul
Spain||Spanish,Spaniard,Spaniards|Madrid
Sri Lanka||Sri Lankan,Sri Lankans|Colombo
Sudan||Sudanese|Khartoum
Sweden||Swedish,Swede,Swedes|Stockholm
Switzerland||Swiss|Bern
Syria||Syrian,Syrians|Damascus
Taiwan||Taiwanese|Taipei
Thailand||Thai,Thais|Bangkok
Tunisia||Tunisian,Tunisians|Tunis
Turkey|Turkiye,Türkiye|Turkish,Turk,Turks|Ankara
Uganda||Ugandan,Ugandans|Kampala
Ukraine||Ukrainian,Ukrainians|Kyiv,Kiev
United Arab Emirates|UAE|Emirati,Emiratis|Abu Dhabi
United Kingdom|UK,U.K.,Britain,Great Britain|British,Briton,Britons|London
United States|US,U.S.,USA,U.S.A.,America,United States of America|American,Americans|Washington
Uruguay||Uruguayan,Uruguayans|Montevideo
Uzbekistan||Uzbek,Uzbeks|Tashkent
Venezuela||Venezuelan,Venezuelans|Caracas
Vietnam|Viet Nam|Vietnamese|Hanoi
Yemen||Yemeni,Yemenis|Sanaa
Zambia||Zambian,Zambians|Lusaka
Zimbabwe||Zimbabwean,Zimbabweans|Harare
Faroe Islands|Faroes,Faeroe Islands|Faroese|Torshavn,Tórshavn
Scotland||Scottish,Scot,Scots|Edinburgh
England||English|
Wales||Welsh|Cardiff
Northern Ireland||Northern Irish|Belfast
Quebec|Québec|Quebecer,Quebecers,Québécois|
California||Californian,Californians|
Texas||Texan,Texans|
Bavaria||Bavarian,Bavarians|
Catalonia||Catalan,Catalans|
Europe||European,Europeans|
Africa||African,Africans|
Asia||Asian,Asians|
Latin America||Latin American,Latin Americans|
Middle East||Middle Eastern|
"""

# Regions rather than states: typed LOC.
_REGIONS = {"Europe", "Africa", "Asia", "Latin America", "Middle East"}


@dataclass(frozen=True)
class Place:
    name: str
    type: str  # GPE or LOC


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "U.S." and "us", "Bélanger" and "belanger"."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "")
    return " ".join(text.split())


def _build() -> tuple[dict[str, Place], dict[str, Place], dict[str, Place]]:
    names: dict[str, Place] = {}
    demonyms: dict[str, Place] = {}
    capitals: dict[str, Place] = {}
    for row in _ROWS.strip().splitlines():
        name, others, nationals, caps = [*row.split("|"), "", "", ""][:4]
        place = Place(name, "LOC" if name in _REGIONS else "GPE")
        for form in [name, *others.split(",")]:
            if form:
                names[fold(form)] = place
        for form in nationals.split(","):
            if form:
                demonyms[fold(form)] = place
        for form in caps.split(","):
            if form:
                capitals[fold(form)] = place
    return names, demonyms, capitals


PLACE_NAMES, DEMONYMS, CAPITALS = _build()


def place_named(text: str) -> Place | None:
    """The country or region a name or demonym stands for ("Britain", "Russians")."""
    key = fold(text)
    return PLACE_NAMES.get(key) or DEMONYMS.get(key)
