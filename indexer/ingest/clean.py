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

1. per-line furniture rules (symbols, tables, share/UI bars, credits, bylines, meta lines, paywall
   notices, advert markers: "Anzeige" alone on its line, not "Polizei erstattet Anzeige"); a comments
   heading ("Reacties (23)", "Kommentare") below the article's first sentence ends the article text;
2. teaser blocks: a "more from / meer uit / mehr aus / mere fra / flere saker" heading and
   the run of short items after it (relative times, datelines, other headlines) up to the
   next real paragraph or sentence ending in a full stop, or a run of time-stamped items at
   the end of the page;
3. captions: the line next to a photo credit, lines marked "(file photo)";
4. duplicates of the headline or of an earlier paragraph;
5. lines that are not sentences: dropped before the first and after the last article
   sentence; kept in between when they read as a subheading, and right below a capture's
   headline when they read as its standfirst.

Above a capture's headline: skip links, notices, menus, a section word and the site's name (the
outlets table's, or at the top of the page a masthead-like name it does not know: ``CleanedText.site``).

``find_publication_date`` reads the publication date from a meta line near the top; without one,
the date of a dateline opening the article ("BERLIN, 24. Oktober 2024 (dpa) - ...") is taken.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.ingest.dates import KEYWORD_TOP_LINES, date_hits, date_meta, dateline_date, find_publication_date
from indexer.ingest.furniture import (
    ADVERT, ADVERT_MARKER, AGENCY_CREDIT, BOUNDARY, BULLET, BYLINE, CALL_TO_ACTION, CAPTION_TAIL, COMMENTS,
    COMMENTS_HEADING, CONTINUES, COOKIE, COOKIE_CONTEXT, COPYRIGHT, COUNTER, CREDIT_BY, CREDIT_LINE, DATELINE,
    MEDIA_UI, NAV_SEPARATOR, NAVIGATION, NEWSLETTER, PAYWALL, PHOTO_PAREN, PUBLISHED, QUOTE_START, READING_TIME,
    RELATIVE_DAY, RELATIVE_TIME, REPORTING, RIGHTS_RESERVED, ROLE, SECOND_PERSON, SKIP_LINK,
    SOURCE_LINE, FUNCTION_WORDS, TAGS, UI_CORE, UI_FILLER, UPDATED, WORD,
)
from indexer.ingest.lines import Line, normalise, split_lines
from indexer.ingest.masthead import about, site_name_like
from indexer.sources.names import name_table

__all__ = ["CleanedText", "clean_document", "find_publication_date"]

ADDRESS_LINE = re.compile(r"https?://[^\s/]+\S*", re.IGNORECASE)


@dataclass
class CleanedText:
    """The headline and article text of one capture, and what was left out."""

    title: str
    body: str                                   # kept paragraphs joined by "\n\n"
    date: str | None = None                     # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    dropped: list[tuple[str, str]] = field(default_factory=list)   # (line, reason)
    url: str | None = None                      # the page's address, when the capture starts with it
    site: str | None = None                     # the site's name above the headline ("Het Parool"), for the outlet


# ---------------------------------------------------------------------------------------

def _furniture(line: Line, position: int) -> tuple[str, str] | None:
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
    if COPYRIGHT.search(text) and (n <= 15 or RIGHTS_RESERVED.search(text) and n <= 40):
        # a long one too: "Copyright 2024 BBC. All rights reserved. The BBC is not responsible for ..."
        return "copyright notice", "notice"
    if SOURCE_LINE.match(text) and n <= 10:
        return "source line", "source"
    if COOKIE.search(text) and (COOKIE_CONTEXT.search(text) or n <= 6) and not _reported(text):
        return "cookie notice", "notice"
    if PAYWALL.search(text) and n <= 40 and not _reported(text):
        return "paywall notice", "notice"
    if CALL_TO_ACTION.search(text) and (SECOND_PERSON.search(text) or NEWSLETTER.search(text) or n <= 8) \
            and not _reported(text):
        return "sign-up / subscribe prompt", "notice"
    if NEWSLETTER.search(text) and (SECOND_PERSON.search(text) or n <= 6) and not _reported(text):
        return "sign-up / subscribe prompt", "notice"
    if ADVERT_MARKER.match(text) or ADVERT.match(text) and CONTINUES.search(text) and n <= 10:
        # "Anzeige", "- Annonce -", "Advertisement - scroll to continue": not "korn ad Donau"
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
    if n <= 25 and date_meta(text) and (position < KEYWORD_TOP_LINES or not line.sentence):
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


def _is_ui_bar(line: Line) -> bool:
    words = [w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", line.text)]
    if not words or len(words) > 10 or line.terminal and len(words) > 3:
        return False
    core = sum(w in UI_CORE for w in words)
    filler = sum(w in UI_FILLER for w in words)
    return core >= 1 and (core + filler) / len(words) >= 0.75


def _name_like(line: Line, skip: int = 0) -> bool:
    words = [w for w in line.words[skip:] if w.lower() not in FUNCTION_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _mark_furniture(lines: list[Line]) -> None:
    for position, line in enumerate(lines):
        found = _furniture(line, position)
        if found:
            line.drop(*found)


def _mark_comment_section(lines: list[Line]) -> None:
    """Everything below a comments heading ("Reacties (23)", "Kommentare", "Comments") once the article
    has begun: readers' comments, not the article.  Only the heading alone on its line counts: a
    sentence with the word ("De reacties waren positief.") is article text."""
    begun = False
    for index, line in enumerate(lines):
        if line.kept and line.sentence and line.n_words >= 2:
            begun = True
        elif begun and COMMENTS_HEADING.match(line.text):
            for item in lines[index + 1:]:
                item.drop("comment section", "comments")
                item.kind = "comments"          # a comment's time stamp is no publication date
            return


# ---------------------------------------------------------------------------------------
# Pass 2: teaser blocks ("more from ...", lists of other stories)
# ---------------------------------------------------------------------------------------

RELATED_OVERLAP = 0.25      # share of a line's content words seen in the article above it
TEASER_SUBHEADING_WORDS = 5  # a subheading after a teaser list is shorter than the stories' headlines


def _is_boundary(line: Line) -> str | None:
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


def _teaser_marker(line: Line, after_boundary: bool) -> bool:
    """A line that looks like a teaser item: time-stamped, datelined, bulleted."""
    text = line.text
    stamp = RELATIVE_TIME.search(text)
    if stamp and (stamp.start() == 0 or stamp.end() >= len(text.rstrip(" .")) or line.n_words <= 5):
        return True
    leading_date = date_hits(text[:24])
    if re.match(r"^\d{1,2}[:.]\d{2}\b", text) or leading_date and leading_date[0].start == 0:
        return True
    return after_boundary and bool(DATELINE.match(text) or BULLET.match(text))


def _related(line: Line, vocabulary: set[str]) -> bool:
    stems = line.stems
    return bool(stems) and len(stems & vocabulary) / len(stems) >= RELATED_OVERLAP


def _mark_teaser_blocks(lines: list[Line]) -> None:
    for index, line in enumerate(lines):
        if not line.kept:
            continue
        kind = _is_boundary(line)
        if kind == "inline":
            line.drop("teaser link", "teaser")
        elif kind == "heading":
            end = _teaser_block_end(lines, index)
            for item in lines[index:end]:
                item.drop("teaser block", "teaser")
    _mark_trailing_teaser_run(lines)


def _teaser_block_end(lines: list[Line], start: int) -> int:
    """The end (exclusive) of the teaser block that starts with the heading at ``start``.

    The block takes the items after the heading (headline-like lines, time-stamped or
    datelined lines) up to the first real paragraph or sentence ending in a full stop (unless
    such sentences are all that is left of the page: a closing list of one-line stories): a
    teaser list in the middle of an article ("Mehr zum Thema", "Lees ook") is followed by
    more of the article, and a short title-like line right before that paragraph is its
    subheading.
    """
    end, closing = start + 1, _closing_list(lines, start + 1)
    while end < len(lines) and not (lines[end].kept and not _teaser_marker(lines[end], after_boundary=True) and (
            _real_paragraph(lines[end]) or _full_sentence(lines[end]) and not closing)):
        end += 1
    before = lines[end - 1]
    if end < len(lines) and end - 1 > start + 1 and before.kept and _block_subheading(before, lines[end]):
        end -= 1
    return end


def _block_subheading(line: Line, following: Line) -> bool:
    """"Kritik aus Seoul" before the paragraph that ends a teaser list: a few words, where the
    items are other stories' headlines, whole clauses ("Rutte: Alvorlig optrapning af krigen")."""
    return (_subheading(line, following) and line.n_words <= TEASER_SUBHEADING_WORDS
            and not line.terminal and ":" not in line.text)


TEASER_MAX_SENTENCE_WORDS = 3   # a teaser ending in a full stop is this short ("Lees meer.")


def _full_sentence(line: Line) -> bool:
    """A sentence of the article ending in a full stop ("Universiteiten protesteren tegen de plannen."):
    a teaser is a link-like headline, with no full stop at its end, or short."""
    return (line.sentence and line.n_words > TEASER_MAX_SENTENCE_WORDS
            and re.search(r"(?<!\.)\.[\"'»”’)]*$", line.text) is not None)


def _closing_list(lines: list[Line], start: int) -> bool:
    """The kept lines from ``start`` to the end of the page are a list of other stories, each one
    short sentence ("More from UK" / "Bank of England holds interest rates." / "Teachers vote ...")."""
    items = [line for line in lines[start:] if line.kept]
    return len(items) >= 2 and all(_full_sentence(line) and line.n_words <= SUBHEADING_MAX_WORDS
                                   and _sentences(line) == 1 and not _real_paragraph(line) for line in items)


def _real_paragraph(line: Line) -> bool:
    """Article text, not a teaser item: running text longer than a headline, two sentences, or a
    sentence that quotes or reports someone."""
    return line.sentence and (line.n_words > SUBHEADING_MAX_WORDS or _sentences(line) >= 2
                              or line.terminal and (_reported(line.text) or QUOTE_START.match(line.text)))


def _mark_trailing_teaser_run(lines: list[Line]) -> None:
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


def _mark_captions(lines: list[Line]) -> None:
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


def _neighbour(lines: list[Line], index: int, step: int) -> int | None:
    """The nearest line in direction ``step`` that is not another photo/media line."""
    index += step
    while 0 <= index < len(lines) and lines[index].kind in MEDIA_KINDS:
        index += step
    return index if 0 <= index < len(lines) else None


def _sentences(line: Line) -> int:
    return len(re.findall(r"[.!?][\"'»”]?\s+[A-ZÀ-Þ\"'«„“]", line.text)) + 1


def _caption_like(line: Line, max_words: int = CAPTION_MAX_WORDS) -> bool:
    return (0 < line.n_words <= max_words and _sentences(line) <= 2
            and not _reported(line.text) and not QUOTE_START.match(line.text))


# ---------------------------------------------------------------------------------------
# Pass 4: duplicates
# ---------------------------------------------------------------------------------------

def _key(text: str) -> str:
    """The words and numbers of a line: "Update 18 Uhr: 500 getötet" is no repeat of "Update 14 Uhr: 200 ..."."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _mark_duplicates(lines: list[Line], title: str) -> None:
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


STANDFIRST_MIN_WORDS = 3


def _mark_non_sentences(lines: list[Line], below_headline: bool = False) -> None:
    """``below_headline``: ``lines`` start right below a capture's headline, where a second
    headline-like line is its standfirst (or the headline itself, below a site name the
    cleaner did not know): kept, never lost."""
    kept = [i for i, line in enumerate(lines) if line.kept]
    prose = [i for i in kept if lines[i].sentence and lines[i].n_words >= 2]
    if not prose:
        return
    first, last = prose[0], prose[-1]
    for position, index in enumerate(kept):
        line = lines[index]
        if line.sentence and (line.n_words >= 2 or first < index < last):
            continue
        if index == 0 and below_headline and _standfirst(line):
            continue
        if index < first:
            line.drop("before the article (not a sentence)", "head")
        elif index > last:
            line.drop("after the article (not a sentence)", "tail")
        elif not (_subheading(line, lines[kept[position + 1]]) or _list_item(line)):
            line.drop("not a sentence", "fragment")


def _standfirst(line: Line) -> bool:
    """A headline-like line of a few words with a word in lowercase that is no function word
    ("Volkswagen schließt drei Werke in Deutschland"): not a byline ("Justin McCurry in Seoul") or
    a time stamp ("i går kl. 14.05")."""
    return (line.n_words >= STANDFIRST_MIN_WORDS and line.letter_share >= 0.6 and _headline_like(line.text)
            and not SKIP_LINK.match(line.text)
            and any(word[0].islower() and word.lower() not in FUNCTION_WORDS for word in line.words))


def _list_item(line: Line) -> bool:
    """"• More money for defence": a bulleted point inside the article."""
    return bool(BULLET.match(line.text) or re.match(r"^[-–]\s", line.text)) and 2 <= line.n_words <= 30


def _subheading(line: Line, following: Line) -> bool:
    """A short title-like line directly followed by article text."""
    return (2 <= line.n_words <= SUBHEADING_MAX_WORDS and following.sentence
            and line.letter_share >= 0.6 and not line.text.isupper())


# ---------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------

MAX_HEADLINE_CHARS = 300     # a longer first line is the article's first paragraph
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'„“«]?[A-ZÆØÅÄÖÜ0-9])")


ABOVE_HEADLINE_KINDS = ("symbols", "notice", "ui", "meta")     # _furniture kinds a headline never is


def _above_headline(lines: list[str]) -> list[Line]:
    """The leading lines of a select-all capture that come before its headline, dropped with the reason.

    Skip links, cookie and consent lines, menu and share bars, a date line, and -- when a
    headline-like line follows -- the site's name ("NRC", "TV 2": the outlets table; at the
    top of the page also a name the table does not know: "Frankfurter Allgemeine", "Het
    Parool", "Berlingske") or a section word ("Buitenland").  A line of another kind is the
    headline; so is the last line, when nothing else is left.
    """
    above: list[Line] = []
    for index, text in enumerate(lines[:-1]):
        line, following = Line(text), lines[index + 1]
        furniture = _furniture(line, index)
        at_top = not any(item.kind in ("site", "section") for item in above)     # nothing of the page's own yet
        if SKIP_LINK.match(text):
            line.drop("skip link", "nav")
        elif furniture and furniture[1] in ABOVE_HEADLINE_KINDS:
            line.drop(*furniture)
        elif _headline_like(following) and name_table().outlet(text):
            line.drop("site name", "site")
        elif (_headline_like(following) and at_top and site_name_like(line)
              and not about(line, lines[index + 1:])):
            line.drop("site name", "site")
        elif _headline_like(following) and line.n_words == 1 and " " not in text and text[0].isupper():
            line.drop("section name", "section")
        else:
            break
        above.append(line)
    return above


def _headline_like(text: str) -> bool:
    """A headline has no full stop at its end; a paragraph does ("Kort" above "De tekst." is a headline)."""
    return len(text) <= MAX_HEADLINE_CHARS and not re.search(r"\.[\"'»”’)]*$", text)


MENU_KINDS = ("head", "ui", "nav", "site", "section", "notice", "comments")   # dropped lines that say nothing of the date


def _page_top(lines: list[Line]) -> list[str]:
    """The lines the date line is looked for in: the menu items, share bars and notices the
    cleaner dropped do not count, so a long menu does not push the date line out of reach
    (Spiegel's at line 12, the Guardian's at line 21)."""
    return [line.text for line in lines if line.kind not in MENU_KINDS]


def headline_of_paragraph(paragraph: str) -> str:
    """A headline for an article without one (its first line is a paragraph): the first sentence,
    or its first words where that too is long."""
    sentence = _SENTENCE_END.split(paragraph, maxsplit=1)[0]
    if len(sentence) <= MAX_HEADLINE_CHARS:
        return sentence
    return sentence[:MAX_HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def clean_document(text: str, title: str | None = None) -> CleanedText:
    """The headline and the article paragraphs of a raw capture; everything else dropped.

    Without ``title`` (None or blank) the first non-empty line below the page's top furniture
    (skip links, cookie notice, menu, the site's name) is the headline.  With it
    (HTML or JSON input) every line is body text, and lines repeating the headline are
    dropped.
    """
    all_lines = [line for line in split_lines(text or "") if line]
    addresses = []
    while all_lines and ADDRESS_LINE.fullmatch(all_lines[0]):
        addresses.append(all_lines.pop(0))      # a capture saved with its address on top
    above: list[Line] = []
    top: list[Line] = []                # the headline as the page shows it
    if not (title and title.strip()):
        above = _above_headline(all_lines)
        page_lines = all_lines[len(above):]
        headline, body_lines = (page_lines[0], page_lines[1:]) if page_lines else ("", [])
        top = [Line(headline)]
        if len(headline) > MAX_HEADLINE_CHARS:      # a paragraph, not a headline: text saved on one line
            headline, body_lines, top = headline_of_paragraph(headline), page_lines, []
    else:
        headline, body_lines = normalise(title), all_lines
    lines = [Line(line) for line in body_lines]
    _mark_furniture(lines)
    _mark_comment_section(lines)
    _mark_teaser_blocks(lines)
    _mark_captions(lines)
    _mark_duplicates(lines, headline)
    _mark_non_sentences(lines, below_headline=bool(top))
    return CleanedText(
        title=headline,
        body="\n\n".join(line.text for line in lines if line.kept),
        date=find_publication_date(_page_top(above + top + lines))
        or dateline_date(line.text for line in lines if line.kept),
        dropped=[(line.text, line.reason) for line in above + lines if not line.kept],
        url=addresses[0] if addresses else None,
        site=next((line.text for line in above if line.kind == "site"), None),
    )
