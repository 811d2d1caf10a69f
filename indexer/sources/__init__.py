"""Sources: the outlet of each article and the wire agencies it cites (a stage of the pipeline).

The outlet, first found wins: the JSON Lines ``source`` field or the page's own metadata
(``og:site_name``, the JSON-LD publisher: trafilatura reads both into the same field), then the
registered domain of the article's URL ("https://www.nu.nl/x" -> "nu.nl"), then an outlet the
headline ends with ("Poetin dreigt | NU.nl", cut from the headline), then a known outlet's name
alone above the headline (a select-all capture starting "NRC") or right under it, then a wire credit in the text
("With Post wires"), then the first agency of a dateline credit ("(ANP/RTR/AFP)": agency copy), then
a name the table does not know that the cleaner took for the site's own at the top of a capture
("Frankfurter Allgemeine", "Berlingske" above the headline: ``CleanedText.site``).
Names go through the table in ``data/outlets.yaml`` (one value per outlet); a name it does not
know is kept as written.  Agencies: every wire agency the text credits or cites.
"""
from __future__ import annotations

import re

from indexer.records import Article
from indexer.sources.credits import closing_lines, find_credits
from indexer.sources.names import DOMAIN, clean_name, name_table


def attribute(article: Article, raw_text: str | None = None, site: str | None = None) -> None:
    """Set ``article.source`` (canonical outlet or None) and ``article.agencies``.  ``raw_text``:
    the page before cleaning, whose lines right after the article's end may hold its credit;
    ``site``: the name the cleaner took for the site's own above the headline."""
    table = name_table()
    closing = closing_lines(raw_text, article.body) if raw_text else ""
    credits = find_credits(f"{article.text}\n{closing}", table)
    given = registered_domain(article.source) or article.source      # a site's address as its name
    on_top = leading_outlet(raw_text, article.title, table) if raw_text else None
    article.title, in_title = split_outlet_suffix(article.title, table)
    candidates = [given, registered_domain(article.url), in_title, on_top, credits.wire_outlet,
                  *credits.credited[:1], site]
    named = next((clean_name(name) for name in candidates if name and clean_name(name)), None)
    article.source = (table.outlet(named) or table.agency(named) or named) if named else None
    article.agencies = credits.cited


OUTLET_SUFFIX = re.compile(r"^(?P<headline>.+)\s+[|–—-]\s+(?P<site>[^|–—]{2,40})$")   # after the last separator


def split_outlet_suffix(title: str, table) -> tuple[str, str | None]:
    """A page title's headline and the outlet it ends with ("Poetin dreigt | NU.nl", "... - NRK"),
    when that is an outlet the table knows or a site's address; else the title as it is.  A
    section name stays ("... | Krieg in der Ukraine")."""
    match = OUTLET_SUFFIX.match(title or "")
    if match is None:
        return title, None
    site = match["site"].strip()
    if table.outlet(site) or DOMAIN.match(site):
        return match["headline"].strip(), site
    return title, None


LEADING_LINES = 12          # a capture's top lines read for the site's name, down to the headline


def leading_outlet(raw_text: str, headline: str, table) -> str | None:
    """A known outlet's name standing alone above the headline ("NRC", "TV 2"): a select-all
    capture starts with the site's name; or right under it ("Headline / DER SPIEGEL / text",
    a site that prints its name as the byline).  Further down such a line is article text."""
    lines = (" ".join(line.split()) for line in raw_text.splitlines())
    top = [line for line in lines if line][:LEADING_LINES + 1]
    for i, line in enumerate(top[:LEADING_LINES]):
        if line == headline:
            below = top[i + 1] if i + 1 < len(top) else ""
            return below if table.outlet(below) else None
        if table.outlet(line):
            return line
    return None


def registered_domain(url: str | None) -> str | None:
    """The domain an outlet registered ("https://www.bbc.co.uk/news/x" -> "bbc.co.uk"), from the
    public suffix list bundled with ``tld`` (no network)."""
    if not url or "://" not in url:
        return None
    from tld import get_fld

    return get_fld(url, fail_silently=True)
