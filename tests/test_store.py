"""The practice history in SQLite: the replay store, migration from the JSON files, a damaged
file, and real processes killed mid-write and writing at once."""

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from judge.cli import cli
from judge.engine.run import RunOptions, judge_submission
from judge.engine.store import FILE_NAME, MAX_REPLAYS, Store, file_digest
from judge.model import registry
from judge.model.history import summarise
from judge.model.outcomes import result_from_record
from tests import store_writer

ROOT = Path(__file__).resolve().parent.parent
PROFILE_ROWS = len(store_writer.FAMILIES) * len(store_writer.FORMS)


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
    assert store.failures("p", tmp_path / "a.py") == [{"x": i} for i in reversed(range(5, MAX_REPLAYS + 5))]


def test_reading_an_absent_history_creates_nothing(tmp_path):
    store = Store(tmp_path / ".judge")
    assert store.solved() == set() and store.runs() == [] and store.last_run() is None
    assert not (tmp_path / ".judge").exists()


def test_a_run_and_its_profile_come_back_as_recorded(tmp_path):
    store = Store(tmp_path)
    result = store_writer.run_result("a", 3)
    run_id = store.record_run(result, "hash")
    store.record_profile(run_id, store_writer.profile(3), wall_s=2.5)
    back = store.last_run("interleaving-string")
    assert back.run_id == run_id and back.verdict is result.verdict and back.failing_case.input == \
        result.failing_case.input
    assert back.profile.families["dense"]["1d"].seconds == store_writer.profile(3).families["dense"]["1d"].seconds
    assert store.failures("interleaving-string", Path("a.py")) == [result.failing_case.input]
    assert store.runs()[0].wall_s == 2.5


def test_stats_count_runs_first_ac_and_the_best_time(tmp_path):
    store = Store(tmp_path)
    wa = store_writer.run_result("a", 1)
    store.record_run(wa, None)
    for i, factor in ((2, 3.0), (3, 1.0)):  # the second AC is the faster one
        ac = store_writer.run_result("a", i)
        ac.verdict, ac.failing_case = type(wa.verdict).AC, None
        run_id = store.record_run(ac, None)
        profile = store_writer.profile(0)
        for forms in profile.families.values():
            forms["submission"].seconds = [t * factor for t in forms["submission"].seconds]
        store.record_profile(run_id, profile, 1.0)
    stats = summarise(store.runs(), store.profile_summaries(), store.mocks(),
                      {"interleaving-string": ("random", "dense"), "other": ("x",)})
    (row,) = stats.problems
    assert (row.attempts, row.attempts_to_first_ac, row.last_verdict) == (3, 2, "AC")
    assert stats.solved == 1 and stats.catalogue == 2
    assert row.best.family == "random" and row.best.n == 128
    assert row.best.seconds == pytest.approx(1e-4 * 128) and row.best.references["2d"] == pytest.approx(1e-4 * 128)


def _legacy(root: Path, files: int = 1) -> None:
    (root / "failures" / "interleaving-string").mkdir(parents=True)
    (root / "history.json").write_text(json.dumps({
        "interleaving-string": {"last_verdict": "WA", "solved": True, "when": "2025-01-02T03:04:05",
                                "last_submission": "/x/a.py"},
        "edit-distance": {"last_verdict": "TLE", "solved": False, "when": "2025-01-03T03:04:05",
                          "last_submission": "/x/b.py"},
    }))
    for k in range(files):
        inputs = [{"s1": "a" * j, "s2": "", "s3": str(k)} for j in range(3)]  # newest first, as the old kit kept them
        (root / "failures" / "interleaving-string" / f"f{k}-0123456789ab.json").write_text(
            json.dumps({"submission": f"/x/f{k}.py", "inputs": inputs}))


def _check_migrated(root: Path, files: int = 1) -> None:
    store = Store(root)
    assert store.solved() == {"interleaving-string"}
    verdicts = {(r.problem, r.verdict) for r in store.runs()}
    assert verdicts == {("interleaving-string", "AC"), ("interleaving-string", "WA"), ("edit-distance", "TLE")}
    for k in range(files):
        assert store.failures("interleaving-string", Path(f"/x/f{k}.py")) == [
            {"s1": "a" * j, "s2": "", "s3": str(k)} for j in range(3)]


def test_json_history_migrates_on_first_use_and_nothing_is_lost(tmp_path):
    _legacy(tmp_path)
    _check_migrated(tmp_path)
    _check_migrated(tmp_path)  # a second open reads the database, and imports nothing twice
    assert (tmp_path / "history.json").is_file()  # the old files stay where they were
    assert len(Store(tmp_path).runs()) == 3


