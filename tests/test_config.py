from pathlib import Path

import pytest

from indexer.config import DEFAULT_CONFIG_PATH, ConfigError, load_config


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return path


def test_repo_config_loads_and_resolves_paths_against_its_folder():
    config = load_config()
    assert config.languages == ["nl", "de", "da", "nb", "en"]
    assert config.analyzers["de"].split_compounds is True
    assert config.index_path == DEFAULT_CONFIG_PATH.parent / "var" / "index"


@pytest.mark.parametrize("extra, message", [
    ("colour: blue", "colour: unknown setting"),
    ("1: a", "1: unknown setting"), ("search: {1: a, foo: b}", "search.1: unknown setting"),
    ("search: {max_size: ten}", "search.max_size: expected an integer, got 'ten'"),
    ("search: {default_size: 10, max_size: 5}", "search.max_size: expected an integer >= default_size"),
    ("ranking: {bm25: {b: 3}}", "ranking.bm25.b: expected a number between 0 and 1"),
    ("analyzers: {nl: {stemmer: klingon}}", "analyzers.nl.stemmer"),
    ("languages: [nl, xx]", "languages: expected codes from"),
    ("server: {port: 99999}", "server.port"),
    ("ranking: {lexical_weight_by: vibes}", "ranking.lexical_weight_by: expected 'guess' or 'confidence'"),
    ("ingest: {encodings: [utf-99]}", "unknown encoding 'utf-99'"),
    ("ingest: {extensions_text: [txt]}", "ingest.extensions_text: expected lower-case extensions with their dot"),
    ("ingest: {extensions_html: [.HTML]}", "ingest.extensions_html: expected lower-case extensions"),
    ("ingest: {extensions_html: [.html, .txt]}", "ingest.extensions_html: '.txt' is also in ingest.extensions_text"),
    ("extract: {ner_model_folders: {xx: nl-open}}", "extract.ner_model_folders: expected language codes"),
    ("extract: {ner_model_folders: {nl: ../nl}}", "extract.ner_model_folders.nl: expected a folder name"),
])
def test_a_wrong_key_or_value_is_named_in_the_error(tmp_path, extra, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(")):
        load_config(write_config(tmp_path, extra))


def test_missing_and_broken_files_give_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("languages: [nl\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML") as raised:
        load_config(broken)
    assert "\n" not in str(raised.value) and str(broken) in str(raised.value) and "line 2" in str(raised.value)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("corpus_dir: K\u00f6ln\n".encode("latin-1"))
    with pytest.raises(ConfigError, match=f"{latin}: not UTF-8 text"):
        load_config(latin)


def test_overrides_replace_top_level_settings(tmp_path):
    config = load_config(index_dir=str(tmp_path / "ix"))
    assert config.index_path == tmp_path / "ix"


def test_the_defaults_in_code_are_the_settings_config_yaml_ships():
    from indexer.config import Config, _build

    shipped, defaults = load_config(), _build(Config, {}, "")
    defaults.base_dir = shipped.base_dir
    assert defaults == shipped


def test_the_config_file_comes_from_the_environment_then_the_working_folder(tmp_path, monkeypatch):
    from indexer.config import default_config_path

    monkeypatch.chdir(tmp_path)
    assert default_config_path() == DEFAULT_CONFIG_PATH          # nothing here: the repository's
    (tmp_path / "config.yaml").write_text("languages: [nl]\n", encoding="utf-8")
    assert default_config_path() == tmp_path / "config.yaml"
    monkeypatch.setenv("NEWS_SEARCH_CONFIG", str(tmp_path / "other.yaml"))
    assert default_config_path() == tmp_path / "other.yaml"


def test_an_installed_package_without_a_config_file_runs_on_the_defaults(tmp_path, monkeypatch):
    import indexer.config as config_module

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWS_SEARCH_CONFIG", raising=False)
    monkeypatch.setattr(config_module, "DEFAULT_CONFIG_PATH", tmp_path / "not-installed" / "config.yaml")
    config = load_config()
    assert config.backend == "whoosh"
    assert config.index_path == tmp_path / "var" / "index"        # relative to the working folder


def test_a_named_config_file_that_is_missing_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "missing.yaml")


@pytest.mark.parametrize("setting, message", [
    ("ner_models_dir: /nonexistent/models", "extract.ner_models_dir: expected a folder of NER models"),
    ("ner_model_folders: {de: nope}", "extract.ner_model_folders.de: expected a model folder"),
])
def test_a_missing_ner_model_is_an_error_not_ner_silently_off(tmp_path, setting, message):
    path = tmp_path / "config.yaml"
    path.write_text(f"extract:\n  {setting}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
    path.write_text(f"extract:\n  {setting}\n  use_ner: false\n", encoding="utf-8")
    assert load_config(path).extract.use_ner is False
