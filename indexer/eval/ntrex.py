"""NTREX-128 retrieval benchmark and real-text distractor articles.

``load_ntrex(data_dir)`` reads the 123 NTREX-128 news articles (WMT newstest2019) in the five
languages of the project::

    {"en": {"bbc.381790": (headline, body), ...}, "de": {...}, "nl": ..., "da": ..., "nb": ...}

``data_dir`` is ``shared/data`` or its ``ntrex/`` folder.  The five text files are line-aligned
(CRLF, one segment per line); ``DOCUMENT_IDS.tsv`` names the article of every line.  An
article's lines are contiguous, its first line is the headline and the remaining lines, joined
with ``"\\n"``, are the body.  Article ids (``<outlet>.<number>``, e.g. ``cnbc.com.173``) are the
same in every language.

``distractor_articles(data_dir)`` yields >= 10,000 short real news-like articles in nl, nb, da
and de assembled from the NER corpora under ``shared/data/ner`` (see its docstring).  There is no
English text in ``shared/data`` besides NTREX itself, so there are no English distractors.

Licences: NTREX is CC BY-SA 4.0.  The distractors are built on the fly for local evaluation
only; never commit or publish them (CoNLL-2002 is research use only, NorNE's underlying texts may
not be republished as stand-alone texts).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.config import REPO_ROOT
from indexer.train.conll import read_marked_sentences

# Language code of the project -> NTREX file name.
NTREX_FILES = {
    "en": "newstest2019-src.eng.txt",
    "de": "newstest2019-ref.deu.txt",
    "nl": "newstest2019-ref.nld.txt",
    "da": "newstest2019-ref.dan.txt",
    "nb": "newstest2019-ref.nob.txt",
}
NTREX_LANGS = tuple(NTREX_FILES)
# shared/data beside the repository (as on the developers' machines and in CI).
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"

# Every distractor id starts with this prefix and contains ':'; NTREX ids never contain ':'.
DISTRACTOR_PREFIX = "distractor:"


def _ntrex_dir(data_dir: Path | str) -> Path:
    data_dir = Path(data_dir)
    return data_dir if (data_dir / "DOCUMENT_IDS.tsv").exists() else data_dir / "ntrex"


def _ner_dir(data_dir: Path | str) -> Path:
    data_dir = Path(data_dir)
    if (data_dir / "ner").is_dir():
        return data_dir / "ner"
    if (data_dir / "DOCUMENT_IDS.tsv").exists():          # given the ntrex/ folder itself
        return data_dir.parent / "ner"
    return data_dir


def _read_lines(path: Path) -> list[str]:
    """The lines of a CRLF (or LF) text file, without line ends and without a trailing empty line."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def load_ntrex(data_dir: Path | str) -> dict[str, dict[str, tuple[str, str]]]:
    """``{lang: {article_id: (headline, body)}}`` for lang in en, de, nl, da, nb (article order kept)."""
    folder = _ntrex_dir(data_dir)
    ids = _read_lines(folder / "DOCUMENT_IDS.tsv")
    ids = [line.split("\t")[0].strip() for line in ids]
    # Group line numbers by article, checking that every article is one contiguous block.
    spans: dict[str, tuple[int, int]] = {}
    for i, article_id in enumerate(ids):
        if article_id not in spans:
            spans[article_id] = (i, i + 1)
        elif spans[article_id][1] == i:
            spans[article_id] = (spans[article_id][0], i + 1)
        else:
            raise ValueError(f"{folder / 'DOCUMENT_IDS.tsv'}: lines of {article_id!r} are not contiguous (line {i + 1})")
    result: dict[str, dict[str, tuple[str, str]]] = {}
    for lang, name in NTREX_FILES.items():
        lines = _read_lines(folder / name)
        if len(lines) != len(ids):
            raise ValueError(f"{folder / name}: {len(lines)} lines, DOCUMENT_IDS.tsv has {len(ids)}")
        articles = {}
        for article_id, (start, end) in spans.items():
            headline = lines[start].strip()
            body = "\n".join(line.strip() for line in lines[start + 1:end] if line.strip())
            articles[article_id] = (headline, body)
        result[lang] = articles
    return result