def test_a_migration_killed_midway_leaves_the_json_to_try_again(tmp_path):
    """The import runs in the transaction that creates the schema. Killed inside it (the
    database file is there, its schema not yet committed), it leaves nothing half done,
    and the next open imports everything."""
    files = 1000
    _legacy(tmp_path, files)
    path = tmp_path / FILE_NAME
    code = "import sys, pathlib; from judge.engine.store import Store; Store(pathlib.Path(sys.argv[1])).solved()"
    mid_migration = rounds = 0
    while not mid_migration and rounds < 10:
        rounds += 1
        proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT)
        # The file appears as the migration starts (importing 1000 files takes a few
        # tenths of a second): kill somewhere inside it, however slow the machine is.
        while not path.exists() and proc.poll() is None:
            time.sleep(0.002)
        time.sleep(random.uniform(0, 0.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert path.exists(), "the process ended before it opened the history"
        with closing(sqlite3.connect(path)) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
        if version:
            for extra in ("", "-wal", "-shm"):  # it finished: start over, to kill one inside
                Path(f"{path}{extra}").unlink(missing_ok=True)
        else:
            mid_migration += 1
    assert mid_migration, f"no kill landed inside the migration in {rounds} rounds"
    _check_migrated(tmp_path, files)


@pytest.mark.parametrize("content", [b"not a database at all\n" * 10, b"SQLite format 3\x00" + b"\xff" * 200])
def test_a_damaged_history_is_one_line_naming_the_file_and_the_fix_and_is_kept(tmp_path, monkeypatch, content):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / ".judge" / FILE_NAME
    path.parent.mkdir()
    path.write_bytes(content)
    runner = CliRunner()
    for args in (["list"], ["stats"], ["run", "interleaving-string", str(ROOT / "examples/interleaving_string.py")]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.output
        assert str(Path(".judge") / FILE_NAME) in lines[0] and "move it aside" in lines[0]
    assert path.read_bytes() == content  # never replaced


def _writer(root: Path, count: int, label: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.store_writer", str(root), str(count), label],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)


def _check_consistent(root: Path) -> sqlite3.Connection:
    db = sqlite3.connect(root / FILE_NAME)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    for (record,) in db.execute("SELECT result FROM runs"):
        result_from_record(json.loads(record))  # every stored run reads back whole
    counts = db.execute("SELECT r.id, p.run_id IS NOT NULL, (SELECT count(*) FROM profile_forms f "
                        "WHERE f.run_id = r.id) FROM runs r LEFT JOIN profiles p ON p.run_id = r.id").fetchall()
    for _, profiled, rows in counts:  # a profile lands with all its summary rows, or not at all
        assert rows == (PROFILE_ROWS if profiled else 0)
    for (n,) in db.execute("SELECT count(*) FROM replays GROUP BY problem, submission"):
        assert n <= MAX_REPLAYS
    return db


def test_a_writer_killed_mid_write_corrupts_nothing(tmp_path):
    """SIGKILL a process that writes runs in a loop, at random moments, until one kill has
    landed between a run's ``begin`` and its ``commit``; the database stays whole and holds
    every run that was committed."""
    begun = committed = 0
    mid_write = rounds = 0
    while mid_write < 2 and rounds < 30:
        rounds += 1
        proc = _writer(tmp_path, 0, f"w{rounds}")
        seen = [proc.stdout.readline() for _ in range(2)]  # it writes: now kill it somewhere
        time.sleep(random.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        lines = [line for line in seen + rest.splitlines() if line.strip()]
        begun += sum(line.startswith("begin") for line in lines)
        committed += sum(line.startswith("commit") for line in lines)
        mid_write += lines[-1].startswith("begin")
    assert mid_write >= 1, f"no kill landed mid-write in {rounds} rounds"
    db = _check_consistent(tmp_path)
    runs = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    assert committed <= runs <= begun
    Store(tmp_path).record_run(store_writer.run_result("after", 1), None)  # and it takes writes again


def test_two_writers_at_once_queue_and_lose_nothing(tmp_path):
    """Two processes create the same new history and write to it, and to the same replay
    list, at once: both finish, and every run of both is there."""
    count = 30
    procs = [_writer(tmp_path, count, "same") for _ in range(2)]
    outputs = [proc.communicate(timeout=240)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]
    assert all(output.count("commit") == count for output in outputs)
    db = _check_consistent(tmp_path)
    assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 2 * count
    assert db.execute("SELECT count(*) FROM profiles").fetchone()[0] == 2 * count
    replays = Store(tmp_path).failures("interleaving-string", Path("same.py"))
    assert 0 < len(replays) <= MAX_REPLAYS and len({json.dumps(r) for r in replays}) == len(replays)


def test_file_hash_and_cases_are_recorded_by_a_real_run(tmp_path):
    fixture = ROOT / "tests" / "submissions" / "interleaving_string" / "wa_greedy.py"
    result = judge_submission(registry.get("interleaving-string"), fixture,
                              RunOptions(max_examples=10, seed=5, store=tmp_path))
    db = sqlite3.connect(tmp_path / FILE_NAME)
    row = db.execute("SELECT problem, submission, file_hash, verdict, cases_run, cases_passed, seed, wall_s, "
                     "failing_input FROM runs WHERE id = ?", (result.run_id,)).fetchone()
    assert row[:4] == ("interleaving-string", str(fixture), file_digest(fixture), "WA")
    assert row[4:7] == (result.cases_run, result.cases_passed, 5) and row[7] > 0
    assert json.loads(row[8]) == result.failing_case.input
