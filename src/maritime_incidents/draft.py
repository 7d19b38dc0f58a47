"""Propose incident rows from the text of an official release or a news story, for a person to review.

SOUTHCOM's and the Secretary's strike announcements are formulaic ("On <date>, at the direction of
<official>, Joint Task Force Southern Spear conducted a lethal kinetic strike on <N> vessel(s) ... in
the <Eastern Pacific | Caribbean> ... <N> male narco-terrorists were killed ... <N> survived"), and
the news stories that quote them keep those words, in English and in Spanish. Studies of automated
event coding agree that rules work on formulaic text and that a person must review what they give,
so this module proposes, never decides: every value carries the words it came from, and `add`
(`maritime_incidents.add`) only appends rows a person has reviewed.

Hand-written here, and why: the sentence rules (which sentence reports the strike, which counts are
the campaign's running totals) are specific to these releases; no library knows them. Libraries do
the general parts: `dateparser` resolves date words in both languages against the publication
date, `text2num` reads numbers written in words ("eleven", "once"), `rapidfuzz` compares the
location words with existing rows, and `geocode` (this package) turns the words into a point.

Pure functions: the CLI reads the file and the existing rows and passes them in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import dateparser
from rapidfuzz import fuzz
from text_to_num import text2num

from .geocode import GeocodeError, geocode

#: Longest text `draft` reads: a release is a few kB; a page dump of 200k characters is not a release.
MAX_CHARS = 200_000

REGION_WORDS = {
    "eastern_pacific": r"eastern pacific|east(?:ern)? pacific ocean|pac[ií]fico oriental|pac[ií]fico este|oc[eé]ano pac[ií]fico|pacific ocean|el pac[ií]fico|the pacific",  # noqa: E501 (a regular expression reads best whole)
    "caribbean": r"caribbean sea|caribbean|mar caribe|caribe",
}
VESSEL_WORDS = r"vessels?|boats?|ships?|craft|semi-submersibles?|submarines?|(?:narco)?submarinos?|semisumergibles?|embarcaci[oó]n(?:es)?|lanchas?|narcolanchas?|buques?|barcos?|botes?"  # noqa: E501 (a regular expression reads best whole)
STRIKE_WORDS = r"kinetic strikes?|strikes?|struck|targeted|operaci[oó]n militar|airstrikes?|attack(?:ed|s)?|hit|sank|sunk|ataques?|atac[oóa]\w*|bombarde\w*|impact\w*|hund\w*"  # noqa: E501 (a regular expression reads best whole)
#: Sentences with these words speak of the campaign so far, or of other strikes: their numbers are
#: running totals or history, not this incident's.
CONTEXT_WORDS = (
    r"\bsince\b|\bsuch as\b|\bcomes (?:less than a week |just hours |days )?after\b|\bfollows\b|\bso far\b|\bdozens\b|\bprevious\b|\bearlier\b|\blast (?:week|month|thursday|friday|monday|"  # noqa: E501 (a regular expression reads best whole)
    r"tuesday|wednesday|saturday|sunday)\b|\bin (?:january|february|march|april|may|june|july|august|september|october|november|december)\b|"  # noqa: E501 (a regular expression reads best whole)
    r"\bha(?:s|ve) (?:carried out|conducted) (?:dozens|more than|at least|\d+|several|many|seven|such)|\bhas (?:reportedly|intensified)|\bhave been\b|"  # noqa: E501 (a regular expression reads best whole)
    r"\bhan (?:hundido|atacado|matado|realizado|llevado a cabo)\b|\bha asesinado\b|\boversees\b|\bresponsible for\b|"
    r"\bdesde\b|\banterior\b|\bhasta el momento\b|\bya suman\b|\bse suma\b|\blleva a cabo ataques\b|\bthe first strike\b|"
    r"\bbegan\b|\bbrings? the\b|\bbringing\b|\beleva\b|\basciende\b|\btotal of \d+ (?:strikes|attacks)|\bmarks? the\b|\bser[ií]a el ataque\b"  # noqa: E501 (a regular expression reads best whole)
)
MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|jun(?:e|\.)?|jul(?:y|\.)?|aug(?:ust|\.)?|sept?(?:ember|\.)?|"
    r"oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
)
MESES = r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
WEEKDAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
DIAS = r"lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo"
SMALL_NUMBERS = {
    "en": r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty",  # noqa: E501 (a regular expression reads best whole)
    "es": r"cero|uno|una|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|diecis[eé]is|veinte",
}
PEOPLE = (
    r"(?:(?:male|suspected|alleged|presumed|more|other|additional|people|persons|men|individuals|militants|terrorists|narco-terrorists|"
    r"narcoterrorists|narco-traffickers|drug traffickers|smugglers|crew members|occupants|aboard|on board|"
    r"personas|hombres|presuntos|supuestos|narcoterroristas|narcotraficantes|tripulantes|ocupantes|a bordo)\s+){0,4}"
)
KILLED_PATTERNS = (
    rf"(?:a total of )?(\d+) {PEOPLE}[^.\d;]{{0,45}}?\b(?:were|was|have been|had been|are) (?:reported |all |later )?(?:killed|dead)",
    r"(\d+) (?:personas|hombres|narcoterroristas|tripulantes|ocupantes|presuntos)\b[^.\d;]{0,50}?\b(?:murieron|fallecieron|perdieron la vida|fueron abatidos|fueron dados de baja)",  # noqa: E501 (a regular expression reads best whole)
    rf"(?:a total of |un total de )?(\d+) {PEOPLE}(?:were |was |have been |had been |are )?(?:killed|dead|died)",
    r"(?:killing|killed|kills|kill|leaving) (?:all |at least |more than )?(\d+)\b",
    r"(\d+) de los (?:\w+ ){0,2}(?:murieron|fallecieron)",
    rf"all (\d+) {PEOPLE}(?:were )?(?:killed|died)",
    rf"(\d+) {PEOPLE}(?:fueron asesinad|murieron|muertos|muertas|fallecidos|fallecieron|perdieron la vida)",
    r"(?:mata|mató|matando) a (\d+)",
    r"(?:dej[oó]|deja) (?:un saldo de )?(\d+) (?:\w+ ){0,3}(?:muertos|muertas|fallecidos)",
    r"murieron (?:sus |los |las )?(\d+)",
    r"contra (\d+) (?:hombres|personas|narcoterroristas|tripulantes)\b.{0,60}muri",
    r"(?:la muerte de|the deaths? of) (\d+)",
)
SURVIVOR_PATTERNS = (
    r"(\d+) (?:\w+ ){0,2}(?:survivors?|survived|sobreviviente|sobrevivientes|sobrevivi[oó]|sobrevivieron|superviviente)",
    r"(?:lone|sole|single|only) survivor",
    r"\bun (?:tercero|cuarto|superviviente|sobreviviente)(?: logr[oó] sobrevivir| sobrevivi[oó])?",
    r"\buna? (?:persona )?más sobrevivi[oó]",
)
Q = r"(?P<q>at least |more than |about |over |al menos,? |más de |aproximadamente |alrededor de |casi |cerca de )?"
TOTAL_PATTERNS = (
    rf"(?:bringing|brings|raising|raises) the (?:total )?number of (?:such )?(?:boat )?(?:strikes|attacks)(?: \w+){{0,4}} to {Q}(?P<strikes>\d+)",  # noqa: E501 (a regular expression reads best whole)
    rf"(?:bringing|brings|raising|raises) the (?:campaign's |overall |total )?(?:death toll|toll|number of (?:people )?killed|total)(?: (?!strikes|attacks)\w+){{0,6}} to {Q}(?P<killed>\d+)",  # noqa: E501 (a regular expression reads best whole)
    rf"{Q}(?P<killed>\d+) (?:people|persons) (?:have been|had been|were) killed\b",
    rf"{Q}(?P<strikes>\d+) (?:strikes|attacks) have killed (?P<killed>\d+)",
    rf"(?:brought|raised|raises|raising) the (?:death )?toll(?: [\w'-]+){{0,10}} to {Q}(?P<killed>\d+)(?: (?:people|persons))?(?: in (?:at least |more than )?(?P<strikes>\d+) (?:attacks|strikes))?",  # noqa: E501 (a regular expression reads best whole)
    rf"(?P<strikes>\d+) ataques (?:de este tipo, )?(?:que )?(?:han dejado|dejaron) {Q}(?P<killed>\d+) muertos",
    rf"(?:ya )?suma {Q}(?P<killed>\d+) (?:víctimas|muertos|fallecidos)",
    r"(?:cifra|número) de ataques[^.]{0,60}?(?:ascendió|asciende|llegó|llega|subió|sube) a (?P<strikes>\d+)",
    r"(?:total|cifra|número) de (?:muertos|víctimas|fallecidos|ejecuciones)[^.]{0,100}?(?:llegó|llega|ascendió|asciende|subió|sube) a (?P<killed>\d+)",  # noqa: E501 (a regular expression reads best whole)
    r"(?:incrementó|elevó|eleva) a (?P<strikes>\d+) el número de ataques[^.]{0,80}? y a (?P<killed>\d+)",  # noqa: E501 (a regular expression reads best whole)
    rf"{Q}(?P<killed>\d+) (?:people|deaths|dead|killed)\b[^.]{{0,30}}? in (?P<strikes>\d+) (?:attacks|strikes) since",
    r"(?:eleva|elevó|elevan) a (?P<killed>\d+) (?:el número de|la cifra de) (?:víctimas|muertos|fallecidos)",
    r"(?:ataque|strike) (?:número |number |no\. )?(?P<strikes>\d+)\b[^.]{0,80}?(?:han dejado|have killed|have left) (?P<killed>\d+)",
    r"(?:ya suman|suman) (?P<killed>\d+) (?:\w+ ){0,2}muertos",
    rf"asciende a,? {Q}(?P<killed>\d+) (?:fallecidos|muertos)",
    rf"(?:has |have )?resulted in {Q}(?P<killed>\d+) (?:deaths|dead|people killed)",
    rf"(?:han dejado|han causado) {Q}(?P<killed>\d+) (?:\w+ ){{0,2}}muertos",
    rf"(?:killing|killed) {Q}(?P<killed>\d+) (?:people|persons)\b[^.]{{0,30}}\bsince\b",
    rf"balance de {Q}(?P<killed>\d+) muertos",
    rf"(?:death )?toll has (?:risen|climbed|grown|increased|reached) (?:to )?{Q}(?P<killed>\d+)",
    rf"has killed {Q}(?P<killed>\d+) (?:people|persons)",
    rf"{Q}(?P<strikes>\d+) (?:confirmed |known )?(?:strikes|operations|attacks)\b[^.]{{0,90}}?killing (?:at least |more than )?(?P<killed>\d+)",  # noqa: E501 (a regular expression reads best whole)
    rf"\bha (?:dejado|causado) {Q}(?P<killed>\d+) muertos",
    r"suman (?P<strikes>\d+) los (?:operativos|ataques)[^.]{0,120}?saldo de (?P<killed>\d+) (?:personas )?(?:fallecidas|muertas|muertos|fallecidos)",  # noqa: E501 (a regular expression reads best whole)
)
#: Running totals are told in sentences about the campaign so far, never in the incident's own.
TOTALS_CONTEXT = r"\btotal death toll\b|\bcampaign|\bcampaña|\bsince\b|\bdesde\b|\bhas resulted in\b|\bseries of operations\b|\bya (?:se han|suma|suman|son)\b"  # noqa: E501 (a regular expression reads best whole)


class DraftError(ValueError):
    """The text cannot be read as a release: one clear sentence for the user, never a traceback."""


@dataclass
class Value:
    """One proposed value and the words of the text it came from ('' when inferred: see `why`)."""

    value: object
    words: str = ""
    why: str = ""

    def to_json(self) -> dict:
        return {"value": self.value, "words": self.words, **({"why": self.why} if self.why else {})}


@dataclass
class Proposal:
    """A proposed row of incidents.csv (or official_totals.csv) and how it compares with the data."""

    table: str
    values: dict[str, Value]
    match: str = "new"
    differences: list[str] = field(default_factory=list)

    def row(self) -> dict[str, object]:
        return {k: v.value for k, v in self.values.items()}


@dataclass
class Draft:
    proposals: list[Proposal]
    notes: list[str]
    language: str

    @property
    def incidents(self) -> list[Proposal]:
        return [p for p in self.proposals if p.table == "incidents"]

    @property
    def totals(self) -> list[Proposal]:
        return [p for p in self.proposals if p.table == "official_totals"]


# --- reading the text -------------------------------------------------------------------


def check_text(text: str) -> str:
    """The text as `draft` reads it, or DraftError for what no release looks like."""
    if len(text) > MAX_CHARS:
        raise DraftError(
            f"the text has {len(text):,} characters; draft reads at most {MAX_CHARS:,} (one release or story, not a page dump)"
        )
    if "\x00" in text:
        raise DraftError("the text holds NUL bytes: it looks like a binary file, not a release")
    text = unicodedata.normalize("NFC", text)
    # control characters (other than newlines and tabs) carry nothing a reader sees
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"').replace("\u2014", " - ")
    if not text.strip():
        raise DraftError("the text is empty")
    return text


def language(text: str) -> str:
    """'es' or 'en', by the commoner function words (enough for these two languages)."""
    words = re.findall(r"[a-záéíóúñ]+", text.lower())
    es = sum(w in {"el", "la", "los", "las", "de", "del", "que", "una", "por", "con", "según"} for w in words)
    en = sum(w in {"the", "of", "and", "to", "was", "were", "on", "with", "said", "that"} for w in words)
    return "es" if es > en else "en"


def digits(text: str, lang: str) -> str:
    """Numbers written in words as digits ('eleven' -> '11', 'once' -> '11'), by text2num."""
    pattern = SMALL_NUMBERS[lang] + (
        r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred" if lang == "en" else r"|treinta|cuarenta|cincuenta"
    )

    def repl(m: re.Match) -> str:
        word = m.group(0)
        if lang == "es" and word.lower() in ("un", "una"):
            return word  # an article far more often than a number; the survivor rule reads "un sobreviviente"
        try:
            return str(text2num(word.lower(), lang))
        except ValueError:
            return word

    # "Once" at the start of an English sentence is not eleven; only Spanish text reads Spanish numbers
    return re.sub(rf"\b(?:{pattern})\b", repl, text, flags=re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Sentences, with a running-total clause (', bringing the death toll to ...') cut off as its own."""
    parts = re.split(r"(?<=[.!?])[\"']?\s+(?=[\"'A-ZÁÉÍÓÚÑ¿¡])|\n+", text)
    out = []
    for p in parts:
        out += re.split(
            r"(?:,\s*|\s+and\s+)(?=bringing\b|brings\b|raising\b|con lo que\b|lo que eleva\b|en lo que (?:fue|es|ser[ií]a)\b|in what (?:was|is)\b)",  # noqa: E501 (a regular expression reads best whole)
            p,
        )
    return [p.strip() for p in out if p.strip()]


