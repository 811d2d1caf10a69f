# Two commands do all set-up on a fresh machine:
#   make run   installs, builds the index from corpus/ and serves the search page
#   make test  installs (with the test tools and Debian's Chromium) and runs the tests
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: run test install install-dev index serve bench eval clean opensearch opensearch-stop

run: install index serve

test: install-dev
	$(PY) -m pytest -q tests

install: $(STAMP)
$(STAMP): requirements.txt requirements-lucene.txt scripts/install_lucene.sh indexer/store/e5_engine/e5_vnni.c indexer/store/e5_engine/e5_states.c
	test -x $(PY) || "$$(scripts/find_python.sh)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	PYTHON=$(PY) scripts/install_lucene.sh
	$(PY) -m indexer.store.e5_engine
	touch $@

install-dev: $(DEVSTAMP)
$(DEVSTAMP): $(STAMP) requirements-dev.txt scripts/install_browser.sh
	$(PY) -m pip install -q -r requirements-dev.txt
	scripts/install_browser.sh
	touch $@

index: install
	$(PY) -m indexer build

serve: install
	$(PY) -m search_app

bench: install
	$(PY) -m indexer bench build

eval: install-dev
	$(PY) -m indexer eval retrieval

# backend: opensearch.  A local 3-node OpenSearch 2.19 cluster on 127.0.0.1:9200-9202, installed
# from Maven Central (scripts/opensearch.sh; the tests start and stop it themselves).
opensearch:
	scripts/opensearch.sh start

opensearch-stop:
	scripts/opensearch.sh stop

clean:
	rm -rf var $(VENV)
