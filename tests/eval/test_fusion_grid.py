"""The fusion grid replays the fusion on the channels' answers exactly as ``batch-search`` ranks."""
from indexer.eval.benchmarks import Benchmark, Task
from indexer.eval.fusion_grid import collect_channels, fused_run, load_channels, save_channels
from indexer.search.service import SearchService


def test_replaying_the_fusion_on_collected_channels_gives_the_batch_search_run(seed_config, tmp_path):
    topics = {"q1": "Putin", "q2": "nordkoreanske soldater", "q3": "Hezbollah"}
    tasks = [Task("all", "all", topics, {}, None), Task("da", "da", topics, {}, ("da",)),
             Task("nl", "nl", topics, {}, ("nl",))]
    service = SearchService(seed_config)
    channels = collect_channels(service, seed_config, Benchmark("seeds", [], tasks), {})
    save_channels(tmp_path / "channels.pkl", channels)
    channels = load_channels(tmp_path / "channels.pkl")
    for task in tasks:
        replayed = fused_run(channels, task, seed_config)
        live = service.batch_search(topics, hits=100, langs=list(task.doc_langs or ()))
        assert {qid: [d for d, _ in run] for qid, run in replayed.items()} == \
            {qid: [d for d, _ in run] for qid, run in live.items()}
    assert replayed["q3"] == [] and len(replayed["q1"]) > 0