def is_context(sentence: str) -> bool:
    return re.search(CONTEXT_WORDS, sentence, re.IGNORECASE) is not None


def first(patterns, text: str) -> re.Match | None:
    best = None
    for p in patterns:
        m = re.search(p, text, re.IGNORECASE)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


# --- dates ------------------------------------------------------------------------------

DATE_PHRASES = (
    ("day", rf"\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"),
    ("day", rf"\b\d{{1,2}}\s+(?:de\s+)?(?:{MESES})(?:\s+(?:de\s+)?\d{{4}})?\b"),
    ("day", r"\(\d{1,2}\.\d{1,2}\.\d{4}\)"),
    ("overnight", r"\bovernight\b|\bdurante la noche\b|\besta madrugada\b"),
    ("day", r"\btoday\b|\bhoy\b|\bthis (?:morning|afternoon|evening)\b"),
    ("eve", r"\bnew year's eve\b|\bnochevieja\b"),
    ("day", r"\byesterday\b|\bayer\b"),
    ("day", rf"\b(?:(?:late )?on |this |este |el )?(?:{WEEKDAYS}|{DIAS})\b"),
)


WEEKDAY_NUMBER = {
    **{d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    **{d: i for i, d in enumerate(("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"))},
    "miercoles": 2,
    "sabado": 5,
}
ANNOUNCING = (
    r"\b(?:announced|said|says|wrote|posted|reported|confirmed|stated|issued|anunci[oó]|dijo|inform[oó]|confirm[oó]|emitid[oa]|publicad[oa])"
    r"(?: (?!that\b|que\b)[\w]+){0,3}?"
)


def parse_date(phrase: str, lang: str, published: date | None) -> date | None:
    """One date phrase as a date, relative words resolved against the publication date."""
    m = re.fullmatch(r"\((\d{1,2})\.(\d{1,2})\.(\d{4})\)", phrase)
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    cleaned = re.sub(r"^(?:late on|on|this|este|el)\s+", "", phrase.strip(), flags=re.IGNORECASE)
    if published is not None and re.fullmatch(r"new year's eve|nochevieja", cleaned, re.IGNORECASE):
        return date(published.year - (published.month == 1), 12, 31)
    weekday = WEEKDAY_NUMBER.get(cleaned.lower())
    if weekday is not None and published is not None:
        # the latest such day on or before publication: a Thursday story's "Thursday" is that day
        return published - timedelta(days=(published.weekday() - weekday) % 7)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day, 12)
    result = dateparser.parse(cleaned, languages=[lang, "en" if lang == "es" else "es"], settings=settings)
    return result.date() if result else None


