"""Page-furniture vocabulary: the short multilingual word lists and patterns (nl, de, da, nb, en).

Words, not site strings: what pages add around an article (photo credits, share bars, cookie and
newsletter notices, bylines, teaser headings, meta lines).  The cleaning passes
(``indexer.ingest.clean``) and the publication-date finder (``indexer.ingest.dates``) read them.
"""
from __future__ import annotations

import re

# The commonest function words of the five languages: the share of them in a line tells running
# prose from page furniture.  Not the analysis stop words (``indexer.lang.stopwords``): those are
# longer lists tuned for ranking, and the cleaning thresholds were measured with this one.
FUNCTION_WORDS = frozenset("""
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

# A site's sections, as its menu names them: one such word above the headline is the section, not the
# site's name ("Buitenland" above the headline; "Handelsblatt" or "Berlingske" there is the site).
SECTION_WORDS = frozenset("""
news world europe uk us politics business economy money markets sport sports culture arts opinion comment
science technology tech health lifestyle entertainment travel local national international weather video
videos live analysis features climate environment education media home latest breaking
nieuws binnenland buitenland politiek economie financieel cultuur opinie columns wetenschap regio regionaal
gezondheid geld wonen verkeer weer achtergrond media
nachrichten politik ausland inland deutschland wirtschaft finanzen kultur feuilleton meinung kommentar
wissen wissenschaft panorama gesellschaft digital netzwelt reise gesundheit regional lokal leben karriere
startseite
nyheder indland udland økonomi erhverv debat viden indblik regionalt lokalt vejret penge
nyheter innenriks utenriks politikk næringsliv debatt meninger viten norge verden
""".split())

# "Skip to main content", "Zum Inhalt springen", "Naar de inhoud": the first line of a select-all capture.
SKIP_LINK = re.compile(
    r"^(?:skip to (?:the )?(?:main )?(?:content|navigation|article)|jump to (?:main )?content|"
    r"zum (?:haupt)?inhalt(?: springen)?|direkt zum inhalt|(?:ga |ga direct )?naar (?:de )?(?:hoofd)?inhoud|"
    r"(?:gå|spring) (?:direkte )?til (?:hoved)?ind(?:hold)?(?:et)?|(?:gå|hopp) til (?:hoved)?innhold(?:et)?)\s*$",
    re.IGNORECASE,
)

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
CLOCK_WORD = r"um|om|at|kl\.?|klokken|klockan|à"        # the word before a clock time
# A clock time with its words: "kl. 08.15", "14:32 Uhr", "om 09:15".
CLOCK = re.compile(rf"(?:\b(?:{CLOCK_WORD})\s*)?\b\d{{1,2}}[:.]\d{{2}}\b(?:\s*(?:uhr|uur)\b)?",
                   re.IGNORECASE)
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
RIGHTS_RESERVED = re.compile(r"\b(?:all rights reserved|alle rechte vorbehalten|alle rettigheder forbeholdes|"
                             r"alle rettigheter (?:reservert|forbeholdt)|alle rechten voorbehouden)\b",
                             re.IGNORECASE)
COPYRIGHT = re.compile(rf"^\s*(?:©|\(c\)|copyright\b)|{RIGHTS_RESERVED.pattern}", re.IGNORECASE)
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
ADVERT_WORDS = (r"advertisement|advertising|advert|ad|annonce|annoncen|anzeige|werbung|reklame|advertentie|"
                r"annonse|annonsen|sponsored(?: content)?|sponsoreret|gesponsert|gesponsord|sponset|advertorial")
ADVERT = re.compile(rf"\b(?:{ADVERT_WORDS})\b", re.IGNORECASE)
# A line that is only the marker ("Anzeige", "ADVERTISEMENT", "- Annonce -", "Werbung · Anzeige"): the
# word inside a sentence is article text ("Polizei erstattet Anzeige", "korn ad Donau", "a Super Bowl ad").
ADVERT_MARKER = re.compile(rf"^[\W_]*(?:\b(?:{ADVERT_WORDS})\b[\W_]*)+$", re.IGNORECASE)
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
# The heading of a comment section, alone on its line, with or without a count: "Reacties (23)",
# "12 Kommentare", "Comments: 4", "Reageer".  Below it, readers write, not the newsroom.
COMMENTS_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:comments?|reactions|kommentare?|kommentarer|kommentieren|kommenter|kommentér|"
    r"reacties?|reageer|reageren)\s*(?:\(\d+\)|\[\d+\]|:?\s*\d+)?\s*:?\s*$", re.IGNORECASE)
COMMENTS = re.compile(rf"{COMMENTS_HEADING.pattern}|^(?:debat|diskussion)\s*(?:\(\d+\))?\s*$", re.IGNORECASE)
# "This article is for subscribers only", "Dit artikel is alleen voor abonnees", "Dieser Artikel ist nur für
# Abonnenten", "Denne artikel er kun for abonnenter", "Subscribe for full access": the paywall's notice.
PAYWALL = re.compile(
    r"\b(?:this|the rest of this|the full|dit|deze|het hele|dieser|diesen|dieses|der ganze|denne|dette|"
    r"resten af|resten av)\s+(?:article|story|content|piece|artikel|artikelen|stuk|bericht|beitrag|inhalt|"
    r"text|artiklen|artikkelen|saken|historien)\b[^.!?]{0,60}?\b(?:subscribers?|abonnees?|abonnent(?:en|er|ar)?|"
    r"abonnentinnen|members|leden|mitglieder|medlemmer|plus-?(?:kunden|abonnenten))\b"
    r"|\b(?:subscribe|subscription|abonneer|abonnement|abonnieren|abonnér|abonner)\b[^.!?]{0,40}?"
    r"(?:\bfull access|\bto (?:continue|keep) reading|\bunlimited|\bvolledige toegang|\bom verder te lezen|"
    r"\bvollen? zugriff|\bweiter ?zu ?lesen|\bweiterlesen|\bfuld adgang|\bfor at læse videre|"
    r"\bfull tilgang|\bfor å lese videre)"
    r"|\b(?:already a subscriber|al abonnee|bereits abonnent|schon abonnent|allerede abonnent)\b",
    re.IGNORECASE,
)
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
