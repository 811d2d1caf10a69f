"""OpenSearch: the index on a (multi-node) OpenSearch 2.x cluster, spoken to over plain HTTP.

Our analysis stays in Python.  Every text field of the Whoosh schema (``title_<lang>``,
``body_<lang>``, ``cognates``, ``entity_ids``) is indexed with the tokens our chains produce,
joined by spaces into a field with OpenSearch's ``whitespace`` analyzer (which does not
lowercase: the chains already did).  Whitespace inside a token becomes "_" on both sides, and a
token is cut to the 255 characters that analyzer keeps whole (``prepared.one_word``).

Positions: a chain stacks extra tokens on one position ("truppenlager" -> truppenlag, trupp,
lag).  A whitespace-analysed field gives every token its own position, so each text field has
a twin ``<field>__p`` holding only the first token of each position, which is exactly what a
quoted phrase is analysed into (``field.tokenize(mode="query")``); a gap in the positions
(a stop word the cognate chain drops) gets a filler token.  Terms are scored on the field with
every token (term frequencies and field lengths as in Whoosh), phrases on the twin.

Queries: the Whoosh query parser of ``whoosh_backend.make_parser`` parses and analyses the
query (the same query tree as with Whoosh), and ``to_dsl`` translates that tree into the
query DSL.  BM25 with the configured k1/b is the index's default similarity, and searches run
``dfs_query_then_fetch`` so that term statistics are the whole index's, not one shard's.
Facets are terms aggregations over keyword fields, counted over the filtered hits as the
Whoosh backend counts them; numbers are nested (unit, value) pairs for range filters.  The
original headline, body and entities are stored (not indexed) for hits and our snippets.

Generations: an index folder (``<index>.generations/<stamp>``, swapped in by
``indexer/build/full.py``) holds ``opensearch.json`` naming its OpenSearch index
``<index>-<stamp>`` and ``labels.json``.  The writer checks the document count, then moves the
alias ``<index>`` to the new index in one ``_aliases`` call, for other readers of the cluster;
the app reads the index its serving folder names, so labels, vectors and index always belong
together.  Indexes whose folder has gone (pruned or unfinished generations) are deleted by the
next build into the same generations folder.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import requests
from whoosh import query as wq

from indexer.analysis.prepared import PHRASE_SUFFIX, one_word as os_token, whitespace_fields
from indexer.config import Config
from indexer.facets import TERM_FACETS, facet_def
from indexer.records import Article
from indexer.store.base import (FACET_NAMES, Backend, BackendUnavailable, Hit, IndexReader, IndexWriter,
                                SearchRequest, SearchResult)
from indexer.store.facet_labels import FacetLabels, facet_limit, facet_values, fetch_size, tied_past
from indexer.store.whoosh_backend import (ANY_UNIT, EXTRA_SCORE, FACET_FIELDS, WhooshBackend, _unique_entities,
                                          _unique_numbers, day_of, make_parser, ranking_query, stored_meta)

log = logging.getLogger(__name__)

MANIFEST_FILE = "opensearch.json"
RETRY_STATUSES = {429, 502, 503, 504}
DAY_BUCKETS = 10_000          # days with matches counted for the date facet (27 years of daily news)
NUMBER_TOP = 1e18             # the open end of a number range, as in the Whoosh backend


class OpenSearchError(RuntimeError):
    """OpenSearch answered a request with an error that retrying will not fix."""


class ClusterUnavailable(BackendUnavailable):
    """No node of the configured cluster answered (after the configured retries)."""


class OpenSearchBackend(Backend):
    name = "opensearch"

    def __init__(self, config: Config):
        self.config = config
        self._cluster: Cluster | None = None

    @property
    def cluster(self) -> "Cluster":
        if self._cluster is None:
            self._cluster = Cluster.from_config(self.config)
        return self._cluster

    def writer(self, folder: Path) -> IndexWriter:
        folder.mkdir(parents=True, exist_ok=True)
        return _OpenSearchWriter(self.cluster, self.config, folder)

    def open(self, folder: Path) -> IndexReader:
        manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        return _OpenSearchReader(self.cluster, self.config, folder, manifest["index"])


# -- HTTP ----------------------------------------------------------------------------------

class Cluster:
    """The nodes of one cluster: requests go round the hosts, a node that does not answer is
    skipped, and 429/5xx answers are retried with exponential backoff."""

    def __init__(self, hosts: list[str], timeout: float, retries: int, backoff: float,
                 auth: tuple[str, str] | None = None, verify: bool | str = True):
        self.hosts = [host.rstrip("/") for host in hosts]
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self._session = requests.Session()
        self._session.auth = auth
        self._session.verify = verify
        self._next = 0

    @classmethod
    def from_config(cls, config: Config) -> "Cluster":
        settings = config.opensearch
        auth = (settings.user, os.environ.get(settings.password_env, "")) if settings.user else None
        verify = (str(config.path(settings.ca_certs)) if settings.ca_certs else True) if settings.verify_tls else False
        return cls(settings.hosts, settings.timeout_seconds, settings.retries, settings.backoff_seconds, auth, verify)

    def request(self, method: str, path: str, body=None, params: dict | None = None,
                missing_ok: bool = False, ndjson: str | None = None):
        """The JSON answer; None for a 404 when ``missing_ok``.  Raises ``ClusterUnavailable``
        when no node answers, ``OpenSearchError`` for an error answer."""
        headers = {"Content-Type": "application/x-ndjson" if ndjson is not None else "application/json"}
        data = ndjson.encode("utf-8") if ndjson is not None else (
            None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8"))
        problem = "no request sent"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            for _ in range(len(self.hosts)):
                host = self.hosts[self._next % len(self.hosts)]
                self._next += 1
                try:
                    response = self._session.request(method, host + path, data=data, params=params,
                                                     headers=headers, timeout=self.timeout)
                except requests.RequestException as error:     # this node is down: try the next one
                    problem = f"{host}: {type(error).__name__}: {error}"
                    continue
                if response.status_code in RETRY_STATUSES:
                    problem = f"{host}: HTTP {response.status_code}: {response.text[:300]}"
                    break                                      # busy or recovering: wait, then retry
                if response.status_code == 404 and missing_ok:
                    return None
                if response.status_code >= 400:
                    raise OpenSearchError(f"{method} {path}: HTTP {response.status_code}: {response.text[:1000]}")
                return response.json()
        raise ClusterUnavailable(f"OpenSearch cluster unavailable ({', '.join(self.hosts)}): {problem}")

    def search(self, index: str, body: dict) -> dict:
        """A search whose every shard answered: a partial answer (a node just went down and its
        shards are being moved to their replicas) is asked again."""
        for attempt in range(self.retries + 1):
            answer = self.request("POST", f"/{index}/_search", body, params={"search_type": "dfs_query_then_fetch"})
            if not answer["_shards"].get("failed"):
                return answer
            time.sleep(self.backoff * 2 ** attempt)
        raise ClusterUnavailable(f"OpenSearch: shards of {index} failed: {answer['_shards']}")


# -- writing -------------------------------------------------------------------------------

class BulkError(OpenSearchError):
    """Documents OpenSearch would not index, with their reasons."""


class _OpenSearchWriter(IndexWriter):
    def __init__(self, cluster: Cluster, config: Config, folder: Path):
        self._cluster, self._config, self._folder = cluster, config, folder.resolve()
        self._alias = config.opensearch.index
        self._index = index_name(self._alias, self._folder)
        self._analyzers = WhooshBackend(config)._text_analyzers()
        self._labels = FacetLabels()
        self._batch: list[tuple[str, dict]] = []
        self._added = 0
        _delete_orphans(cluster, self._alias, self._folder.parent)
        self._create_index()

    def _create_index(self) -> None:
        existing = self._cluster.request("GET", f"/{self._index}/_mapping", missing_ok=True)
        if existing is not None:
            meta = existing[self._index]["mappings"].get("_meta", {})
            if meta.get("folder") != str(self._folder):
                raise OpenSearchError(f"index {self._index} exists and belongs to {meta.get('folder')!r}, "
                                      f"not to {self._folder}")
            self._cluster.request("DELETE", f"/{self._index}")     # a rebuild into the same folder
        self._cluster.request("PUT", f"/{self._index}", index_body(self._config, self._folder))

    def add(self, article: Article, prepared=None) -> None:
        # ``prepared`` (Whoosh's pre-analysed fields) is not used: the tokens are made here.
        self._batch.append((article.doc_id, self._document(article)))
        self._added += 1
        if len(self._batch) >= self._config.opensearch.bulk_docs:
            self._flush()

    def _document(self, article: Article) -> dict:
        lang = article.lang if article.lang in self._config.languages else self._config.fallback_language
        actors, places = _unique_entities(article.actors), _unique_entities(article.places)
        numbers = _unique_numbers(article.numbers)
        self._labels.remember(article.lang, actors, places, numbers)
        document = {
            "id": article.doc_id, "seq": self._added, "lang": article.lang,
            "date": article.date, "date_key": article.date or "", "day": day_of(article.date),
            "stored": {"title": article.title, "body": article.body,
                       "meta": stored_meta(article, actors, places, numbers)},
            "source": article.source, "agency": list(article.agencies),
            "actor": [a["id"] for a in actors], "place": [p["id"] for p in places],
            "number": [n["key"] for n in numbers],
            "nums": [{"unit": n["unit"] or "", "value": n["value"]} for n in numbers if n["value"] is not None],
            "entity_ids": " ".join(os_token(i) for i in sorted({m.id for m in article.actors + article.places})),
        }
        texts = {f"title_{lang}": article.title, f"body_{lang}": article.body,
                 "cognates": f"{article.title}\n{article.body}"}
        for name, text in texts.items():
            document[name], document[name + PHRASE_SUFFIX] = self._tokens(name, text)
        return document

    def _tokens(self, field: str, text: str) -> tuple[str, str]:
        """Every token of our chain (the scored field) and the phrase twin."""
        tokens = self._analyzers[field](text, positions=True, mode="index")
        return whitespace_fields((token.pos, token.text) for token in tokens)

    def _flush(self) -> None:
        pending, attempt = self._batch, 0
        self._batch = []
        while pending:
            lines = "".join(json.dumps({"index": {"_index": self._index, "_id": doc_id}}) + "\n"
                            + json.dumps(document, ensure_ascii=False) + "\n" for doc_id, document in pending)
            answer = self._cluster.request("POST", "/_bulk", ndjson=lines)
            retry, failed = _bulk_failures(answer, pending)
            if failed or (retry and attempt >= self._config.opensearch.retries):
                self._abandon()
                reasons = failed or [f"{doc_id}: still rejected after {attempt} retries" for doc_id, _ in retry]
                raise BulkError(f"{len(reasons)} article(s) not indexed into {self._index}: "
                                + "; ".join(reasons[:5]))
            if retry:
                time.sleep(self._config.opensearch.backoff_seconds * 2 ** attempt)
                attempt += 1
            pending = retry

    def _abandon(self) -> None:
        """A build that cannot complete leaves no index behind (the alias stays where it was)."""
        try:
            self._cluster.request("DELETE", f"/{self._index}", missing_ok=True)
        except (OpenSearchError, ClusterUnavailable) as error:
            log.warning("could not delete the unfinished index %s: %s", self._index, error)

    def commit(self) -> None:
        self._flush()
        self._cluster.request("POST", f"/{self._index}/_refresh")
        indexed = self._cluster.request("GET", f"/{self._index}/_count")["count"]
        if indexed != self._added:
            self._abandon()
            raise OpenSearchError(f"{self._index} holds {indexed} documents, {self._added} were added")
        self._wait_for_replicas()
        self._labels.save(self._folder)
        manifest = {"index": self._index, "alias": self._alias, "hosts": self._cluster.hosts, "documents": indexed}
        (self._folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        move_alias(self._cluster, self._alias, self._index)

    def _wait_for_replicas(self) -> None:
        """Green: every replica allocated, so the new index survives a node going down."""
        health = self._cluster.request("GET", f"/_cluster/health/{self._index}",
                                       params={"wait_for_status": "green",
                                               "timeout": f"{int(self._config.opensearch.timeout_seconds)}s"})
        if health.get("status") != "green":
            log.warning("index %s is %s, not green: some shard has no replica (a cluster of fewer nodes "
                        "than opensearch.replicas + 1?)", self._index, health.get("status"))


def _bulk_failures(answer: dict, pending: list[tuple[str, dict]]):
    """(items to retry: rejected for load, failure messages of items that will not index)."""
    if not answer.get("errors"):
        return [], []
    retry, failed = [], []
    for item, entry in zip(answer["items"], pending):
        result = item.get("index", {})
        status = result.get("status", 500)
        if status in RETRY_STATUSES:
            retry.append(entry)
        elif status >= 300:
            failed.append(f"{entry[0]}: {json.dumps(result.get('error'), ensure_ascii=False)[:300]}")
    return retry, failed


def index_name(alias: str, folder: Path) -> str:
    """``<alias>-<generation folder name>``, lowercased to what OpenSearch accepts."""
    return f"{alias}-" + re.sub(r"[^a-z0-9_.-]+", "-", folder.name.lower()).strip("-_.")


def index_body(config: Config, folder: Path) -> dict:
    """Settings and mappings of one generation's index."""
    text = {"type": "text", "analyzer": "whitespace", "index_options": "freqs"}
    phrase = {"type": "text", "analyzer": "whitespace", "index_options": "positions"}
    token_fields = [f"{part}_{lang}" for lang in config.languages for part in ("title", "body")] + ["cognates"]
    properties = {
        "id": {"type": "keyword"}, "seq": {"type": "long"}, "lang": {"type": "keyword"},
        "date": {"type": "date", "ignore_malformed": True}, "date_key": {"type": "keyword"},
        "day": {"type": "keyword"}, "source": {"type": "keyword"}, "agency": {"type": "keyword"},
        "stored": {"type": "object", "enabled": False},
        "actor": {"type": "keyword"}, "place": {"type": "keyword"}, "number": {"type": "keyword"},
        "nums": {"type": "nested", "properties": {"unit": {"type": "keyword"}, "value": {"type": "double"}}},
        "entity_ids": text,
        **{name: text for name in token_fields},
        **{name + PHRASE_SUFFIX: phrase for name in token_fields},
    }
    settings, bm25 = config.opensearch, config.ranking.bm25
    return {
        "settings": {"index": {
            "number_of_shards": settings.shards, "number_of_replicas": settings.replicas,
            "max_result_window": config.search.max_page * config.search.max_size + config.ranking.rerank_depth,
            "similarity": {"default": {"type": "BM25", "k1": bm25.k1, "b": bm25.b}},
        }},
        "mappings": {
            "dynamic": "strict",
            "_meta": {"folder": str(folder), "generations": str(folder.parent)},
            # The token fields are for searching only; the stored object has the text.
            "_source": {"excludes": ["entity_ids", *token_fields, *(name + PHRASE_SUFFIX for name in token_fields)]},
            "properties": properties,
        },
    }