# --- distractors -------------------------------------------------------------------------------

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "»", "”", "’", "...", "…", "''"}
_NO_SPACE_AFTER = {"(", "[", "{", "«", "„", "“", "‘", "``", "¿", "¡"}
_TOGGLE_QUOTES = {'"', "'"}


def only_articles(ntrex: dict[str, dict[str, tuple[str, str]]], article_ids: Iterable[str]) \
        -> dict[str, dict[str, tuple[str, str]]]:
    """The same languages, with only ``article_ids`` (quick runs and tests)."""
    keep = list(article_ids)
    return {lang: {i: articles[i] for i in keep} for lang, articles in ntrex.items()}


def first_articles(ntrex: dict[str, dict[str, tuple[str, str]]], count: int) \
        -> dict[str, dict[str, tuple[str, str]]]:
    """The first ``count`` articles in every language (``--articles N`` quick runs); all for 0."""
    return only_articles(ntrex, list(next(iter(ntrex.values())))[:count]) if count else ntrex


def detokenize(tokens: Iterable[str]) -> str:
    """Join word tokens into running text: no space before closing punctuation, none after an
    opening bracket or quote; straight quotes alternate between opening and closing."""
    out: list[str] = []
    glue_next = True                      # no space before the next token
    open_quote: dict[str, bool] = {q: False for q in _TOGGLE_QUOTES}
    for token in tokens:
        if not token:
            continue
        if token in _TOGGLE_QUOTES:
            if open_quote[token]:         # closing quote: attach to the previous word
                out.append(token)
                open_quote[token] = False
                glue_next = False
            else:                         # opening quote: space before, none after
                out.append(token if glue_next else " " + token)
                open_quote[token] = True
                glue_next = True
            continue
        if glue_next or token in _NO_SPACE_BEFORE:
            out.append(token)
        else:
            out.append(" " + token)
        glue_next = token in _NO_SPACE_AFTER
    return "".join(out).strip()


Sentence = list[str]        # the tokens of one sentence


def _chunks(sentences: list[Sentence], min_words: int) -> Iterator[tuple[int, list[Sentence]]]:
    """Consecutive sentences grouped until a group has >= min_words tokens; a short tail is added
    to the group before it.  Yields (index of the first sentence, sentences)."""
    groups: list[tuple[int, list[Sentence]]] = []
    current: list[Sentence] = []
    start = 0
    for i, sentence in enumerate(sentences):
        if not current:
            start = i
        current.append(sentence)
        if sum(len(s) for s in current) >= min_words:
            groups.append((start, current))
            current = []
    if current:
        if groups:
            groups[-1][1].extend(current)
        else:
            groups.append((start, current))
    yield from groups


def _record(id_: str, lang: str, sentences: list[Sentence], title: Sentence | None = None) -> dict:
    if title is None:             # no headline known: the first sentence stands in for one
        title, sentences = (sentences[0], sentences[1:]) if len(sentences) > 1 else ([], sentences)
    return {
        "id": id_,
        "title": detokenize(title),
        "text": "\n".join(detokenize(s) for s in sentences),
        "lang": lang,
    }


def _conll2002_nl(folder: Path, min_words: int) -> Iterator[dict]:
    for split in ("ned.train", "ned.testa"):
        path = folder / split
        if not path.exists():
            continue
        articles: list[list[Sentence]] = []
        for marker, tokens in read_marked_sentences(path, sep=" ", comments=False):
            if marker == "-DOCSTART-" or not articles:
                articles.append([])
            if tokens:
                articles[-1].append(tokens)
        for a, sentences in enumerate(a for a in articles if a):
            for start, group in _chunks(sentences, min_words):
                yield _record(f"{DISTRACTOR_PREFIX}conll2002-nl:{split}:a{a:03d}:s{start:03d}", "nl", group)