SEARCH_WORDS = r"notif|search|rescue|distress|b[uú]squeda|rescate|notificaci[oó]n"


STATEMENT_DAY = (
    rf"\b(?:said|wrote|stated|posted|announced)(?: in a statement| in a post| on X| on social media)?(?: on| late on)? ({WEEKDAYS})\b|"
    rf"\b(?:dijo|escribió|informó|anunció|señaló)(?: en X| en un comunicado)? (?:el|este) ({DIAS})\b"
)


def statement_date(sents: list[str], published: date | None) -> date | None:
    """The day a quoted statement was made ("Hegseth said in a statement on Tuesday"): a "Today" or
    "Yesterday" inside its quotation marks counts from that day, not from the story's."""
    if published is None:
        return None
    for s in sents:
        m = re.search(STATEMENT_DAY, s, re.IGNORECASE)
        if m:
            day = WEEKDAY_NUMBER.get((m.group(1) or m.group(2)).lower())
            if day is not None:
                return published - timedelta(days=(published.weekday() - day) % 7)
    return None


def quoted(sentence: str, start: int) -> bool:
    """Whether position `start` of a sentence lies inside quotation marks."""
    before = sentence[:start]
    return before.count('"') % 2 == 1 or before.count("«") > before.count("»")


def find_dates(sents: list[str], lang: str, published: date | None) -> tuple[dict[str, Value], list[str]]:
    """date_start, date_end, date_precision from the first date words of the strike sentences."""
    notes: list[str] = []
    strike_sents = [s for s in sents if re.search(STRIKE_WORDS, s, re.IGNORECASE) and not is_context(s)]
    # dates of a search or a notification (Coast Guard notices) are not the strike's
    others = [s for s in sents if s not in strike_sents and not is_context(s) and not re.search(SEARCH_WORDS, s, re.IGNORECASE)]
    hits = []
    for group, group_sents in enumerate((strike_sents, others)):
        for i, s in enumerate(group_sents):
            for kind, pattern in DATE_PHRASES:
                for m in re.finditer(pattern, s, re.IGNORECASE):
                    before, after = s[max(0, m.start() - 25) : m.start()], s[m.end() : m.end() + 12]
                    before = s[max(0, m.start() - 40) : m.start()]
                    if re.search(ANNOUNCING + r"\s*\(?\s*$", before, re.IGNORECASE) or re.match(r"\s*that\b", after):
                        continue  # "announced Tuesday", "anunció el lunes": the day of the announcement, not of the strike
                    if re.search(r"\b(?:after|following|before|después de|antes de)(?: \w+){0,2}\s*$", before, re.IGNORECASE):
                        continue  # "after announcing the Dec. 30 strikes": another event's date
                    written = re.search(r"\d", m.group(0)) is not None
                    base = published
                    if not written and quoted(s, m.start()):
                        base = statement_date(sents, published)
                        if base is None:
                            notes.append(f"{m.group(0)!r} is inside a quotation whose date the text does not give: left for the reviewer")
                            continue
                    hits.append(((group, not written, i, m.start()), kind, m.group(0), base))
    # strike sentences first; in them a written date ("On Dec. 18") before a weekday or "today"
    for _, kind, phrase, base in sorted(hits, key=lambda h: h[0]):
        relative = kind == "overnight" or not re.search(r"\d", phrase)
        if not relative and base is None and not re.search(r"\d{4}", phrase):
            notes.append(f"the date words {phrase!r} give no year: give --published YYYY-MM-DD")
            return {}, notes
        if relative and base is None:
            notes.append(f"the date words {phrase!r} need the publication date: give --published YYYY-MM-DD")
            return {}, notes
        if kind == "overnight":
            assert base is not None
            start = base - timedelta(days=1)
            return (
                {
                    "date_start": Value(start.isoformat(), phrase, "the night before " + base.isoformat()),
                    "date_end": Value(base.isoformat(), phrase, "overnight: up to " + base.isoformat()),
                    "date_precision": Value("approximate", phrase, "overnight spans two dates"),
                },
                notes,
            )
        d = parse_date(phrase, lang, base)
        if d is None:
            continue
        if base is not None and d > base and not re.search(r"\d{4}", phrase):
            d = date(d.year - 1, d.month, min(d.day, 28) if d.month == 2 else d.day)  # "Dec. 29" in a story of Jan. 2
        why = (
            (f"counted from {base.isoformat()}" + (" (the publication date)" if base == published else " (the quoted statement's day)"))
            if relative and base
            else ""
        )
        return (
            {
                "date_start": Value(d.isoformat(), phrase, why),
                "date_end": Value(d.isoformat(), phrase, "one-day incident"),
                "date_precision": Value("day", phrase),
            },
            notes,
        )
    notes.append("no date words found for the incident: fill date_start/date_end by hand")
    return {}, notes