def move_alias(cluster: Cluster, alias: str, index: str) -> None:
    """Point ``alias`` at ``index`` alone, in one atomic ``_aliases`` call."""
    current = cluster.request("GET", f"/_alias/{alias}", missing_ok=True) or {}
    actions = [{"remove": {"index": name, "alias": alias}} for name in current if name != index]
    actions.append({"add": {"index": index, "alias": alias}})
    cluster.request("POST", "/_aliases", {"actions": actions})


def _delete_orphans(cluster: Cluster, alias: str, generations: Path) -> None:
    """Delete this generations folder's indexes whose folder is gone (pruned, or a killed build's),
    except the one the alias points at.  Indexes of other folders are never touched."""
    mappings = cluster.request("GET", f"/{alias}-*/_mapping") or {}
    aliased = set(cluster.request("GET", f"/_alias/{alias}", missing_ok=True) or {})
    for name, mapping in mappings.items():
        meta = mapping.get("mappings", {}).get("_meta", {})
        if meta.get("generations") == str(generations) and name not in aliased \
                and not Path(meta.get("folder", "/nonexistent")).exists():
            cluster.request("DELETE", f"/{name}", missing_ok=True)
            log.info("deleted index %s (its generation folder is gone)", name)


# -- reading -------------------------------------------------------------------------------

