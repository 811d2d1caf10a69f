"""Cleaning stage: article text only, from a raw page capture.

A raw capture is the text of a news page copied as-is: the headline, the article, and
the page around it (share bars, photo captions and credits, bylines and dates, cookie and
newsletter notices, tables of page facts, "more from this section" teaser lists, prev/next
links).  ``clean_document`` keeps the headline and the article paragraphs and drops the
rest, one line at a time, and says for every dropped line why (``CleanedText.dropped``).

Nothing here knows a site.  A line is described by features (words, share of stopwords
over nl/de/da/nb/en, share of capitalised words, digits, pipes, terminal punctuation,
position) and by short multilingual keyword lists for the things pages add (photo, share,
cookie, newsletter, "more from").  The passes, in order:

1. per-line furniture rules (symbols, tables, share/UI bars, credits, bylines, meta lines);
2. teaser blocks: a "more from / meer uit / mehr aus / mere fra / flere saker" heading and
   the run of short items after it (relative times, datelines, unrelated stories), or a
   run of time-stamped items at the end of the page;
3. captions: the line next to a photo credit, lines marked "(file photo)";
4. duplicates of the headline or of an earlier paragraph;
5. lines that are not sentences: dropped before the first and after the last article
   sentence; kept in between when they read as a subheading.

``find_publication_date`` reads the publication date from a meta line near the top.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

__all__ = ["CleanedText", "clean_document", "find_publication_date"]


@dataclass
class CleanedText:
    """The headline and article text of one capture, and what was left out."""

    title: str
    body: str                                   # kept paragraphs joined by "\n\n"
    date: str | None = None                     # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    dropped: list[tuple[str, str]] = field(default_factory=list)   # (line, reason)


# ---------------------------------------------------------------------------------------
# Vocabulary: small multilingual lists (nl, de, da, nb, en).  Words, not site strings.
# ---------------------------------------------------------------------------------------

STOPWORDS = frozenset("""
a an and or but of to in on at for from by with as is are was were be been being has have
had do does did not no it its this that these those he she they we you i his her their our
your him them us who which what when where while than then there here also will would can
could should may might said says about after before over into up out if so just very all
any some such only other
de het een en of maar van in op te voor met door aan bij uit over naar als is zijn was
waren wordt worden werd werden heeft hebben had hadden dat die dit deze er niet geen ook
nog wel al om tot dan zo zich hij zij ze we wij u je ik hun haar hem wat wie waar hoe want
omdat na tegen zou zouden kan kunnen moet moeten zal zullen volgens meer
der die das den dem des ein eine einer einen einem eines und oder aber von zu im am an auf
für mit bei aus nach vor über unter als ist sind war waren wird werden wurde wurden hat
haben hatte hatten dass daß nicht kein keine auch noch schon nur sich er sie es wir ihr ich
man sein seine seinen ihre ihren wie was wer wo um bis dann so zum zur durch gegen sei
og i at det der den de en et til af på med for er var som har havde ikke også om fra men
eller så kan vil skal blev bliver han hun vi jeg du dem deres sin sit sine hans hendes
efter under ved mod hvor når hvis end nu da kun mere være været sagde siger
av ble blir hadde sitt hennes etter mot enn nå bare mer vært sa sier seg ei
""".split())

MEDIA_WORDS = (
    "foto|fotos|photo|photos|photograph|photography|bild|bilder|billede|billeder|bilde|beeld|"
    "afbeelding|image|images|picture|pictures|illustration|illustrasjon|illustratie|grafik|"
    "grafikk|graphic|video|fotograf|photographer|credit|credits"
)
PHOTO_STEMS = "foto|photo|bild|billede|bilde|beeld|image|picture|afbeelding"
AGENCIES = (
    r"reuters|afp|ap|anp|dpa|epa|getty|getty images|ritzau|scanpix|ntb|tt|shutterstock|"
    r"imago|picture alliance|associated press|nurphoto|sipa|belga|tass|xinhua|bloomberg|"
    r"hollandse hoogte|keystone|apa|efe|ansa|pa|polfoto|reuters/tt"
)

# Whole lines of these words are share bars, consent buttons or menus.
UI_CORE = frozenset("""
share shares sharing del dele deel delen teilen tweet tweeten twittern facebook twitter x
linkedin whatsapp messenger telegram pinterest reddit bluesky threads email e-mail mail
print drucken printen udskriv skriv copy kopier kopiér kopieer kopieren link lenke
accept accepter akzeptieren accepteren godta reject afvis ablehnen weigeren avvis
settings preferences indstillinger einstellungen instellingen innstillinger
menu menü søg søk suchen zoeken search login log logg anmelden inloggen subscribe abonner
abonnieren abonneer abonnér tilmeld newsletter nyhedsbrev nyhetsbrev nieuwsbrief
forside startseite home homepage voorpagina sms kommentar kommentarer kommentare comments
comment reacties reactie listen lyt hør anhören luister
""".split())
UI_FILLER = frozenset("""
on på op auf via this article artikel artikkel artiklen artikkelen dit diesen den denne
the all alle alles and og und en ind inn in up your din dit ihre je jouw met mit with med
to til zu naar now nu jetzt nå here her hier ud ut out
""".split())

# "More from Foreign" / "Meer uit Buitenland" / "Læs også" ...: a teaser list follows.
BOUNDARY = re.compile(
    r"^(?:more (?:from|in|on|about|news|stories|articles|headlines)|read (?:more|also|next)|"
    r"also read|see also|related(?: articles| stories| content| coverage| news)?|"
    r"recommended(?: for you)?|you (?:may|might) also like|most (?:read|popular|viewed)|"
    r"latest (?:news|stories|headlines)|top stories|trending(?: now)?|"
    r"meer (?:uit|over|nieuws|van|artikelen|berichten)|lees (?:ook|meer|verder)|bekijk ook|"
    r"ook interessant|zie ook|meest gelezen|laatste nieuws|gerelateerde? (?:artikelen|berichten)|"
    r"mehr (?:aus|zum|zu|vom|von|über|news|nachrichten|artikel|meldungen)|lesen sie (?:auch|mehr)|"
    r"auch interessant|das könnte sie (?:auch )?interessieren|weitere (?:artikel|nachrichten|"
    r"meldungen|themen|beiträge)|meistgelesen|am meisten gelesen|neueste (?:artikel|nachrichten)|"
    r"verwandte (?:artikel|themen)|"
    r"mere (?:fra|om|nyt)|læs (?:også|mere|videre)|se også|mest (?:læste|lest|sete|delte)|"
    r"seneste nyt|relaterede(?: artikler| historier)?|andre (?:læser|leser)|"
    r"flere (?:saker|nyheter|artikler|historier)|les (?:også|mer|videre)|mer (?:fra|om)|"
    r"siste nytt|relaterte(?: saker| artikler)?)\b",
    re.IGNORECASE,
)

RELATIVE_TIME = re.compile(
    r"(?:\b(?:\d+|an?|one|een|ein|eine|einer|en|et|ei)\s+"
    r"(?:min\.?|mins|minutes?|minuut|minuten|minutter|minutt|minut|"
    r"hours?|hrs?|uur|uren|stunden?|std\.?|timer?|days?|dag|dagen|tagen?|dage|dager|weeks?|weken)"
    r"\s+(?:ago|geleden|siden)(?-i:(?![a-zæøåäöüß])))"      # "6 minuten geledenWASHINGTON" is glued
    r"|(?:\b(?:vor|for)\s+(?:\d+|einer|einem|en|et|ei)\s+"
    r"(?:min\.?|minuten?|minutter|minutt|stunden?|std\.?|timer?|tagen?|dage|dager)\b(?:\s+siden\b)?)",
    re.IGNORECASE,
)
# "BEIROET (ANP) - ", "SEOUL/VLADIVOSTOK (ANP/RTR/AFP) - ", "Berlin (dpa) – ", "Kursk, Russland - "
DATELINE = re.compile(
    r"^(?:[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'.\-/ ]{2,40}(?:\s*\([^)]{1,30}\))?"
    r"|[A-ZÀ-Þ][\w'.\-]+(?:[ /][A-ZÀ-Þ][\w'.\-]+)?\s*\([A-Za-z/ ,.]{2,30}\)"
    r"|[A-ZÀ-Þ][\w'.\-]+, [A-ZÀ-Þ][\w'.\-]+)\s*[-–—]\s+"
)

PUBLISHED = re.compile(
    r"\b(?:first published|published|posted|publiziert|veröffentlicht|erschienen|"
    r"gepubliceerd|geplaatst|publiceret|udgivet|offentliggjort|publisert|skrevet|"
    r"datum|dato)\b(?:\s+(?:on|am|op|den|d\.|:))?",
    re.IGNORECASE,
)
UPDATED = re.compile(
    r"\b(?:last updated|updated|update|aktualisiert|zuletzt aktualisiert|stand|bijgewerkt|"
    r"laatst bijgewerkt|gewijzigd|opdateret|sidst opdateret|oppdatert|sist oppdatert|endret)\b",
    re.IGNORECASE,
)

CREDIT_LINE = re.compile(rf"^\(?\s*(?:{MEDIA_WORDS})\s*(?::|©|\|)", re.IGNORECASE)
CREDIT_BY = re.compile(rf"^\(?\s*(?:{MEDIA_WORDS})\s+(?:by|von|af|av|door)\s+[A-ZÀ-Þ]", re.IGNORECASE)
AGENCY_CREDIT = re.compile(rf"(?:^|[\s/(©])(?:{AGENCIES})(?:\s+(?:photo|foto|images?))?\s*(?:/|$|\))",
                           re.IGNORECASE)
# "... in Brussels on Monday. Photo: Reuters/Yves Herman": caption and credit on one line
CAPTION_TAIL = re.compile(rf"[.!?)]\s*\(?(?:{PHOTO_STEMS})s?\s*:\s*[^.!?]{{2,80}}\)?$", re.IGNORECASE)
# "(Aktenfoto)", "(file photo)", "(arkivbillede)", "(Foto: ANP)"
PHOTO_PAREN = re.compile(rf"\(\s*(?:[\w-]+\s+)?[\w-]*(?:{PHOTO_STEMS})s?\s*(?::[^)]{{0,60}})?\)", re.IGNORECASE)
COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)|\b(?:all rights reserved|alle rechte vorbehalten|"
                       r"alle rettigheder forbeholdes|alle rettigheter (?:reservert|forbeholdt)|"
                       r"alle rechten voorbehouden)\b", re.IGNORECASE)
REPORTING = re.compile(r"\b(?:said|says|told|according|announced|sagde|siger|sagt|sagte|sa|sier|zei|zegt|"
                       r"volgens|erklärte|erklærede|ifølge|meldet|melder|meldt|teilte|kündigte)\b",
                       re.IGNORECASE)
RELATIVE_DAY = re.compile(r"\b(?:today|yesterday|vandaag|gisteren|heute|gestern|i dag|i går|igår)\b",
                          re.IGNORECASE)
SOURCE_LINE = re.compile(r"^(?:kilde|kilder|quelle|quellen|bron|bronnen|source|sources)\s*:", re.IGNORECASE)

MEDIA_UI = re.compile(
    r"\b(?:full ?screen|vollbild\w*|volledig scherm|fuld ?skærm|fullskjerm|"
    r"(?:photo |foto|bilder)?(?:gallery|galerie|galleri)\w*|slideshow|diashow|"
    r"(?:open|öffnen|openen|åbn|åben|åpne|close|schließen|sluiten|luk|lukk|enlarge|"
    r"vergrößern|vergroot|forstør|forstørr|expand|play|abspielen|afspil|spill av|afspelen|"
    r"view|bekijk|ansehen|zoom)\s+(?:\w+\s+)?(?:image|bild|foto|photo|billede|bilde|"
    r"afbeelding|video|picture)|(?:image|bild|foto|photo|billede|bilde|video)\s+"
    r"(?:öffnen|openen|åbn|åpne|vergrößern|vergroten|forstør|forstørr|abspielen|afspil|afspelen))\b",
    re.IGNORECASE,
)
COOKIE = re.compile(r"\bcookies?\b|\binformasjonskapsl", re.IGNORECASE)
COOKIE_CONTEXT = re.compile(
    r"\b(?:we|our|you|your|vi|vores|våre|vår|du|dig|deg|din|wir|unsere|sie|wij|onze|je|jouw|"
    r"accept\w*|godta\w*|akzept\w*|consent|samtykke|zustimm\w*|toestemming|settings|"
    r"indstillinger|einstellungen|instellingen|innstillinger|privacy|datenschutz|personvern|"
    r"privatliv)\b",
    re.IGNORECASE,
)
NEWSLETTER = re.compile(r"\b(?:newsletters?|nyhedsbrev\w*|nyhetsbrev\w*|nieuwsbrie\w*)\b", re.IGNORECASE)
CALL_TO_ACTION = re.compile(
    r"\b(?:sign up|signup|subscribe|subscription|abonnieren|abonniere|abonnér|abonner|abonneer|"
    r"tilmeld|meld dig|meld deg|meld je aan|anmelden|inschrijven|registrer dig|registrer deg|"
    r"log in|log ind|logg inn|inloggen|einloggen|download (?:the|our) app|hent appen|"
    r"follow us|følg os|følg oss|volg ons|folgen sie uns|already a subscriber|"
    r"allerede abonnent|bereits abonnent|al abonnee)\b",
    re.IGNORECASE,
)
SECOND_PERSON = re.compile(
    r"\b(?:you|your|du|dig|din|dit|dine|deg|sie|ihr|ihre|ihren|je|jij|jouw|u|uw)\b", re.IGNORECASE)
ADVERT = re.compile(
    r"\b(?:advertisement|advertising|advert|ad|annonce|annoncen|anzeige|werbung|reklame|"
    r"advertentie|annonse|annonsen|sponsored|sponsoreret|gesponsert|gesponsord|sponset)\b",
    re.IGNORECASE,
)
CONTINUES = re.compile(r"\b(?:continue|continues|fortsætter|fortsetter|fortgesetzt|weiter|gaat verder|"
                       r"below|under|unter|onder|nedenfor)\b", re.IGNORECASE)
BYLINE = re.compile(
    r"^(?:by|af|von|door|av|van|tekst|text|written by|reporting by|skrevet af|skrevet av|"
    r"geschrieben von)\s*:?\s+[A-ZÀ-ÞĀ-Ž]",
    re.IGNORECASE,
)
ROLE = re.compile(
    r"\b(?:journalist\w*|reporter\w*|correspondent|korrespondent\w*|redakteur\w*|redaktør|"
    r"redacteur|redactie|redaktion|editor|chefredaktør|medarbejder|mitarbeiter)\b",
    re.IGNORECASE,
)
READING_TIME = re.compile(
    r"^(?:reading time|lesezeit|leestijd|læsetid|lesetid)\b|\b\d+\s*(?:min|mins|minutes?|minuten|"
    r"minutter|minutt)\.?\s*(?:read|lesen|lesezeit|lezen|leestijd|læsning|læsetid|lesing|lesetid)\b",
    re.IGNORECASE,
)
TAGS = re.compile(
    r"^(?:tags?|topics?|emner|emneord|themen|schlagw\w+|onderwerpen|trefwoorden|keywords|"
    r"relaterede emner|related topics)\s*:",
    re.IGNORECASE,
)
COMMENTS = re.compile(r"^(?:\d+\s+)?(?:comments?|kommentare?|kommentarer|reacties?|reactions?|"
                      r"debat|diskussion)\b\s*(?:\(\d+\))?\s*$", re.IGNORECASE)
COUNTER = re.compile(r"\(\d+\)\s*$")
NAVIGATION = re.compile(
    r"^(?:PREV|NEXT|PREVIOUS|BACK)\b|^(?:previous|next|forrige|næste|neste|vorige|volgende|"
    r"vorheriger|vorherige|nächster|nächste|zurück|weiter)\s*(?:article|artikel|artikkel|post|story|"
    r"bericht|beitrag|nyhed|sak)?\s*(?:[:»«›‹>]|$)",
)
NAV_SEPARATOR = re.compile(r"\s[|»›>/·•]\s|\s[|»›>]|^[|»›>]|[|»›>]$")
BULLET = re.compile(r"^[•*·▪►]\s*")

TERMINAL = re.compile(r"[.!?…:;][\"'»«”“’)\]]*$")
QUOTE_START = re.compile(r"^[\"'«»„“”‘’‹›–—-]\s*\S")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


# ---------------------------------------------------------------------------------------
# Publication date
# ---------------------------------------------------------------------------------------

MONTHS = {
    **dict.fromkeys(["january", "januari", "januar", "jänner", "jan"], 1),
    **dict.fromkeys(["february", "februari", "februar", "feb", "febr"], 2),
    **dict.fromkeys(["march", "maart", "märz", "maerz", "marts", "mars", "mar", "mär", "mrt"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["may", "mei", "mai", "maj"], 5),
    **dict.fromkeys(["june", "juni", "jun"], 6),
    **dict.fromkeys(["july", "juli", "jul"], 7),
    **dict.fromkeys(["august", "augustus", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["october", "oktober", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nov"], 11),
    **dict.fromkeys(["december", "dezember", "desember", "dec", "dez", "des"], 12),
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2}))?"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{_MONTH})\b\.?,?\s+(?P<y>\d{{4}})\b",
               re.IGNORECASE),
    re.compile(rf"\b(?P<mon>{_MONTH})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?,?\s+(?P<y>\d{{4}})\b",
               re.IGNORECASE),
    re.compile(r"\b(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>\d{4}|\d{2})\b"),
)
TIME_AFTER = re.compile(
    r"^[\s,|·–—-]*(?:(?P<pre>um|om|at|kl\.?|klokken|klockan|à|,)\s*)?"
    r"(?P<H>\d{1,2})(?P<sep>[:.h])(?P<M>\d{2})\b(?:\s*(?P<ampm>[ap]\.?\s?m\b\.?))?(?:\s*(?P<suf>uhr|uur))?",
    re.IGNORECASE,
)
TIME_BEFORE = re.compile(r"(?P<H>\d{1,2}):(?P<M>\d{2})\s*(?:uhr|uur)?\s*[,|·–—-]?\s*(?:\w+,?\s+)?$",
                         re.IGNORECASE)
DATE_TOP_LINES = 8          # a date line without a keyword counts only this near the top
KEYWORD_TOP_LINES = 15      # "Published ..." lines count this near the top


@dataclass
class _DateHit:
    value: str
    start: int
    end: int


def _date_hits(line: str) -> list[_DateHit]:
    """Every calendar date in ``line`` (with its time when one is written next to it)."""
    hits: list[_DateHit] = []
    taken: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(line):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            date = _to_date(match.groupdict())
            if date is None:
                continue
            hour_minute = None
            if match.groupdict().get("H"):
                hour_minute = (int(match["H"]), int(match["M"]))
            else:
                hour_minute = _time_near(line, match.start(), match.end())
            value = date.isoformat()
            if hour_minute and hour_minute[0] < 24 and hour_minute[1] < 60:
                value += f"T{hour_minute[0]:02d}:{hour_minute[1]:02d}"
            taken.append((match.start(), match.end()))
            hits.append(_DateHit(value, match.start(), match.end()))
    return sorted(hits, key=lambda hit: hit.start)


def _to_date(groups: dict) -> _dt.date | None:
    year = int(groups["y"])
    if year < 100:
        year += 2000
    if groups.get("mon"):
        month, day = MONTHS[groups["mon"].lower()], int(groups["d"])
        candidates = [(month, day)]
    elif groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        candidates = [(second, first), (first, second)]       # day first, US order if not
    else:
        candidates = [(int(groups["m"]), int(groups["d"]))]
    for month, day in candidates:
        try:
            date = _dt.date(year, month, day)
        except ValueError:
            continue
        if 1990 <= date.year <= 2100:
            return date
    return None


def _time_near(line: str, start: int, end: int) -> tuple[int, int] | None:
    after = TIME_AFTER.match(line[end:end + 24])
    if after:
        dotted = after["sep"] != ":"
        if not dotted or after["pre"] and after["pre"] != "," or after["suf"]:
            hour = int(after["H"])
            ampm = (after["ampm"] or "").lower().replace(".", "").replace(" ", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            return hour, int(after["M"])
    before = TIME_BEFORE.search(line[max(0, start - 24):start])
    if before:
        return int(before["H"]), int(before["M"])
    return None


def _date_meta(line: str) -> tuple[str, str] | None:
    """(date, kind) when ``line`` is a meta line stating a date; kind is published/updated/plain."""
    if not any(c.isdigit() for c in line):
        return None
    hits = _date_hits(line)
    if not hits or len(WORD.findall(line)) > 25:
        return None
    published = [m.end() for m in PUBLISHED.finditer(line)]
    updated = [m.end() for m in UPDATED.finditer(line)]
    if re.search(r"[.!?][\"'»”)]*$", line) and not (PUBLISHED.match(line) or UPDATED.match(line)):
        published = updated = []            # "The report, published on 24 May 2024, found ..."
    for hit in hits:
        before_pub = [pos for pos in published if pos <= hit.start]
        before_upd = [pos for pos in updated if pos <= hit.start]
        if before_pub and (not before_upd or max(before_pub) > max(before_upd)):
            return hit.value, "published"
    if updated and any(pos <= hits[0].start for pos in updated):
        return hits[0].value, "updated"
    rest = line
    for hit in reversed(hits):
        rest = rest[:hit.start] + " " + rest[hit.end:]
    rest = re.sub(r"\d{1,2}[:.]\d{2}", " ", rest)
    rest_words = WORD.findall(rest)
    stopwords = sum(word.lower() in STOPWORDS for word in rest_words)
    if len(rest_words) <= 5 and stopwords <= 1 and not rest.rstrip().endswith((".", "!", "?")):
        return hits[0].value, "plain"
    return None


def find_publication_date(lines: Iterable[str] | str) -> str | None:
    """The publication date stated in a meta line near the top, as ISO 8601.

    ``"Gepubliceerd op 24/10/2024 01:00 in Buitenland"`` gives ``"2024-10-24T01:00"``;
    a date without a time gives ``"YYYY-MM-DD"``.  A line that names the publication
    ("Published", "Veröffentlicht", "Udgivet", ...) wins over a bare date line, which wins
    over an "Updated" line.  Dates inside article sentences are not taken.
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    found: dict[str, str] = {}
    position = 0
    for raw in lines:
        line = _normalise(raw)
        if not line:
            continue
        position += 1
        if position > KEYWORD_TOP_LINES:
            break
        meta = _date_meta(line)
        if meta is None:
            continue
        value, kind = meta
        if kind == "plain" and position > DATE_TOP_LINES:
            continue
        found.setdefault(kind, value)
    for kind in ("published", "plain", "updated"):
        if kind in found:
            return found[kind]
    return None