# --- counts, region, who ----------------------------------------------------------------


def count(patterns, sents: list[str]) -> Value | None:
    for s in sents:
        m = first(patterns, s)
        if m:
            numbers = [g for g in m.groups() if g and g.strip().isdigit()] if m.groups() else []
            return Value(int(numbers[0]) if numbers else 1, m.group(0).strip())
    return None


#: Words that end a number's noun phrase: "2 people aboard a vessel" counts people, not vessels.
NOT_ADJECTIVE = r"(?:people|persons|men|aboard|on|in|of|the|a|an|and|killed|personas|hombres|a|bordo|en|de|la|el|las|los|y|murieron)\b"


def vessels_in(sentence: str) -> Value | None:
    """The number of vessels a sentence gives ('two vessels', 'a convoy of 3 boats', 'una lancha')."""
    m = re.search(rf"\b(\d+)\s+(?:(?!{NOT_ADJECTIVE})[\w\"-]+\s+){{0,3}}\"?(?:{VESSEL_WORDS})\b", sentence, re.IGNORECASE)
    if m:
        return Value(int(m.group(1)), m.group(0))
    m = re.search(r"\b(?:a )?trio of\b", sentence, re.IGNORECASE)
    if m:
        return Value(3, m.group(0))
    m = re.search(
        r"\b(?:a|an|one|una|un)\s+(?:[\w\"-]+\s+){0,2}\"?(?:vessel|boat|ship|craft|semi-submersible|submarine|embarcaci[oó]n|lancha|narcolancha|buque|barco|bote|(?:narco)?submarino|semisumergible)\b",
        sentence,
        re.IGNORECASE,
    )
    return Value(1, m.group(0)) if m else None