def _norne_nb(folder: Path, min_words: int) -> Iterator[dict]:
    # Train (rebuilt from NDT): `# sent_id = <ndt file>:<n>`; a sentence ending in the NDT
    # headline marker `|` is a headline and starts a new article within its file.
    path = folder / "no_bokmaal-ndt-train-rebuilt.conll"
    if path.exists():
        articles: list[tuple[str, int, Sentence | None, list[Sentence]]] = []   # (file, n, headline, body)
        previous_file = None
        for marker, tokens in read_marked_sentences(path, sep="\t", comments=True):
            source, _, number = (marker or "unknown:0").rpartition(":")
            is_headline = tokens[-1] == "|"
            if is_headline:
                tokens = tokens[:-1]
            if source != previous_file or is_headline or not articles:
                articles.append((source, int(number), tokens if is_headline else None, []))
                previous_file = source
            if not is_headline:
                articles[-1][3].append(tokens)
        for source, number, headline, body in articles:
            if not body:
                continue
            for c, (start, group) in enumerate(_chunks(body, min_words)):
                title = headline if (c == 0 and headline) else None
                yield _record(f"{DISTRACTOR_PREFIX}norne-nob:{source}:{number}:s{start:03d}", "nb", group, title)
    # Dev (UD, CoNLL-U): numeric sent_ids in corpus order, no file names; consecutive chunks.
    path = folder / "no_bokmaal-ud-dev.conllu"
    if path.exists():
        sentences = [(m, t) for m, t in read_marked_sentences(path, sep="\t", comments=True)]
        for start, group in _chunks([t for _, t in sentences], min_words):
            yield _record(f"{DISTRACTOR_PREFIX}norne-nob:ud-dev:{sentences[start][0]}", "nb", group)


def _tsv_chunks(path: Path, corpus: str, lang: str, min_words: int) -> Iterator[dict]:
    if not path.exists():
        return
    sentences = [t for _, t in read_marked_sentences(path, sep="\t", comments=False)]
    for start, group in _chunks(sentences, min_words):
        yield _record(f"{DISTRACTOR_PREFIX}{corpus}:{path.stem}:s{start:04d}", lang, group)


def distractor_articles(data_dir: Path | str, min_words: int = 50) -> Iterator[dict]:
    """Real-text distractor articles ``{"id", "title", "text", "lang"}`` from the NER corpora.

    How they are assembled (deterministic; 10,382 articles with the default ``min_words``:
    nb 4,451, nl 3,787, da 1,454, de 690):

    - nl: CoNLL-2002 ``ned.train`` and ``ned.testa`` (De Morgen, 2000); ``-DOCSTART-`` lines
      mark article boundaries.  Sentence order inside an article was randomised upstream.
    - nb: NorNE.  Training file: ``# sent_id = <ndt file>:<n>`` names the source file; inside a
      file a headline sentence (NDT marker ``|``, removed here) starts a new article.  UD dev
      file: consecutive sentences (its sent_ids carry no file name).
    - da: DaN+ ``da_news_train`` / ``da_news_dev``, consecutive sentences (no boundaries given).
    - de: GermEval 2014 dev, consecutive sentences (the sentences are independent samples, so a
      German distractor is a bag of unrelated sentences).
    - en: none; ``shared/data`` holds no English text besides NTREX itself.

    Every article (or sentence run) is cut into chunks of consecutive sentences of at least
    ``min_words`` tokens (a short tail joins the chunk before it); chunks never cross an article
    or file boundary.  Tokens are detokenised with ``detokenize``.  ``title`` is the article's
    headline for the first chunk of a NorNE article with one, else the chunk's first sentence;
    ``text`` is the remaining sentences, one per line.

    Ids are ``distractor:<corpus>:<file or split>:<position>``, e.g.
    ``distractor:conll2002-nl:ned.train:a012:s040``; they contain ``:``, which no NTREX id
    (``<outlet>.<number>``) does, so they can never collide with NTREX ids.
    """
    ner = _ner_dir(data_dir)
    yield from _conll2002_nl(ner / "conll2002-nl", min_words)
    yield from _norne_nb(ner / "norne-nob", min_words)
    for name in ("da_news_train.tsv", "da_news_dev.tsv"):
        yield from _tsv_chunks(ner / "danplus-news-da" / name, "danplus-da", "da", min_words)
    yield from _tsv_chunks(ner / "germeval2014-de" / "de_news_dev.tsv", "germeval2014-de", "de", min_words)


_ID_RE = re.compile(r"^[A-Za-z0-9_.-]+\.[0-9]+$")


def is_ntrex_id(doc_id: str) -> bool:
    """True for an id of NTREX's form ``<outlet>.<number>``."""
    return bool(_ID_RE.match(doc_id))