class _OpenSearchReader(IndexReader):
    def __init__(self, cluster: Cluster, config: Config, folder: Path, index: str):
        self._cluster, self._config, self._index = cluster, config, index
        self._labels = FacetLabels.load(folder)
        self._parser = make_parser(config, WhooshBackend(config).schema())

    def count(self) -> int:
        return self._cluster.request("GET", f"/{self._index}/_count")["count"]

    def search(self, request: SearchRequest) -> SearchResult:
        body, by_date, extras = self._body(request)
        first = (request.page - 1) * request.size
        body.update({"from": first, "size": request.size, "track_total_hits": True})
        aggs = body.get("aggs", {})
        answer = self._cluster.search(self._index, body)
        aggregations = answer.get("aggregations", {})
        if extras and not aggregations["_ranking_matches"]["matched"]["doc_count"]:
            return SearchResult(total=0, hits=[], facets={name: [] for name in aggs if name in FACET_NAMES},
                                facets_truncated={name: False for name in aggs if name in FACET_NAMES})
        hits = [self._hit(hit, by_date) for hit in answer["hits"]["hits"]]
        counted = {name: self._counts(name, aggregations) for name in FACET_NAMES} if request.with_facets else {}
        for name in counted:
            counted[name] = self._whole_tie(name, counted[name], body, request)
        facets, truncated = facet_values(counted, request, self._config, self._labels)
        return SearchResult(total=answer["hits"]["total"]["value"], hits=hits, facets=facets,
                            facets_truncated=truncated)

    def _body(self, request: SearchRequest) -> tuple[dict, bool, bool]:
        """The search body without paging, whether it sorts by date, whether dense extras join."""
        tree = ranking_query(request, self._parser, self._config)
        by_date = tree is None or request.by_date
        ranking = {"match_all": {}} if tree is None else to_dsl(tree)      # sort=date still matches the query
        aggs = self._facet_aggs(request) if request.with_facets else {}
        extras = bool(request.extra_ids) and not by_date and tree is not wq.NullQuery
        if extras:      # dense neighbours join only a query that matches something itself (filters aside)
            aggs["_ranking_matches"] = {"global": {}, "aggs": {"matched": {"filter": ranking}}}
            ranking = {"bool": {"should": [ranking, {"constant_score": {
                "filter": {"terms": {"id": request.extra_ids}}, "boost": EXTRA_SCORE}}]}}
        body = {"query": {"bool": {"must": [ranking], "filter": self._filters(request)}}, "track_scores": True,
                "sort": ([{"date_key": "desc"}, {"seq": "desc"}] if by_date else [{"_score": "desc"}, {"seq": "asc"}]),
                "_source": ["id", "lang", "date", "stored"]}
        if aggs:
            body["aggs"] = aggs
        return body, by_date, extras

    def scan(self, request: SearchRequest, batch: int) -> Iterator[Hit]:
        """Every hit, ``batch`` at a time, by ``search_after`` on the sort keys (``seq`` breaks every
        tie): pages past the index's result window, which ``from`` cannot reach."""
        body, by_date, _ = self._body(dataclasses.replace(request, with_facets=False, extra_ids=[]))
        body.update({"size": batch, "track_total_hits": False})
        while True:
            hits = self._cluster.search(self._index, body)["hits"]["hits"]
            yield from (self._hit(hit, by_date) for hit in hits)
            if len(hits) < batch:
                return
            body["search_after"] = hits[-1]["sort"]

    def _facet_aggs(self, request: SearchRequest) -> dict:
        """Per facet: its top values (past its size by a margin: the cut sorts ties by label,
        and one more tells it was truncated), and the selected values wherever they rank."""
        aggs = {}
        for name in FACET_NAMES:
            if name == "date":      # every day with matches; ``date_facet`` groups them into periods
                aggs[name] = {"terms": {"field": FACET_FIELDS[name], "size": DAY_BUCKETS}}
                continue
            aggs[name] = _terms(name, fetch_size(request, self._config, name))
            selected = request.filters_for(name)
            if selected:
                aggs[f"{name}_selected"] = {"terms": {"field": name, "include": selected, "size": len(selected)}}
        return aggs

    def _whole_tie(self, name: str, counts: dict[str, int], body: dict, request: SearchRequest) -> dict[str, int]:
        """``counts`` with every value tied with the last one shown (OpenSearch breaks ties by the
        value's bytes, the page by its label), asked for again with a larger size when needed."""
        if name == "date":
            return counts
        limit, size = facet_limit(request, self._config, name), fetch_size(request, self._config, name)
        while tied_past(list(counts.values())[:size], limit, size):
            size *= 4
            answer = self._cluster.search(self._index, {"query": body["query"], "size": 0, "track_total_hits": False,
                                                        "aggs": {name: _terms(name, size)}})
            counts = {**self._counts(name, answer["aggregations"]), **counts}
        return counts

    @staticmethod
    def _counts(name: str, aggregations: dict) -> dict[str, int]:
        counts = {bucket["key"]: bucket["doc_count"] for bucket in aggregations[name]["buckets"]}
        for bucket in aggregations.get(f"{name}_selected", {}).get("buckets", []):
            counts[bucket["key"]] = bucket["doc_count"]
        return counts

    def _filters(self, request: SearchRequest) -> list[dict]:
        clauses = []
        for name in TERM_FACETS:        # several values: all of them (AND) or, one value per article, any (OR)
            selected = request.filters_for(name)
            if facet_def(name).multi:
                clauses += [{"term": {FACET_FIELDS[name]: value}} for value in selected]
            elif selected:
                clauses.append({"terms": {FACET_FIELDS[name]: selected}})
        clauses += [_number_filter(value) for value in request.numbers]
        if request.number_unit:         # every number facet key of the unit, exact ("soldiers:3000") or vague
            clauses.append({"prefix": {"number": f"{request.number_unit}:"}})
        if request.date_from or request.date_to:      # NO_DATE sorts after every digit: never in range
            clauses.append({"range": {"day": {"gte": request.date_from or "0000-00-00",
                                              "lte": request.date_to or "9999-99-99"}}})
        if request.doc_ids is not None:     # the dense channel's candidates (ranking, not a user filter)
            clauses.append({"terms": {"id": request.doc_ids}} if request.doc_ids else {"match_none": {}})
        if request.num_min is not None or request.num_max is not None:
            low = request.num_min if request.num_min is not None else 0.0
            high = request.num_max if request.num_max is not None else NUMBER_TOP
            unit = request.num_unit if request.num_unit is not None else ANY_UNIT
            clauses.append(_nested_number({"range": {"nums.value": {"gte": low, "lte": high}}}, unit))
        return clauses

    def _hit(self, hit: dict, by_date: bool) -> Hit:
        source = hit["_source"]
        stored = source.get("stored", {})
        meta = stored.get("meta", {})
        score = hit.get("_score") or 0.0
        return Hit(id=source["id"], title=stored.get("title", ""), lang=source.get("lang", ""),
                   date=source.get("date") or None, score=None if by_date else (score if score > 2 * EXTRA_SCORE else 0.0),
                   body=stored.get("body", ""), actors=meta.get("actors", []), places=meta.get("places", []),
                   numbers=meta.get("numbers", []), url=meta.get("url"), source=meta.get("source"),
                   agencies=meta.get("agencies", []))