def find_regions(sents: list[str]) -> list[tuple[str, str, str]]:
    """(region, words, sentence) for each region the incident sentences name, in order of mention."""
    found: list[tuple[str, str, str]] = []
    for s in sents:
        for region, pattern in REGION_WORDS.items():
            for m in re.finditer(pattern, s, re.IGNORECASE):
                if all(r != region for r, _, _ in found):
                    found.append((region, m.group(0), s))
    order = {r: s.lower().find(w.lower()) + 1000 * sents.index(s) for r, w, s in found}
    return sorted(found, key=lambda t: order[t[0]])


def split_by_region(sentence: str) -> dict[str, tuple[int, int | None, str]]:
    """For a sentence naming both regions ('four on each of the first two vessels in the Eastern
    Pacific, while three were killed on a third vessel in the Caribbean'): vessels and killed per region."""
    out: dict[str, tuple[int, int | None, str]] = {}
    for clause in re.split(r"\bwhile\b|;|\bmientras\b|, and\b|, y\b", sentence):
        regions = [r for r, p in REGION_WORDS.items() if re.search(p, clause, re.IGNORECASE)]
        if len(regions) != 1:
            continue
        each = re.search(r"(\d+) (?:\w+ ){0,3}(?:killed|dead|muertos|murieron) on each of the (?:first )?(\d+)", clause, re.IGNORECASE)
        if each:
            out[regions[0]] = (int(each.group(2)), int(each.group(1)) * int(each.group(2)), clause.strip())
            continue
        v = re.search(rf"(?:first|second|third|fourth|last|a|an|one|(\d+)) (?:\w+ ){{0,1}}({VESSEL_WORDS})", clause, re.IGNORECASE)
        k = first(KILLED_PATTERNS, clause)
        nv = int(v.group(1)) if v and v.group(1) else 1
        nk = next((int(g) for g in (k.groups() if k else ()) if g and g.isdigit()), None)
        out[regions[0]] = (nv, nk, clause.strip())
    return out


def announcer(text: str) -> Value | None:
    """Who announced it, as the dataset writes it ('SOUTHCOM on X', 'Hegseth on X', 'US Coast Guard')."""
    who = (
        ("SOUTHCOM", r"southern command|southcom|comando sur"),
        ("Hegseth", r"hegseth|secretary of (?:war|defense)|secretario de (?:guerra|defensa)"),
        ("US Coast Guard", r"coast guard|guardia costera"),
        ("Pentagon", r"pentagon|pentágono|department of (?:war|defense)|departamento de (?:guerra|defensa)"),
        ("Trump", r"\btrump\b"),
    )
    verbs = r"\b(?:said|says|released|added|afirmó|aseguró|declaró|comunicó|publicó|añadió|agregó|announced|announces|reported|reports|wrote|posted|confirmed|stated|revealed|informó|anunció|confirmó|indicó|señaló|reporta|dijo|difundi\w*)\b"  # noqa: E501 (a regular expression reads best whole)
    best: tuple[int, str, str] | None = None
    for name, pattern in who:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            window = text[max(0, m.start() - 80) : m.end() + 80]
            if name == "Trump":
                before, after = text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 40]
                if re.search(
                    r"(?:direction of|orders? (?:of|from)|orden (?:directa )?del?|ordenado por)(?: (?:president|presidente|donald))*\s*$",
                    before,
                    re.I,
                ):
                    continue  # he ordered it; someone else announced it
                if re.match(r"['’]s|\s+administration|\s+returned", after, re.I) or re.search(
                    r"administraci[oó]n(?: de)?(?: donald)?\s*$", before, re.I
                ):
                    continue
                window = before + m.group(0) + after
            if re.search(verbs, window, re.IGNORECASE):
                if name == "Hegseth" and re.search(
                    r"(?:at the direction of|by order of|under (?:direct )?orders from|bajo la dirección del?)\s+(?:secretary of war\s+|\[secretary of war\]\s+|#?secwar\s+|secretario de guerra,?\s+)?(?:pete )?hegseth",  # noqa: E501 (a regular expression reads best whole)
                    window,
                    re.IGNORECASE,
                ):
                    continue  # the release names him as the one who directed it, not as its announcer
                before = text[max(0, m.start() - 25) : m.start()]
                if name == "Pentagon" and re.match(r"\s+(?:chief|head)\b", text[m.end() : m.end() + 8], re.I):
                    continue  # "Pentagon chief Pete Hegseth": the person
                if name == "Pentagon" and re.search(r"(?:head|chief|secretary|jefe|secretario)\s+(?:of(?: the)?|del?)\s*$", before, re.I):
                    continue  # "jefe del Departamento de Guerra, Pete Hegseth": the person, read by his own rule
                if best is None or m.start() < best[0]:
                    best = (m.start(), name, m.group(0))
                break
    if best is None:
        return None
    if best[1] == "Pentagon":
        return Value("Pentagon", best[2])
    if best[1] == "Trump":
        truth = re.search(r"truth social", text, re.IGNORECASE)
        return Value("Trump on Truth Social" if truth else "Trump", best[2] + (f" ... {truth.group(0)}" if truth else ""))
    on_x = re.search(r"\b(?:on|en|vía|via|de|through)\s+(?:[\w-]+\s+){0,4}X\b|\bX post\b|@southcom|@secwar", text)
    name = best[1] + (" on X" if on_x and best[1] != "US Coast Guard" else "")
    return Value(name, best[2] + (f" ... {on_x.group(0)}" if on_x and best[1] != "US Coast Guard" else ""))


