"""Masks: the spans of dates, times, year ranges, phone numbers, ages and ids, never read as counts."""
from __future__ import annotations

import re

# --------------------------------------------------------------------------------------
# Masked spans: dates, times, year ranges, phones, ages, ids.

_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           "december|januar|jänner|februar|märz|maerz|mai|dezember|marts|maj|mars|desember|"
           "january|february|april|june|july|august|october|"
           r"jan|feb|febr|mrt|mär|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec|dez|des")
_MONTH = rf"(?:(?i:{_MONTHS})\.?|May|March)(?![\w])"
_DAY = r"\d{1,2}\.?"
_DAY_SEP = (r"(?:\s*[-–—/]\s*"
            r"|\s+(?i:en|und|bis|og|til|to|and|tot en met|tot|t/m|à|a|through|until|till)\s+)")
_TIME_SEP = r"\s*(?:[-–—]|(?i:og|til|und|bis|en|tot|and|to|until|till)\b)\s*"   # "10-12", "10 bis 12"
_MASKS = re.compile(rf"""
    (?<![\w.,]){_DAY}(?:{_DAY_SEP}{_DAY})?\s*(?:(?i:den|de|der)\s+)?{_MONTH}(?:\s+\d{{4}})?
  | \b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:{_DAY_SEP}\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?(?![.,]?\d)
  | \b{_MONTH}\s+\d{{4}}(?!\d)
  | (?<![\w.,])\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})(?![\d])
  | (?<![\w.,])\d{{4}}-\d{{1,2}}-\d{{1,2}}(?!\d)
  | (?<![\w.,])\d{{1,2}}\.\d{{1,2}}\.(?!\d)
  | (?<![\w.,])\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d)
  | (?i:\b(?:kl|klokken|klockan|om|um|at|ab|vanaf|tot|bis|til|fra)\.?\s*)\d{{1,2}}(?:[.:]\d{{2}})\b
  | (?i:\bkl\.?|\bklokken)\s*\d{{1,2}}(?:[.:]\d{{2}})?(?:{_TIME_SEP}\d{{1,2}}(?:[.:]\d{{2}})?)?(?![\d.,]\d)\b
  | (?<![\w.,])(?:\d{{1,2}}(?:[.:]\d{{2}})?{_TIME_SEP})?\d{{1,2}}(?:[.:]\d{{2}})?\s*
        (?i:uur|uhr|o'clock|a\.m\.|p\.m\.|am\b|pm\b|h\b)
  | (?<![\w.,])(?:19|20)\d{{2}}\s*[-–/]\s*(?:(?:19|20)\d{{2}}|\d{{2}})(?![\d])
  | (?i:\b(?:im\s+alter\s+von|alter\s+von|op\s+(?:de\s+)?leeftijd\s+van|leeftijd\s+van
        |at\s+the\s+age\s+of|aged|i\s+en\s+alder\s+a[fv]|alder\s+a[fv]|alderen)\s+)
        (?i:(?:between|zwischen|tussen|mellem|mellom)\s+)?\d{{1,3}}(?:{_TIME_SEP}\d{{1,3}}(?!\d))?
  | (?<=[^\W\d_])\s\(\d{{1,3}}\)
  | (?:\+|\b00)\d{{1,3}}[\s/-]?(?:\(?\d{{1,4}}\)?[\s/-]?){{2,5}}\d{{2,4}}(?!\d)
  | (?i:\b(?:tel|tlf|telefon|telefoon|phone|fax)\.?:?\s*)[\d\s/()+-]{{6,}}\d
  | [#§№]\s*\d+
  | (?<![\w.,])0\d{{1,4}}[\s/-]?\d{{5,8}}(?!\d)
  | (?<![\w+])\+\d{{1,4}}(?![\d.,%]|\s?(?:%|procent|prozent|prosent|percent))
  | (?<=[^\W\d_]),\s\d{{1,3}},(?=\s)
""", re.X)
_PHONE_LIKE = re.compile(r"(?<![\d.,])\d{2,4}(?:[ \u00a0\u202f\-/]\d{2,4}){2,}(?![\d.,]\d)")
_THOUSANDS_LIKE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+")

_DIGITS = re.compile(r"\d+")
YEAR = re.compile(r"19\d\d|20\d\d|2100")
_WINDOW = 60            # characters around digits that the mask patterns look at


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around digits, cut at whitespace; the masks only run there."""
    windows: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    out = []
    for start, end in windows:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        out.append((start, end))
    return out


def masked_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in _digit_windows(text):
        spans.extend(m.span() for m in _MASKS.finditer(text, start, end))
        for m in _PHONE_LIKE.finditer(text, start, end):
            # "12 34 56 78", "020 123 4567" - but not "12 000 000 soldater" (thousands groups)
            if not _THOUSANDS_LIKE.fullmatch(m.group()) and sum(c.isdigit() for c in m.group()) >= 7:
                spans.append(m.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