def _terms(name: str, size: int) -> dict:
    """A facet's top ``size`` values (each shard asked for more, so the counts are exact enough)."""
    return {"terms": {"field": FACET_FIELDS[name], "size": size, "shard_size": 3 * size + 10}}


def _number_filter(value: str) -> dict:
    """``unit:value`` is a facet value; a bare number matches that value in any unit."""
    if ":" in value:
        return {"term": {"number": value}}
    return _nested_number({"term": {"nums.value": float(value)}}, ANY_UNIT)


def _nested_number(condition: dict, unit: str) -> dict:
    clauses = [condition] + ([] if unit == ANY_UNIT else [{"term": {"nums.unit": unit}}])
    return {"nested": {"path": "nums", "query": {"bool": {"filter": clauses}}}}


# -- Whoosh query tree -> query DSL ------------------------------------------------------------

def to_dsl(query) -> dict:
    """The query DSL of a parsed Whoosh query (the parser's node types; anything else is an error)."""
    boost = getattr(query, "boost", 1.0)
    if query is wq.NullQuery:
        return {"match_none": {}}
    if isinstance(query, wq.Every):
        return {"match_all": {}}
    if isinstance(query, wq.Term):
        return {"term": {query.fieldname: _boosted({"value": os_token(str(query.text))}, boost)}}
    if isinstance(query, wq.Phrase):
        return _phrase(query.fieldname, query.words, query.slop, boost)
    if isinstance(query, wq.DisjunctionMax):
        return {"dis_max": _boosted({"queries": [to_dsl(q) for q in query.subqueries],
                                     "tie_breaker": query.tiebreak}, boost)}
    if isinstance(query, wq.And):
        return {"bool": _boosted({"must": [to_dsl(q) for q in query.subqueries]}, boost)}
    if isinstance(query, wq.Or):
        return {"bool": _boosted({"should": [to_dsl(q) for q in query.subqueries], "minimum_should_match": 1},
                                 boost)}
    if isinstance(query, wq.Not):      # matches every document without the term, scoring nothing
        return {"bool": {"filter": [{"match_all": {}}], "must_not": [to_dsl(query.query)]}}
    if isinstance(query, wq.AndNot):
        return {"bool": _boosted({"must": [to_dsl(query.a)], "must_not": [to_dsl(query.b)]}, boost)}
    if isinstance(query, wq.AndMaybe):
        return {"bool": _boosted({"must": [to_dsl(query.a)], "should": [to_dsl(query.b)]}, boost)}
    if isinstance(query, wq.Require):
        return {"bool": _boosted({"must": [to_dsl(query.a)], "filter": [to_dsl(query.b)]}, boost)}
    raise ValueError(f"no OpenSearch translation for the query part {query!r}")


def _phrase(field: str, words: list[str], slop: int, boost: float) -> dict:
    """Whoosh's slop counts positions (1: adjacent), Lucene's the moves between them (0: adjacent);
    both in order."""
    twin = field + PHRASE_SUFFIX
    if len(words) == 1:
        return {"term": {twin: _boosted({"value": os_token(words[0])}, boost)}}
    clauses = [{"span_term": {twin: os_token(word)}} for word in words]
    return {"span_near": _boosted({"clauses": clauses, "slop": max(slop - 1, 0), "in_order": True}, boost)}


def _boosted(body: dict, boost: float) -> dict:
    if boost != 1.0:
        body["boost"] = boost
    return body