#: Groups an official names as the vessel's operator, written as the dataset writes them.
NAMED_GROUPS = (
    ("Tren de Aragua", r"tren de aragua"),
    ("Ejército de Liberación Nacional (ELN)", r"ej[eé]rcito de liberaci[oó]n nacional|\bELN\b"),
)
LINKED = r"operated by|operada por|affiliated with|linked to|vinculad[ao] (?:a|al|con)|killed \d+|vessel of|lancha del"


def alleged_group(sents: list[str], text: str) -> Value | None:
    for s in sents:
        for name, pattern in NAMED_GROUPS:
            m = re.search(rf"(?:{LINKED})[^.]{{0,40}}?(?:{pattern})", s, re.IGNORECASE)
            if m and not is_context(s):
                return Value(name, m.group(0))
    m = re.search(
        r"designated terrorist organi[sz]ations?|organizaci(?:ón|ones) terroristas? designadas?|organizaci(?:ón|ones) designadas?|"
        r"designated as terrorist|designated terrorist",
        text,
        re.IGNORECASE,
    )
    return Value("Designated Terrorist Organization", m.group(0)) if m else None


COUNTRIES = (
    r"Colombia|Venezuela|Ecuador|M[eé]xico|Guatemala|El Salvador|Honduras|Nicaragua|Costa Rica|Panam[aá]|Per[uú]|"
    r"Trinidad(?: and Tobago| y Tobago)?|Aruba|Cura[cç]ao|Jamaica|Hait[ií]|Dominican Republic|Rep[uú]blica Dominicana|Puerto Rico|Cuba"
)
NEAR = r"just off the coast of|off the coasts? of|off|near|cerca de(?: las costas de)?|frente a(?: las costas de)?|frente a"


def location(sents: list[str], region: str, region_words: str, body: list[str] | None = None) -> dict[str, Value]:
    """location_text (the source's own words) and the geocoder's point for it."""
    bearing = None
    for s in sents:
        bearing = re.search(
            r"(?:approximately |about |some |roughly |unos |aproximadamente (?:a )?)?\d[\d,.]* (?:nautical miles|miles|nm|km|kilometers|millas náuticas|millas)(?! \()"  # noqa: E501 (a regular expression reads best whole)
            r"(?: \([^)]*\))? (?:al )?(?:north|south|east|west|northeast|northwest|southeast|southwest|north-northwest|suroeste|sureste|noroeste|noreste|norte|sur|este|oeste)"  # noqa: E501 (a regular expression reads best whole)
            r" (?:of|de) (?:the |la )?(?:[A-ZÁÉÍÓÚ]|frontera|border)[\w/ -]{2,60}?(?= in | en | at |,|\.|\)|\"|$)",
            s,
        )
        if bearing:
            break
    if bearing:
        words = bearing.group(0)
        # the gazetteer speaks English: give it the English words, keep the source's in location_text
        english = words
        for es, en in (
            ("millas náuticas", "nautical miles"),
            ("millas", "miles"),
            ("al suroeste de", "southwest of"),
            ("al sureste de", "southeast of"),
            ("al noroeste de", "northwest of"),
            ("al noreste de", "northeast of"),
            ("la frontera entre", "border between"),
            ("aproximadamente a", "approximately"),
            ("frontera", "border"),
            (" y ", " and "),
        ):
            english = english.replace(es, en)
    else:
        spanish = re.search(r"pac[ií]fico|caribe\b|mar caribe", region_words, re.IGNORECASE)
        near = next((m for m in (re.search(rf"\b(?:{NEAR}) (?:the )?(?:{COUNTRIES})\b", s) for s in body or []) if m), None)
        words = f"en el {region_words}" if spanish else f"in the {region_words}"
        english = (
            "in the "
            + {"eastern_pacific": "eastern Pacific", "caribbean": "Caribbean Sea" if "mar" in region_words.lower() else "Caribbean"}.get(
                region, region
            )
            if spanish
            else words
        )
        if near:
            # "en el Pacífico oriental, cerca de Colombia": the country's coast in the region
            words += f", {near.group(0)}"
            near_en = re.sub(r"frente a(?: las costas de)?", "off the coast of", near.group(0))
            english += ", " + re.sub(r"cerca de(?: las costas de)?", "near", near_en)
    try:
        g = geocode(english, region)
    except GeocodeError as e:
        return {"location_text": Value(words, words), "geo_note": Value(str(e), words)}
    why = f"geocode({english!r})"
    return {
        "location_text": Value(f'"{words}"', words),
        "latitude": Value(g.latitude, words, why),
        "longitude": Value(g.longitude, words, why),
        "geo_precision": Value(g.geo_precision, words, why),
        "uncertainty_km": Value(g.uncertainty_km, words, why),
        "geo_rule": Value(g.geo_rule, words, why),
    }


