import json
import os

import pytest

from judge.engine.store import MAX_REPLAYS, Store, write_json_atomic


def test_failures_are_kept_per_submission_newest_first(tmp_path):
    store = Store(tmp_path / ".judge")
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    store.remember_failure("p", a, {"x": 1})
    store.remember_failure("p", a, {"x": 2})
    store.remember_failure("p", a, {"x": 1})
    assert store.failures("p", a) == [{"x": 1}, {"x": 2}]
    assert store.failures("p", b) == []


def test_replay_store_is_capped(tmp_path):
    store = Store(tmp_path)
    for i in range(MAX_REPLAYS + 5):
        store.remember_failure("p", tmp_path / "a.py", {"x": i})
    assert len(store.failures("p", tmp_path / "a.py")) == MAX_REPLAYS


def test_history_remembers_a_solve_after_a_later_failure(tmp_path):
    store = Store(tmp_path)
    store.record("p", tmp_path / "a.py", "AC")
    store.record("p", tmp_path / "a.py", "WA")
    assert store.history()["p"]["solved"] is True
    assert store.history()["p"]["last_verdict"] == "WA"


def test_corrupt_store_reads_as_empty(tmp_path):
    (tmp_path / "history.json").write_text("{not json")
    assert Store(tmp_path).history() == {}


def test_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "h.json"
    write_json_atomic(path, {"old": 1})

    def boom(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_json_atomic(path, {"new": 2})
    assert json.loads(path.read_text()) == {"old": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["h.json"]