# ---------------------------------------------------------------------------------------
# Lines and their features
# ---------------------------------------------------------------------------------------

@dataclass
class _Line:
    text: str
    words: list[str] = field(init=False)
    reason: str | None = None     # why the line is dropped; None while kept
    kind: str = ""                # "credit", "media", "symbols", ... for neighbour rules

    def __post_init__(self) -> None:
        self.words = WORD.findall(self.text)

    @cached_property
    def n_words(self) -> int:
        return len(self.words)

    @cached_property
    def stems(self) -> set[str]:
        return _content_stems(self.text)

    @cached_property
    def stop_share(self) -> float:
        return sum(w.lower() in STOPWORDS for w in self.words) / max(1, self.n_words)

    @cached_property
    def n_stop(self) -> int:
        return sum(w.lower() in STOPWORDS for w in self.words)

    @cached_property
    def lower_share(self) -> float:
        return sum(w[0].islower() for w in self.words) / max(1, self.n_words)

    @cached_property
    def letter_share(self) -> float:
        letters = sum(len(word) for word in self.words)         # text is space-normalised
        return min(1.0, letters / max(1, len(self.text) - self.text.count(" ")))

    @cached_property
    def terminal(self) -> bool:
        match = TERMINAL.search(self.text)
        if not match:
            return False
        return not (match.group().startswith((":", ";")) and self.n_words < 4)

    @cached_property
    def sentence(self) -> bool:
        """Reads as running text: a real (if short) sentence, a quote, or a long clause."""
        n = self.n_words
        if n == 0:
            return False
        if self.terminal and QUOTE_START.match(self.text):
            return True
        if n == 1:          # "No." / "Nein!": a one-word reply, kept only inside the article
            return bool(re.search(r"[.!?…][\"'»”’)]*$", self.text)) and len(self.words[0]) >= 2
        if self.terminal and n >= 2 and (self.n_stop >= 1 or n >= 5 or self.lower_share >= 0.3):
            return True
        return n >= 10 and (self.stop_share >= 0.12 or self.lower_share >= 0.4)

    @property
    def kept(self) -> bool:
        return self.reason is None

    def drop(self, reason: str, kind: str = "") -> None:
        if self.reason is None:
            self.reason = reason
            self.kind = kind or self.kind