def totals(sents: list[str], as_of: str | None) -> list[Proposal]:
    """Running totals the text states, as official_totals rows: one per statement.

    A statement may give strikes and deaths in two clauses or sentences ("brings the total number
    of strikes to at least 36. ... at least 125 people have been killed"): parts that do not
    contradict each other are one statement.
    """
    parts: list[tuple[dict[str, int], str, str, str]] = []  # (numbers, qualifier, words, sentence)
    for s in sents:
        if not (is_context(s) or re.search(TOTALS_CONTEXT, s, re.IGNORECASE)):
            continue
        spans: list[tuple[int, int]] = []
        for pattern in TOTAL_PATTERNS:
            for m in re.finditer(pattern, s, re.IGNORECASE):
                if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in spans):
                    continue
                spans.append((m.start(), m.end()))
                found = m.groupdict()
                q = (found.get("q") or "").strip().rstrip(",").strip()
                q = {
                    "al menos": "at least",
                    "más de": "more than",
                    "over": "more than",
                    "aproximadamente": "about",
                    "alrededor de": "about",
                    "casi": "about",
                    "cerca de": "about",
                }.get(q, q)
                numbers = {k: int(found[k]) for k in ("killed", "strikes") if found.get(k)}
                parts.append((numbers, q, m.group(0), s.strip()))
    statements: list[dict[str, Value]] = []
    for numbers, q, words, sentence in parts:
        last = statements[-1] if statements else None
        if last is not None and not set(numbers) & set(last):
            for k, v in numbers.items():
                last[k] = Value(v, words)
            if not last["qualifier"].value and q:
                last["qualifier"] = Value(q, words)
            if sentence not in str(last["quote"].value):
                last["quote"] = Value(f"{last['quote'].value} ... {sentence}", f"{last['quote'].words} ... {sentence}")
            continue
        values = {
            "as_of": Value(as_of or "", "", "the publication date: the totals count up to this story"),
            **{k: Value(v, words) for k, v in numbers.items()},
            "qualifier": Value(q, words),
            "quote": Value(sentence, sentence),
        }
        statements.append(values)
    return [Proposal("official_totals", v) for v in statements]


# --- the proposal -----------------------------------------------------------------------


def is_incident(sents: list[str]) -> bool:
    """A strike is reported: a strike word with a vessel word, and a toll or 'lethal' in the same text."""
    body = [s for s in sents if not is_context(s)]
    joined = " ".join(body)
    return bool(
        re.search(STRIKE_WORDS, joined, re.IGNORECASE)
        and re.search(rf"\b(?:{VESSEL_WORDS})\b", joined, re.IGNORECASE)
        and (first(KILLED_PATTERNS, joined) or re.search(r"lethal|letal|cin[eé]tico", joined, re.IGNORECASE))
    )


DATELINE = (
    rf"^\s*[A-ZÁÉÍÓÚ][\w .,]{{0,60}}?,\s*(?:a\s+)?(?P<day>\d{{1,2}} de (?:{MESES})(?: de \d{{4}})?|(?:{MONTHS}) \d{{1,2}}(?:, \d{{4}})?)"
    r"\.?\s*(?:\([^)]{0,30}\))?\s*(?:\.-|-|/[A-Z]+/\.?|\.)\s*"
)


def draft(text: str, published: date | None = None, existing: list[dict[str, str]] | None = None) -> Draft:
    """Proposed rows for the incident(s) a release or story reports, compared with the existing rows."""
    text = check_text(text)
    lang = language(text)
    readable = digits(text, lang)
    notes: list[str] = []
    if published is None:
        m = re.search(r"\bdate (\d{4}-\d{2}-\d{2})\b", readable[:300])
        if m:
            published = date.fromisoformat(m.group(1))
            notes.append(f"publication date {published} read from the dateline")
    dateline = re.match(DATELINE, readable)
    if dateline:
        # "Washington, Estados Unidos, a 31 de diciembre de 2025.- ...": the story's date, not the strike's
        readable = readable[dateline.end() :]
        day = parse_date(dateline.group("day"), lang, None) if re.search(r"\d{4}", dateline.group("day")) else None
        if published is None and day is not None:
            published = day
            notes.append(f"publication date {published} read from the dateline")
    sents = sentences(readable)
    if not is_incident(sents):
        notes.append("no incident: the text reports no strike on a vessel (nothing proposed)")
        return Draft([], notes, lang)
    proposals = []
    for part in split_incidents(sents):
        proposals += incident(part, lang, published, notes)
    for p in proposals:
        compare(p, existing or [])
    proposals += totals(sents, published.isoformat() if published else None)
    return Draft(proposals, notes, lang)


ANOTHER = r"\banother (?:series of |round of )?(?:strikes?|attacks?)\b|\b(?:otro|otra|otros) (?:serie de )?(?:ataques?|bombardeos?)\b"


def split_incidents(sents: list[str]) -> list[list[str]]:
    """The sentences of each announcement a story reports: a second one ("Several hours after announcing
    the Dec. 30 strikes, Southern Command posted ... another series of strikes - carried out on New
    Year's Eve") starts where it is named, once the first has its toll."""
    for j, s in enumerate(sents):
        if j and not is_context(s) and re.search(ANOTHER, s, re.IGNORECASE):
            first_part, rest = sents[:j], sents[j:]
            rest_body = [x for x in rest if not is_context(x)]
            has_date = any(re.search(pattern, x, re.IGNORECASE) for x in rest_body for _, pattern in DATE_PHRASES)
            if count(KILLED_PATTERNS, [x for x in first_part if not is_context(x)]) and has_date and count(KILLED_PATTERNS, rest_body):
                return [first_part, rest]
    return [sents]


