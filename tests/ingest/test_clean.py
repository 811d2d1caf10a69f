"""The cleaning stage: only the headline and the article text of a raw capture are kept.

The five seeds in ``corpus/`` and made-up captures of other sites and languages (share
bars, cookie and newsletter notices, bylines, photo credits and captions, teaser lists).
Every check names a thing a reader would see on the page, not a rule of the cleaner.
"""
from __future__ import annotations


import pytest

from indexer.ingest.clean import CleanedText, clean_document, find_publication_date

from conftest import REPO

CORPUS = REPO / "corpus"


def seed(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def paragraphs(result: CleanedText) -> list[str]:
    return result.body.split("\n\n") if result.body else []


def assert_accounted_for(text: str, result: CleanedText) -> None:
    """Every non-empty input line is the headline, a body paragraph or a dropped line."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    kept = paragraphs(result)
    dropped = [line for line, _ in result.dropped]
    assert sorted(lines) == sorted([result.title] * (lines[0] == result.title) + kept + dropped)
    assert all(reason for _, reason in result.dropped)


# ---------------------------------------------------------------------------------------
# The five seeds
# ---------------------------------------------------------------------------------------

SEED_ABSENT = {
    "000": ["Gepubliceerd op", "in Buitenland"],
    "001": ["Dele", "Exit mobile version", "Med Post ledninger"],
    "002": ["Details", "---", "Ort |", "Quellen", "Kommentare"],
    "003": ["Meer uit Buitenland", "Hezbollah", "Epstein", "geleden", "BEIROET", "Trump", "Leavitt",
            "WASHINGTON", "TEHERAN"],
    "004": ["Getty", "Vollbildmodus", "Aktenfoto", "Associated Press", "Foto:", ">>>>", "PREV", "NEXT",
            "Canada", "In Seoul demonstrierten", "Kletterunfall"],
}
SEED_PRESENT = {
    "000": ["Lloyd Austin, heeft vandaag aan journalisten laten weten",
            "Noord-Korea 3000 troepen naar Rusland heeft gestuurd",
            "Zowel Loekasjenko als NAVO-chef Mark Rutte hebben gewaarschuwd"],
    "001": ["Pentagon bekreftet mandag at Nord-Korea har sendt soldatene",
            "– Vi er stadig mer bekymret",
            "«Hvis vi ser DPRK-tropper bevege seg inn mot frontlinjene",
            "totalt 10 000 soldater til Russland innen desember"],
    "002": ["Rusland indrømmede for første gang brugen af nordkoreanske soldater",
            "over otte millioner artilleri og raketbilleder",
            "Det internationale samfund ser udviklingen."],
    "003": ["Noord-Korea heeft 1500 soldaten naar de Russische stad Vladivostok gestuurd",
            "vier brigades van in totaal 12.000 soldaten",
            "Moskou heeft de berichten eerder afgedaan als nepnieuws."],
    "004": ["NATO-Generalsekretär Mark Rutte bestätigte am Montag",
            "Mehr als 600.000 russische Soldaten wurden in Putins Krieg getötet",
            "Ein nordkoreanischer Vertreter bei den Vereinten Nationen",
            "Die Forderung der Ukraine nach mehr Waffen",
            "Wir brauchen Waffen und einen klaren Plan"],
}


@pytest.mark.parametrize("prefix", sorted(SEED_ABSENT))
def test_seed_page_furniture_is_not_searchable(prefix):
    result = clean_document(seed(prefix))
    for text in SEED_ABSENT[prefix]:
        assert text not in result.body, f"{prefix}: {text!r} left in the body"


@pytest.mark.parametrize("prefix", sorted(SEED_PRESENT))
def test_seed_article_paragraphs_are_kept(prefix):
    result = clean_document(seed(prefix))
    for text in SEED_PRESENT[prefix]:
        assert text in result.body, f"{prefix}: {text!r} missing from the body"


@pytest.mark.parametrize("prefix", sorted(SEED_ABSENT))
def test_seed_every_line_is_kept_or_dropped_with_a_reason(prefix):
    text = seed(prefix)
    assert_accounted_for(text, clean_document(text))


@pytest.mark.parametrize("prefix,title", [
    ("000", "Amerikaanse minister van Defensie bevestigt aanwezigheid Noord-Koreaanse troepen in Rusland"),
    ("002", "Rusland bekræfter: Nordkoreanske soldater kæmper i Ukraine!"),
    ("003", "Seoul: Noord-Korea stuurt eerste 1500 soldaten naar Rusland"),
    ("004", "NATO bestätigt Präsenz nordkoreanischer Soldaten in Russland | Krieg in der Ukraine"),
])
def test_seed_headline_is_the_first_line(prefix, title):
    assert clean_document(seed(prefix)).title == title


def test_a_capture_saved_with_its_address_on_top_keeps_the_address_and_its_headline():
    cleaned = clean_document("https://www.nu.nl/buitenland/123/poetin.html\nPoetin dreigt met vergelding\n\n"
                             "Poetin zei maandag dat Rusland zal reageren op de levering van wapens aan Oekraïne.\n")
    assert cleaned.title == "Poetin dreigt met vergelding"
    assert cleaned.url == "https://www.nu.nl/buitenland/123/poetin.html"
    assert "nu.nl" not in cleaned.body
    assert clean_document(seed("000")).url is None


def test_seed_000_publication_date_from_the_meta_line():
    assert clean_document(seed("000")).date == "2024-10-24T01:00"


@pytest.mark.parametrize("prefix", ["001", "002", "003", "004"])
def test_seeds_without_a_date_line_have_no_date(prefix):
    # "tussen 8 en 13 oktober", "siden august 2022": dates in running text are not the publication date
    assert clean_document(seed(prefix)).date is None


def test_seed_002_duplicated_headline_is_not_in_the_body():
    result = clean_document(seed("002"))
    assert "Nordkoreanske soldater kæmper i Ukraine!" not in result.body
    assert ("Rusland bekræfter: Nordkoreanske soldater kæmper i Ukraine!", "duplicate of the headline") \
        in result.dropped


def test_seed_003_teasers_go_even_without_their_heading():
    text = seed("003").replace("Meer uit Buitenland\n", "")
    result = clean_document(text)
    assert "Hezbollah" not in result.body and "Epstein" not in result.body
    assert result.body.endswith("Moskou heeft de berichten eerder afgedaan als nepnieuws.")


def test_seed_004_caption_next_to_a_credit_goes_but_the_subheading_stays():
    result = paragraphs(clean_document(seed("004")))
    assert not any(p.startswith("NATO-Generalsekretär Mark Rutte (") for p in result)
    assert "Die Forderung der Ukraine nach mehr Waffen" in result
    assert "-" not in result


def test_body_is_normalised_paragraphs():
    for prefix in SEED_ABSENT:
        body = clean_document(seed(prefix)).body
        assert body and body == body.strip()
        for paragraph in body.split("\n\n"):
            assert paragraph and paragraph == paragraph.strip()
            assert "\n" not in paragraph and "  " not in paragraph


# ---------------------------------------------------------------------------------------
# Made-up captures of other sites
# ---------------------------------------------------------------------------------------

ENGLISH_PAGE = """\
Denmark to send more F-16 jets to Ukraine, minister says
Skip to main content
We use cookies to improve your experience on our site. By continuing to browse you agree to our cookie policy.
Accept all
By Jane Doe and John Smith, Reuters
Published October 24, 2024 10:15 AM
3 min read
Share on Facebook   Share on X   Email
Copy link
Photo: Reuters/Tom Little
Danish F-16 fighter jets during an exercise at Skrydstrup air base in 2023.

COPENHAGEN (Reuters) - Denmark will send a further 12 F-16 fighter jets to Ukraine before the end of the \
year, Defence Minister Troels Lund Poulsen said on Thursday, as Kyiv presses its allies for more air defence.

The jets will be delivered in two batches, the minister told reporters in Copenhagen, adding that Danish \
instructors would continue to train Ukrainian pilots at bases in Romania.

"We will not stand by while Russia bombs Ukrainian cities," he said.

"No."

Asked about the cost, he declined to comment.

Read more
Europe's defence spending hits record high
Why Ukraine wants long-range missiles
Sign up for our daily newsletter to get the latest headlines in your inbox.
Advertisement
Reporting by Jane Doe; Editing by Alex Richardson
© 2024 Reuters. All rights reserved.
"""

DANISH_PAGE = """\
Danmark sender flere F-16-fly til Ukraine
Af Mette Jensen, journalist
Udgivet 24. oktober 2024 kl. 10.15
Del artiklen
Del på Facebook
Kopier link
Vi bruger cookies for at forbedre din oplevelse. Accepter alle
Forsvarsminister Troels Lund Poulsen oplyste torsdag, at Danmark sender yderligere tolv F-16-fly til Ukraine \
inden årets udgang.
Forsvarsminister Troels Lund Poulsen på Christiansborg torsdag.
Foto: Ida Marie Odgaard/Ritzau Scanpix
Flyene bliver leveret i to omgange, og danske instruktører fortsætter med at træne ukrainske piloter i \
Rumænien, siger ministeren.
Læs også: Rusland sender flere soldater til Kursk
- Det er en vigtig dag for Ukraine, siger Troels Lund Poulsen.
Han smilede.
Ukraine har længe bedt om flere fly for at kunne forsvare sig mod russiske angreb på byer og energianlæg.
Læs også
Rusland sender flere soldater til Kursk
Sådan bliver F-16-flyene brugt i krigen
Nyt våbenhjælpsprogram på vej
Tilmeld dig vores nyhedsbrev og få dagens vigtigste nyheder direkte i din indbakke.
Annonce
"""

DUTCH_PAGE = """\
Kabinet trekt extra geld uit voor dijkversterking
Nieuws | Binnenland
Door Anne de Vries
vandaag, 08:12
Het kabinet trekt de komende vijf jaar 2 miljard euro extra uit voor de versterking van dijken langs de \
grote rivieren, heeft minister Harbers bekendgemaakt.
De waterschappen hadden al lang gewaarschuwd dat het huidige tempo te laag is om de dijken op tijd aan de \
nieuwe normen te laten voldoen.
Lees ook
Waterschappen: dijken in slechte staat
Het geld komt uit het Deltafonds, dat daarvoor wordt aangevuld met meevallers uit de gasbaten. Volgens \
Harbers gaat het om een "historische investering" in de veiligheid van het rivierengebied.
Wat betekent dit voor u?
Bewoners van de dijkdorpen krijgen de komende jaren te maken met werkzaamheden en omleidingen.
Meest gelezen
1. Storm zorgt voor chaos op Schiphol
2. Oranje verliest van Frankrijk
Deel dit artikel
Facebook Twitter WhatsApp E-mail
Reacties (12)
"""

GERMAN_PAGE = """\
Bundestag beschließt Haushalt für 2025
Startseite > Politik > Deutschland
Stand: 24.10.2024 18:03 Uhr
Von Max Mustermann, ARD-Hauptstadtstudio
Artikel anhören
Lesezeit: 3 Minuten
Der Bundestag hat den Haushalt für das kommende Jahr beschlossen. Nach einer langen Debatte stimmten 380 \
Abgeordnete für den Entwurf der Regierung, 290 dagegen.
Finanzminister Lindner sprach von einem "soliden Haushalt", die Opposition kritisierte die hohe Neuverschuldung.
Bundesfinanzminister Christian Lindner im Bundestag. (Archivbild)
Bild: dpa
Die Schuldenbremse wird nach Angaben des Ministeriums eingehalten.
Das sind die wichtigsten Punkte:
• Mehr Geld für die Bundeswehr
• Kürzungen beim Bürgergeld
Die Länder müssen dem Haushalt nicht zustimmen.
Mehr zum Thema
Lindner verteidigt Sparkurs
Opposition kündigt Klage an
Dieses Thema im Programm: Das Erste | tagesschau | 24.10.2024 | 20:00 Uhr
Anzeige
"""

NORWEGIAN_PAGE = """\
Regjeringen øker forsvarsbudsjettet
Publisert 24.10.2024 kl. 01.00
Oppdatert 24.10.2024 kl. 09.30
Ola Nordmann
Journalist
Regjeringen vil øke forsvarsbudsjettet med 5 milliarder kroner neste år, opplyser statsministeren.
– Vi lever i en alvorlig tid, sier statsminister Jonas Gahr Støre.
– Hvor skal pengene brukes?
– Mest på luftvern og ammunisjon, svarer han.
Ja.
Forslaget får støtte fra Høyre, men Rødt og SV er kritiske.
Foto: Heiko Junge / NTB
Les også
Rekordmange søker seg til Forsvaret
Flere saker
Ny strømstøtte fra nyttår 2 timer siden
Sykehus stenger fødeavdeling 3 timer siden
Mest lest
"""


def test_english_page():
    result = clean_document(ENGLISH_PAGE)
    assert result.title == "Denmark to send more F-16 jets to Ukraine, minister says"
    assert result.date == "2024-10-24T10:15"
    for text in ["cookie", "Accept all", "Jane Doe", "min read", "Share on", "Copy link", "Reuters/Tom Little",
                 "Skrydstrup", "Read more", "record high", "long-range missiles", "newsletter",
                 "Advertisement", "All rights reserved", "Skip to main content"]:
        assert text not in result.body, text
    assert paragraphs(result) == [
        "COPENHAGEN (Reuters) - Denmark will send a further 12 F-16 fighter jets to Ukraine before the end of "
        "the year, Defence Minister Troels Lund Poulsen said on Thursday, as Kyiv presses its allies for more "
        "air defence.",
        "The jets will be delivered in two batches, the minister told reporters in Copenhagen, adding that "
        "Danish instructors would continue to train Ukrainian pilots at bases in Romania.",
        '"We will not stand by while Russia bombs Ukrainian cities," he said.',
        '"No."',
        "Asked about the cost, he declined to comment.",
    ]
    assert_accounted_for(ENGLISH_PAGE, result)


def test_danish_page():
    result = clean_document(DANISH_PAGE)
    assert result.date == "2024-10-24T10:15"
    for text in ["Mette Jensen", "Udgivet", "Del ", "Kopier link", "cookies", "Christiansborg torsdag",
                 "Ritzau", "Læs også", "Rusland sender flere soldater", "våbenhjælpsprogram", "nyhedsbrev",
                 "Annonce"]:
        assert text not in result.body, text
    assert paragraphs(result) == [
        "Forsvarsminister Troels Lund Poulsen oplyste torsdag, at Danmark sender yderligere tolv F-16-fly til "
        "Ukraine inden årets udgang.",
        "Flyene bliver leveret i to omgange, og danske instruktører fortsætter med at træne ukrainske piloter "
        "i Rumænien, siger ministeren.",
        "- Det er en vigtig dag for Ukraine, siger Troels Lund Poulsen.",
        "Han smilede.",
        "Ukraine har længe bedt om flere fly for at kunne forsvare sig mod russiske angreb på byer og "
        "energianlæg.",
    ]
    assert_accounted_for(DANISH_PAGE, result)


def test_dutch_page_keeps_the_article_around_an_inline_teaser():
    result = clean_document(DUTCH_PAGE)
    for text in ["Binnenland", "Anne de Vries", "08:12", "Lees ook", "slechte staat", "Meest gelezen",
                 "Schiphol", "Deel dit", "WhatsApp", "Reacties"]:
        assert text not in result.body, text
    for text in ["2 miljard euro extra", "Het geld komt uit het Deltafonds", "Wat betekent dit voor u?",
                 "werkzaamheden en omleidingen."]:
        assert text in result.body, text


def test_german_page_keeps_list_items_and_the_sentence_after_a_credit():
    result = clean_document(GERMAN_PAGE)
    assert result.date == "2024-10-24T18:03"
    for text in ["Startseite", "Stand:", "Mustermann", "anhören", "Lesezeit", "Archivbild", "dpa",
                 "Mehr zum Thema", "Sparkurs", "Klage", "tagesschau", "Anzeige"]:
        assert text not in result.body, text
    for text in ["Die Schuldenbremse wird nach Angaben des Ministeriums eingehalten.",
                 "Das sind die wichtigsten Punkte:", "• Mehr Geld für die Bundeswehr",
                 "• Kürzungen beim Bürgergeld", "Die Länder müssen dem Haushalt nicht zustimmen."]:
        assert text in paragraphs(result), text


def test_norwegian_page_keeps_dialogue_and_the_closing_paragraph():
    result = clean_document(NORWEGIAN_PAGE)
    assert result.date == "2024-10-24T01:00"                  # published, not updated
    for text in ["Publisert", "Oppdatert", "Ola Nordmann", "Journalist", "Heiko Junge", "Les også",
                 "Rekordmange", "strømstøtte", "timer siden", "Mest lest"]:
        assert text not in result.body, text
    assert paragraphs(result)[1:] == [
        "– Vi lever i en alvorlig tid, sier statsminister Jonas Gahr Støre.",
        "– Hvor skal pengene brukes?",
        "– Mest på luftvern og ammunisjon, svarer han.",
        "Ja.",
        "Forslaget får støtte fra Høyre, men Rødt og SV er kritiske.",
    ]


def test_article_continues_after_a_read_more_link_in_the_middle():
    text = """\
Storm Ciarán leaves thousands without power in Cornwall
Storm Ciarán brought winds of more than 100 mph to Cornwall overnight, leaving thousands of homes without \
power and closing roads across the county.
The Met Office had issued a rare amber warning for wind along the south coast of England, where falling \
trees blocked railway lines.
Read more
Met Office issues amber warning for south coast
Engineers from the power network worked through the night to restore electricity to homes in Cornwall, and \
by morning most of the county had power again.
"It was the worst storm I have seen in thirty years," said a farmer near Penzance.
The storm is expected to move towards the North Sea later on Thursday, bringing heavy rain to the east.
More from UK
Bank of England holds interest rates at 5.25 percent as inflation slows.
Teachers in Scotland vote to accept new pay offer from the government.
Premier League club fined for breaching financial rules.
"""
    result = clean_document(text)
    assert "Engineers from the power network" in result.body
    assert "worst storm I have seen" in result.body
    assert result.body.endswith("bringing heavy rain to the east.")
    for gone in ["Read more", "issues amber warning", "More from UK", "Bank of England", "Teachers",
                 "Premier League"]:
        assert gone not in result.body, gone


def test_live_blog_entries_about_the_story_stay():
    text = """\
Live: NATO summit in Washington
NATO leaders gathered in Washington on Tuesday for a summit dominated by the war in Ukraine and new air \
defence pledges for Kyiv.
2 hours ago NATO leaders agree to send five more air defence systems to Ukraine, the alliance said.
3 hours ago Ukraine's President Zelensky arrives at the NATO summit and meets leaders of the alliance.
4 hours ago NATO Secretary General says Ukraine's path to membership in the alliance is irreversible.
"""
    result = clean_document(text)
    assert len(paragraphs(result)) == 4 and not result.dropped


def test_real_short_paragraphs_and_quotes_survive():
    text = """\
Minister resigns after budget row
The finance minister resigned on Monday after a row with the prime minister over next year's budget.
He declined to comment.
"No."
«Det er alvorligt,» sagde hun.
– Hvorfor?
Er ging.
Die Opposition begrüßte den Rücktritt und forderte Neuwahlen im Frühjahr.
"""
    result = clean_document(text)
    assert paragraphs(result) == text.splitlines()[1:]
    assert not result.dropped


def test_sentences_with_trigger_words_are_article_text():
    text = """\
EU fines tech firm over tracking
The European Commission fined the company 200 million euros on Tuesday for tracking users without consent.
"We will not accept cookies that follow children around the internet," the commissioner told reporters.
By Friday, the company must explain how it will change its cookie banner.
The decision was prepared by the Bildungsministerium (Bildungsministerium) and others, officials said.
Billeder af de døde soldater har spredt sig på sociale medier, siger ministeriet.
The report, published on 24 October 2024, found that the army lacked ammunition.
Stand der Verhandlungen
Die Verhandlungen sollen am Montag in Brüssel weitergehen, hieß es aus Regierungskreisen.
"""
    result = clean_document(text)
    assert paragraphs(result) == text.splitlines()[1:]
    assert result.date is None


def test_caption_and_credit_on_one_line_and_credit_without_prefix():
    text = """\
Rutte visits Kyiv
NATO Secretary General Mark Rutte arrived in Kyiv on Thursday for talks with President Zelensky.
Mark Rutte and Volodymyr Zelensky in Kyiv on Thursday. Photo: Reuters/Valentyn Ogirenko
It was his first visit to Ukraine since taking office, his spokesperson said.
AP Photo/Efrem Lukatsky
Zelensky asked for more air defence systems before winter.
"""
    result = clean_document(text)
    assert "Photo" not in result.body and "Lukatsky" not in result.body
    assert "his first visit to Ukraine" in result.body and "before winter." in result.body


def test_given_title_keeps_the_first_line_as_body():
    text = "Rutte visits Kyiv\nNATO Secretary General Mark Rutte arrived in Kyiv on Thursday for talks.\n"
    result = clean_document(text, title="Rutte visits Kyiv")
    assert result.title == "Rutte visits Kyiv"
    assert result.body == "NATO Secretary General Mark Rutte arrived in Kyiv on Thursday for talks."
    other = clean_document("The first line is a sentence of the article body.\n", title="A headline")
    assert other.title == "A headline" and other.body == "The first line is a sentence of the article body."


def test_hard_wrapped_paragraphs_are_joined():
    text = """\
Parliament approves new climate law
Parliament on Thursday approved a new climate law that commits the country to
cutting greenhouse gas emissions by 70 percent by 2030, after months of
negotiations between the governing parties.

The law was passed with a large majority, the speaker said.
"""
    assert paragraphs(clean_document(text)) == [
        "Parliament on Thursday approved a new climate law that commits the country to cutting greenhouse gas "
        "emissions by 70 percent by 2030, after months of negotiations between the governing parties.",
        "The law was passed with a large majority, the speaker said.",
    ]


def test_empty_and_blank_input():
    assert clean_document("") == CleanedText(title="", body="", date=None, dropped=[])
    assert clean_document("  \n\n \t\n").body == ""


# ---------------------------------------------------------------------------------------
# Publication date
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,expected", [
    ("Gepubliceerd op 24/10/2024 01:00 in Buitenland", "2024-10-24T01:00"),
    ("Veröffentlicht am 24.10.2024, 01:00", "2024-10-24T01:00"),
    ("Publisert 24.10.2024 kl. 01.00", "2024-10-24T01:00"),
    ("Udgivet 24. oktober 2024", "2024-10-24"),
    ("Published October 24, 2024", "2024-10-24"),
    ("Published Oct. 24, 2024 at 1:15 p.m.", "2024-10-24T13:15"),
    ("2024-10-24T01:00:00+02:00", "2024-10-24T01:00"),
    ("2024-10-24", "2024-10-24"),
    ("24. Oktober 2024, 13:45 Uhr", "2024-10-24T13:45"),
    ("Bijgewerkt op 25 oktober 2024", "2024-10-25"),
    ("Publiceret 24.10.24 kl. 06.00", "2024-10-24T06:00"),
    ("Updated 25 Oct 2024 09:00, first published 24 Oct 2024 08:30", "2024-10-24T08:30"),
    ("Op 24 oktober 2024 heeft de minister in Brussel een lange toespraak gehouden over defensie.", None),
    ("Opdateret i dag kl. 10.15", None),
    ("24. okt. 2024 kl. 08.15", "2024-10-24T08:15"),           # DR: a plain date line with "kl."
    ("24. oktober 2024 kl. 07:44", "2024-10-24T07:44"),        # TV 2
    ("23.10.2024 um 18:20 Uhr", "2024-10-23T18:20"),
    ("October 24, 20248:15 AM GMT+2Updated 3 hours ago", "2024-10-24T08:15"),   # Reuters: the time glued on
    ("Pyongyang, 10. oktober 2024. Foto: KCNA / Reuters", None),                # a photo's caption
])
def test_publication_date_formats(line, expected):
    assert find_publication_date(["Headline", line]) == expected


def test_a_plain_date_line_with_kl_wins_over_the_updated_line():
    lines = ["Headline", "24. okt. 2024 kl. 08.15", "Opdateret 25. okt. 2024 kl. 07.05"]
    assert find_publication_date(lines) == "2024-10-24T08:15"


def test_published_wins_over_updated_and_only_near_the_top():
    assert find_publication_date(["Headline", "Updated 25.10.2024", "Published 24.10.2024"]) == "2024-10-24"
    running_text = ["Headline"] + ["A sentence of the article that goes on for a while."] * 20
    assert find_publication_date(running_text + ["24.10.2024"]) is None


@pytest.mark.parametrize("dateline, date", [
    ("BERLIN, 24. Oktober 2024 (dpa) - ", "2024-10-24"), ("LONDON, October 24, 2024 (Reuters) - ", "2024-10-24"),
    ("Oslo, 24.10.2024 (NTB): ", "2024-10-24"), ("KØBENHAVN, 24. oktober 2024 - ", "2024-10-24"),
    ("KYIV, Oct 24 (Reuters) - ", None), ("Berlin (dpa) - ", None),          # no year: no date
])
def test_the_date_of_a_dateline_is_the_publication_date_without_a_date_line(dateline, date):
    text = f"Rheinmetall baut Munitionsfabrik\n{dateline}Rheinmetall baut eine Munitionsfabrik in Litauen.\n"
    assert clean_document(text).date == date
    assert clean_document(text.replace("\n", "\n1. November 2024\n", 1)).date == "2024-11-01"   # the date line wins


def test_an_article_saved_on_one_line_gets_its_first_sentence_as_headline():
    """A 100,000-character first line was the headline, and the body was empty."""
    paragraph = ("Noord-Korea heeft volgens Zuid-Korea 3000 soldaten naar Rusland gestuurd. "
                 + "De inlichtingendienst zei dat woensdag in Seoul, en de NAVO bevestigde het later. " * 10)
    cleaned = clean_document(paragraph)
    assert cleaned.title == "Noord-Korea heeft volgens Zuid-Korea 3000 soldaten naar Rusland gestuurd."
    assert cleaned.body.startswith("Noord-Korea heeft") and "NAVO bevestigde" in cleaned.body
    assert len(clean_document("woord " * 2000).title) <= 302
    assert clean_document("Kort\n\nDe tekst.").title == "Kort"