def _normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    line = re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]", "", line)
    return re.sub(r"\s+", " ", line).strip()


def _split_lines(text: str) -> list[str]:
    """Normalised lines, with hard-wrapped paragraph lines joined back together."""
    lines = [_normalise(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (line and previous and len(previous) >= 40 and line[0].islower()
                and not TERMINAL.search(previous) and "|" not in previous):
            joined[-1] = previous + " " + line
        else:
            joined.append(line)
    return joined


def _words_lower(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _content_stems(text: str) -> set[str]:
    return {w[:6] for w in _words_lower(text) if len(w) >= 4 and w not in STOPWORDS}


# ---------------------------------------------------------------------------------------
# Pass 1: furniture, one line at a time
# ---------------------------------------------------------------------------------------

def _furniture(line: _Line, position: int) -> tuple[str, str] | None:
    """(reason, kind) when the line alone shows it is page furniture, else None."""
    text, n = line.text, line.n_words
    if n == 0 or line.letter_share < 0.3 and not line.sentence:
        return "no words (symbols, numbers)", "symbols"
    if re.fullmatch(r"[-:|\s]+", text) or text.count("|") >= 2 or (
            "|" in text and (text.startswith("|") or text.endswith("|"))):
        return "table row", "table"
    if "|" in text and not line.sentence:
        return "navigation (separators)", "nav"
    if CREDIT_LINE.match(text) and n <= 25 or CREDIT_BY.match(text) and n <= 8 and not line.terminal:
        return "photo credit", "credit"
    if n <= 8 and "/" in text and AGENCY_CREDIT.search(text) and not line.sentence:
        return "photo credit", "credit"
    if CAPTION_TAIL.search(text) and n <= 60:
        return "photo caption with credit", "caption"
    if PHOTO_PAREN.search(text) and n <= 40:
        return "photo caption", "caption"
    if MEDIA_UI.search(text) and n <= 6:
        return "media control", "media"
    if COPYRIGHT.search(text) and n <= 15:
        return "copyright notice", "notice"
    if SOURCE_LINE.match(text) and n <= 10:
        return "source line", "source"
    if COOKIE.search(text) and (COOKIE_CONTEXT.search(text) or n <= 6) and not _reported(text):
        return "cookie notice", "notice"
    if CALL_TO_ACTION.search(text) and (SECOND_PERSON.search(text) or NEWSLETTER.search(text) or n <= 8) \
            and not _reported(text):
        return "sign-up / subscribe prompt", "notice"
    if NEWSLETTER.search(text) and (SECOND_PERSON.search(text) or n <= 6) and not _reported(text):
        return "sign-up / subscribe prompt", "notice"
    if ADVERT.search(text) and n <= 10 and (not line.sentence or CONTINUES.search(text)):
        return "advertisement marker", "notice"
    if READING_TIME.search(text) and n <= 8:
        return "reading time", "meta"
    if TAGS.match(text):
        return "tags", "meta"
    if COMMENTS.match(text) or (COUNTER.search(text) and n <= 3):
        return "comments counter", "nav"
    if NAVIGATION.match(text) or NAVIGATION.match(text.lower()):
        return "prev/next navigation", "nav"
    if _is_ui_bar(line):
        return "share / UI bar", "ui"
    if BYLINE.match(text) and n <= 10 and not text.endswith((".", "!", "?")) and _name_like(line, skip=1):
        return "byline", "byline"
    if ROLE.search(text) and n <= 8 and not line.sentence:
        return "byline", "byline"
    if NAV_SEPARATOR.search(text) and not line.sentence and n <= 12 and not line.terminal:
        return "navigation (separators)", "nav"
    if n <= 25 and _date_meta(text) and (position < KEYWORD_TOP_LINES or not line.sentence):
        return "date / meta line", "meta"
    if (PUBLISHED.match(text) or UPDATED.match(text)) and n <= 12 and not line.sentence and (
            re.search(r"\d", text) or RELATIVE_TIME.search(text) or RELATIVE_DAY.search(text)):
        return "date / meta line", "meta"
    stamp = RELATIVE_TIME.search(text)
    if stamp and n <= 5:
        return "relative time stamp", "meta"
    return None


def _reported(text: str) -> bool:
    """Someone is quoted or reported: article text, whatever words it contains."""
    return bool(REPORTING.search(text) or re.search(r"[\"«»“”„]", text))


def _is_ui_bar(line: _Line) -> bool:
    words = [w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", line.text)]
    if not words or len(words) > 10 or line.terminal and len(words) > 3:
        return False
    core = sum(w in UI_CORE for w in words)
    filler = sum(w in UI_FILLER for w in words)
    return core >= 1 and (core + filler) / len(words) >= 0.75


def _name_like(line: _Line, skip: int = 0) -> bool:
    words = [w for w in line.words[skip:] if w.lower() not in STOPWORDS]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _mark_furniture(lines: list[_Line]) -> None:
    for position, line in enumerate(lines):
        found = _furniture(line, position)
        if found:
            line.drop(*found)


# ---------------------------------------------------------------------------------------
# Pass 2: teaser blocks ("more from ...", lists of other stories)
# ---------------------------------------------------------------------------------------

RELATED_OVERLAP = 0.25      # share of a line's content words seen in the article above it
MIN_ARTICLE_WORDS = 60      # below this, "unrelated to the article" is not judged


def _is_boundary(line: _Line) -> str | None:
    """"heading" for a "more from ..." heading, "inline" for "Read more: <link>", else None."""
    match = BOUNDARY.match(line.text)
    if not match:
        return None
    rest = line.text[match.end():].strip()
    if rest[:1] in (":", "»", "›", ">", "-", "–", "—", "|") and len(WORD.findall(rest)) > 0:
        return "inline"
    if line.n_words <= 6 and not line.terminal:
        return "heading"
    if line.n_words <= 3:
        return "heading"
    return None


def _teaser_marker(line: _Line, after_boundary: bool) -> bool:
    """A line that looks like a teaser item: time-stamped, datelined, bulleted."""
    text = line.text
    stamp = RELATIVE_TIME.search(text)
    if stamp and (stamp.start() == 0 or stamp.end() >= len(text.rstrip(" .")) or line.n_words <= 5):
        return True
    leading_date = _date_hits(text[:24])
    if re.match(r"^\d{1,2}[:.]\d{2}\b", text) or leading_date and leading_date[0].start == 0:
        return True
    return after_boundary and bool(DATELINE.match(text) or BULLET.match(text))


def _related(line: _Line, vocabulary: set[str]) -> bool:
    stems = line.stems
    return bool(stems) and len(stems & vocabulary) / len(stems) >= RELATED_OVERLAP


def _mark_teaser_blocks(lines: list[_Line]) -> None:
    vocabulary: set[str] = set()          # content words of the article lines seen so far
    article_words = 0
    for index, line in enumerate(lines):
        if not line.kept:
            continue
        kind = _is_boundary(line)
        if kind == "inline":
            line.drop("teaser link", "teaser")
        elif kind == "heading":
            end = _teaser_block_end(lines, index, vocabulary, article_words)
            for item in lines[index:end]:
                item.drop("teaser block", "teaser")
        else:
            vocabulary |= line.stems
            article_words += line.n_words
    _mark_trailing_teaser_run(lines)


def _teaser_block_end(lines: list[_Line], start: int, vocabulary: set[str], article_words: int) -> int:
    """The end (exclusive) of the teaser block that starts with the heading at ``start``.

    The block takes the items after the heading (headline-like lines, time-stamped or
    datelined lines), and everything to the end of the page when no later paragraph
    shares the article's vocabulary.
    """
    end = start + 1
    while end < len(lines) and (not lines[end].kept or not lines[end].sentence
                                or _teaser_marker(lines[end], after_boundary=True)):
        end += 1
    if end < len(lines) and article_words >= MIN_ARTICLE_WORDS:
        rest = (line for line in lines[end:] if line.kept and line.sentence)
        if not any(_related(line, vocabulary) for line in rest):
            return len(lines)         # only stories unrelated to the article follow
    return end


def _mark_trailing_teaser_run(lines: list[_Line]) -> None:
    """Drop a run of time-stamped / datelined items that ends the page (no heading needed).

    Only when none of the items shares the article's vocabulary: a live blog's
    time-stamped entries are about the story and stay.
    """
    anchors = [i for i, line in enumerate(lines) if line.kept and line.sentence]
    if not anchors:
        return
    first_paragraph = anchors[0]
    start, markers = len(lines), 0
    for index in range(len(lines) - 1, first_paragraph, -1):
        line = lines[index]
        if not line.kept or not line.sentence:
            start = index
            continue
        stamp = RELATIVE_TIME.search(line.text)
        if stamp and (stamp.start() == 0 or stamp.end() >= len(line.text.rstrip(" ."))) \
                or DATELINE.match(line.text):
            markers += 1
            start = index
            continue
        break
    if markers < 2:
        return
    if RELATIVE_TIME.match(lines[start].text) and start - 1 > first_paragraph and lines[start - 1].kept:
        start -= 1                  # "6 minutes agoWASHINGTON ...": the stamp closes the item before
    vocabulary = set().union(*(line.stems for line in lines[:start] if line.kept))
    if any(_related(line, vocabulary) for line in lines[start:] if line.kept):
        return
    for line in lines[start:]:
        line.drop("teaser block", "teaser")


# ---------------------------------------------------------------------------------------
# Pass 3: captions next to photo credits
# ---------------------------------------------------------------------------------------

CAPTION_MAX_WORDS = 40
MEDIA_KINDS = ("media", "symbols", "credit")


def _mark_captions(lines: list[_Line]) -> None:
    """The caption of a credited photo: the line before the credit, else a plain one after it.

    Captions usually come first ("caption / Photo: X").  A caption describes a picture: a
    line that quotes or reports someone ("..., the minister said") is article text, and so
    is the line before a credit that follows the last article paragraph.  When the line
    before the credit is other furniture (share bar, byline), a one-sentence line after it
    is the caption ("Photo: X / caption").
    """
    sentences = [i for i, line in enumerate(lines) if line.kept and line.sentence and line.n_words >= 2]
    last_sentence = sentences[-1] if sentences else -1
    for index, line in enumerate(lines):
        if line.kind != "credit":
            continue
        before = _neighbour(lines, index, -1)
        if before is not None and lines[before].kept:
            if _caption_like(lines[before]) and index < last_sentence:      # the article goes on
                lines[before].drop("photo caption (next to credit)", "caption")
            continue
        if before is not None and lines[before].kind == "caption":
            continue
        after = _neighbour(lines, index, +1)
        if (after is not None and lines[after].kept and _caption_like(lines[after], max_words=25)
                and _sentences(lines[after]) == 1 and not DATELINE.match(lines[after].text)):
            lines[after].drop("photo caption (next to credit)", "caption")


def _neighbour(lines: list[_Line], index: int, step: int) -> int | None:
    """The nearest line in direction ``step`` that is not another photo/media line."""
    index += step
    while 0 <= index < len(lines) and lines[index].kind in MEDIA_KINDS:
        index += step
    return index if 0 <= index < len(lines) else None


def _sentences(line: _Line) -> int:
    return len(re.findall(r"[.!?][\"'»”]?\s+[A-ZÀ-Þ\"'«„“]", line.text)) + 1


def _caption_like(line: _Line, max_words: int = CAPTION_MAX_WORDS) -> bool:
    return (0 < line.n_words <= max_words and _sentences(line) <= 2
            and not _reported(line.text) and not QUOTE_START.match(line.text))


# ---------------------------------------------------------------------------------------
# Pass 4: duplicates
# ---------------------------------------------------------------------------------------

def _key(text: str) -> str:
    return " ".join(_words_lower(text))


def _mark_duplicates(lines: list[_Line], title: str) -> None:
    title_keys = {_key(title)}
    for separator in (" | ", " - ", " – ", " — "):
        if separator in title:
            title_keys.add(_key(title.rsplit(separator, 1)[0]))
    title_keys.discard("")
    seen: set[str] = set()
    for line in lines:
        if not line.kept:
            continue
        key = _key(line.text)
        if key in title_keys:
            line.drop("duplicate of the headline", "duplicate")
        elif key in seen and line.n_words >= 1:
            line.drop("duplicate line", "duplicate")
        seen.add(key)


# ---------------------------------------------------------------------------------------
# Pass 5: lines that are not sentences
# ---------------------------------------------------------------------------------------

SUBHEADING_MAX_WORDS = 15


def _mark_non_sentences(lines: list[_Line]) -> None:
    kept = [i for i, line in enumerate(lines) if line.kept]
    prose = [i for i in kept if lines[i].sentence and lines[i].n_words >= 2]
    if not prose:
        return
    first, last = prose[0], prose[-1]
    for position, index in enumerate(kept):
        line = lines[index]
        if line.sentence and (line.n_words >= 2 or first < index < last):
            continue
        if index < first:
            line.drop("before the article (not a sentence)", "head")
        elif index > last:
            line.drop("after the article (not a sentence)", "tail")
        elif not (_subheading(line, lines[kept[position + 1]]) or _list_item(line)):
            line.drop("not a sentence", "fragment")


def _list_item(line: _Line) -> bool:
    """"• More money for defence": a bulleted point inside the article."""
    return bool(BULLET.match(line.text) or re.match(r"^[-–]\s", line.text)) and 2 <= line.n_words <= 30


def _subheading(line: _Line, following: _Line) -> bool:
    """A short title-like line directly followed by article text."""
    return (2 <= line.n_words <= SUBHEADING_MAX_WORDS and following.sentence
            and line.letter_share >= 0.6 and not line.text.isupper())


# ---------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------

def clean_document(text: str, title: str | None = None) -> CleanedText:
    """The headline and the article paragraphs of a raw capture; everything else dropped.

    Without ``title`` (None or blank) the first non-empty line is the headline.  With it
    (HTML or JSON input) every line is body text, and lines repeating the headline are
    dropped.
    """
    all_lines = [line for line in _split_lines(text or "") if line]
    if not (title and title.strip()):
        headline, body_lines = (all_lines[0], all_lines[1:]) if all_lines else ("", [])
    else:
        headline, body_lines = _normalise(title), all_lines
    lines = [_Line(line) for line in body_lines]
    _mark_furniture(lines)
    _mark_teaser_blocks(lines)
    _mark_captions(lines)
    _mark_duplicates(lines, headline)
    _mark_non_sentences(lines)
    return CleanedText(
        title=headline,
        body="\n\n".join(line.text for line in lines if line.kept),
        date=find_publication_date(all_lines),
        dropped=[(line.text, line.reason) for line in lines if not line.kept],
    )