def incident(sents: list[str], lang: str, published: date | None, notes: list[str]) -> list[Proposal]:
    """The proposed rows (one per region) for the sentences of one announcement."""
    body = [s for s in sents if not is_context(s)]
    dates, date_notes = find_dates(sents, lang, published)
    notes += date_notes
    regions = find_regions(body) or find_regions(sents)
    quoted = " ".join(q for pair in re.findall(r'"([^"]{20,})"|«([^»]{20,})»', " ".join(sents)) for q in pair)
    in_quotes = [r for r in regions if re.search(REGION_WORDS[r[0]], quoted, re.IGNORECASE)]
    if len(regions) > 1 and len(in_quotes) == 1:
        regions = in_quotes + [r for r in regions if r not in in_quotes]  # the release's own words over the story's
    both = [s for s in body if all(re.search(p, s, re.IGNORECASE) for p in REGION_WORDS.values())]
    per_region = next((split for split in map(split_by_region, both) if len(split) >= 2), {})
    killed = count(KILLED_PATTERNS, body)
    survivors = count(SURVIVOR_PATTERNS, body)
    vessels = next((v for v in (vessels_in(s) for s in body if re.search(STRIKE_WORDS, s, re.IGNORECASE)) if v), None) or next(
        (v for v in (vessels_in(s) for s in body) if v), None
    )
    if vessels is None and not re.search(r"\b(?:vessels|boats|ships|embarcaciones|lanchas|buques)\b", " ".join(body), re.IGNORECASE):
        m = re.search(rf"\b(?:the|their|its|la|el|su)\s+(?:{VESSEL_WORDS})\b", " ".join(body), re.IGNORECASE)
        if m:
            vessels = Value(1, m.group(0), "one vessel, named in the singular")
    who = announcer(" ".join(sents))
    group = alleged_group(sents, " ".join(sents))
    if len(per_region) >= 2:
        parts: list[tuple[str, Value | None, Value | None, str]] = [
            (r, Value(n, words), Value(k, words) if k is not None else None, words) for r, (n, k, words) in per_region.items()
        ]
    elif regions:
        r, words, _ = regions[0]
        parts = [(r, vessels, killed, words)]
    else:
        notes.append("no region words (Caribbean / Eastern Pacific) found: fill region by hand")
        parts = [("", vessels, killed, "")]
    proposals = []
    for region, v, k, words in parts:
        values: dict[str, Value] = {"incident_type": Value("strike", "strike")}
        values.update(dates)
        values["region"] = Value(region, words)
        if region:
            region_words = next((w for r, w, _ in regions if r == region), words)
            values.update(location(sents, region, region_words, body))
        if v is not None:
            values["vessels"] = v
        if k is not None:
            values["killed"] = k
        if survivors is not None and len(parts) == 1:
            values["survivors"] = survivors
        elif survivors is not None:
            notes.append(f"survivors ({survivors.words!r}) not split by region: set them on the right row")
        if group:
            values["alleged_group"] = group
        if who:
            values["announced_by"] = who
        if published:
            values["announced_at"] = Value(published.isoformat(), "", "the publication date")
        proposals.append(Proposal("incidents", values))
    return proposals


# --- against the existing rows ----------------------------------------------------------

COMPARED = ("vessels", "killed", "survivors", "date_start")


def compare(p: Proposal, rows: list[dict[str, str]]) -> None:
    """Mark p 'same as <id>' when a row has its type and region and a date within a day."""
    start = p.values.get("date_start")
    if not start or not start.value:
        p.match = "new (no date to compare)"
        return
    d = date.fromisoformat(str(start.value))
    candidates = []
    for r in rows:
        if r.get("incident_type") != p.values["incident_type"].value or r.get("region") != p.values["region"].value:
            continue
        if r.get("status", "active") != "active":
            continue
        try:
            rs, re_ = date.fromisoformat(r["date_start"]), date.fromisoformat(r["date_end"] or r["date_start"])
        except (KeyError, ValueError):
            continue
        if rs - timedelta(days=1) <= d <= re_ + timedelta(days=1):
            loc = p.values.get("location_text")
            score = fuzz.token_set_ratio(str(loc.value) if loc else "", r.get("location_text", ""))
            same_counts = sum(str(p.values[c].value) == r.get(c, "") for c in ("vessels", "killed") if c in p.values)
            candidates.append((same_counts, d == rs, score, r))
    if not candidates:
        p.match = "new"
        return
    candidates.sort(key=lambda t: (t[0], t[1], t[2]), reverse=True)
    best = candidates[0][3]
    p.match = f"same as {best['incident_id']}"
    p.differences = [
        f"{c}: proposed {p.values[c].value} vs {best.get(c, '') or '(empty)'}"
        for c in COMPARED
        if c in p.values and str(p.values[c].value) != best.get(c, "")
    ]


# --- output -----------------------------------------------------------------------------


def to_json(d: Draft) -> list[dict]:
    """The proposals as rows with codebook column names; what `add` reads back.

    Keys starting with '_' are the draft's own (table, match, evidence); `add` ignores them.
    """
    out = []
    for p in d.proposals:
        row = {k: v.value for k, v in p.values.items() if k != "geo_note"}
        row["_table"] = p.table
        row["_match"] = p.match
        row["_differences"] = p.differences
        row["_evidence"] = {k: v.to_json() for k, v in p.values.items()}
        out.append(row)
    return out


def review_sheet(d: Draft) -> str:
    """A readable sheet: each proposed value with the words it came from."""
    lines = []
    if not d.proposals:
        lines.append("No rows proposed.")
    for i, p in enumerate(d.proposals, 1):
        title = "incident" if p.table == "incidents" else "official total"
        lines.append(f"== proposal {i}: {title} ({p.match})")
        for k, v in p.values.items():
            src = f'  <- "{v.words}"' if v.words else ""
            why = f"  ({v.why})" if v.why else ""
            lines.append(f"  {k:<15} {v.value}{src}{why}")
        for diff in p.differences:
            lines.append(f"  differs: {diff}")
    for n in d.notes:
        lines.append(f"note: {n}")
    return "\n".join(lines) + "\n"
