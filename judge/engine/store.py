"""The practice history: one SQLite database, ``.judge/history.sqlite3``.

It holds every run (problem, file hash, verdict, cases, seed, wall time, failing input,
and the whole result for ``judge report``), the replay store of failing inputs, the
profile of each accepted run with one summary row per form, and the mocks with their
attempts. The standard library's ``sqlite3`` in WAL mode: readers never wait for a
writer, and every write is one ``BEGIN IMMEDIATE`` transaction, so a process killed
mid-write leaves the last committed state and two ``judge`` processes at once queue
for the write lock (``BUSY_S``) rather than fail.

A file that is not a readable database is reported as :class:`HistoryUnreadable`,
naming the file and the fix; it is never replaced. The JSON files of earlier kits
(``history.json``, ``failures/``) are read into the database once, in the transaction
that creates it, and left where they are.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Iterator

from judge.errors import HistoryUnreadable
from judge.model.history import Attempt, MockRecord, RunRecord
from judge.model.outcomes import (
    Profile,
    RunResult,
    profile_from_record,
    profile_record,
    result_from_record,
    result_record,
)

MAX_REPLAYS = 20
SCHEMA = 1
FILE_NAME = "history.sqlite3"
BUSY_S = 30.0  # how long a write waits for another judge's transaction to commit

_TABLES = (
    """CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,                   -- when it finished, Unix seconds
    problem TEXT NOT NULL,
    submission TEXT NOT NULL,           -- the file's resolved path
    file_hash TEXT,                     -- sha256 of the bytes judged, NULL if unreadable or imported
    verdict TEXT NOT NULL,
    cases_run INTEGER NOT NULL DEFAULT 0,
    cases_passed INTEGER NOT NULL DEFAULT 0,
    seed INTEGER,
    wall_s REAL,
    failing_input TEXT,                 -- JSON
    result TEXT,                        -- the run's record (judge.model.outcomes), JSON
    imported INTEGER NOT NULL DEFAULT 0 -- 1: read from an earlier kit's history.json
)""",
    """CREATE INDEX runs_by_problem ON runs (problem, id)""",
    """CREATE TABLE replays (
    id INTEGER PRIMARY KEY,             -- newest last
    problem TEXT NOT NULL,
    submission TEXT NOT NULL,
    input TEXT NOT NULL,                -- JSON, keys sorted
    UNIQUE (problem, submission, input)
)""",
    """CREATE TABLE profiles (
    run_id INTEGER PRIMARY KEY REFERENCES runs (id),
    profile TEXT NOT NULL               -- the profile's record, JSON
)""",
    """CREATE TABLE profile_forms (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    family TEXT NOT NULL,
    form TEXT NOT NULL,
    exponent REAL,
    largest_n INTEGER,                  -- the largest n this form reached
    seconds_at_largest REAL,
    common_n INTEGER,                   -- the largest n every form of the family reached
    seconds_at_common REAL,
    PRIMARY KEY (run_id, family, form)
)""",
    """CREATE TABLE mocks (
    id INTEGER PRIMARY KEY,
    problem TEXT NOT NULL,
    submission TEXT NOT NULL,
    started_at REAL NOT NULL,
    minutes REAL,                       -- NULL: --no-timer
    ended_at REAL,                      -- NULL: still running, or its process was killed
    outcome TEXT,                       -- 'accepted', 'time up' or 'stopped'
    time_to_ac_s REAL
)""",
    """CREATE TABLE attempts (
    mock_id INTEGER NOT NULL REFERENCES mocks (id),
    number INTEGER NOT NULL,
    at_s REAL NOT NULL,                 -- seconds into the mock
    run_id INTEGER REFERENCES runs (id),-- NULL: ended before its verdict
    verdict TEXT,
    file_hash TEXT,
    PRIMARY KEY (mock_id, number)
)""",
)


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _key(inp: dict[str, Any]) -> str:
    return json.dumps(inp, sort_keys=True)


def _unreadable(path: Path, exc: sqlite3.Error) -> HistoryUnreadable:
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return HistoryUnreadable(f"{path} stayed locked by another judge process for {BUSY_S:.0f} s ({exc}); "
                                 "let it finish, or stop it, and run again")
    if isinstance(exc, sqlite3.OperationalError):
        return HistoryUnreadable(f"cannot use the practice history {path} ({exc}); check that its folder is "
                                 "writable, or run from another folder")
    # The -wal and -shm files go with it: SQLite would replay an old WAL into a new database.
    aside = path.parent / "broken"
    return HistoryUnreadable(f"the practice history {path} is damaged or not a database ({exc}); move it aside with "
                             f"its -wal and -shm files (mkdir -p {aside} && mv {path}* {aside}/) and the next run "
                             "starts a new one")


class Store:
    """The history under ``root``. Each call opens its own connection, so a Store is safe to
    share and never holds a lock between calls."""

    def __init__(self, root: Path):
        self.root = root
        self.path = root / FILE_NAME

    # -- connections and transactions -----------------------------------------------------------

    @contextmanager
    def _connection(self, create: bool) -> Iterator[sqlite3.Connection | None]:
        """A connection with the schema in place, or None when there is no history and
        ``create`` is false (a read needs no empty database left behind)."""
        if not create and not self.path.exists() and not _legacy_files(self.root):
            yield None
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=BUSY_S, isolation_level=None)) as db:
                db.execute("PRAGMA foreign_keys = ON")
                self._ensure_schema(db)
                yield db
        except (sqlite3.ProgrammingError, sqlite3.IntegrityError, sqlite3.InterfaceError):
            raise  # the kit's own mistake, not the file's
        except sqlite3.Error as exc:
            raise _unreadable(self.path, exc) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connection(create=True) as db:
            with _transaction(db):
                yield db

    def _ensure_schema(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]  # reads the header: fails on a non-database
        if version == SCHEMA:
            return
        if version > SCHEMA:
            raise HistoryUnreadable(f"{self.path} was written by a newer judge-kit (schema {version}, this one "
                                    f"reads {SCHEMA}); upgrade judge-kit, or run from another folder")
        # WAL outlives the connection: it is the file's mode from now on. It cannot change inside
        # a transaction, so it is set first (setting it twice is harmless).
        db.execute("PRAGMA journal_mode = WAL")
        with _transaction(db):
            if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA:
                return  # another process created it while this one waited for the lock
            if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise HistoryUnreadable(f"{self.path} is a SQLite database, but not the kit's history; move it "
                                        f"aside (mv {self.path} {self.path}.other) and run again")
            for statement in _TABLES:  # not executescript: it would commit first
                db.execute(statement)
            _migrate_json(db, self.root)
            db.execute(f"PRAGMA user_version = {SCHEMA}")

    def check(self) -> None:
        """Open the history now, so a damaged file is reported before any work starts."""
        with self._connection(create=False):
            pass

    # -- the replay store -----------------------------------------------------------------------

    def failures(self, slug: str, submission: Path) -> list[dict[str, Any]]:
        """The inputs this file failed before, newest first."""
        with self._connection(create=False) as db:
            if db is None:
                return []
            rows = db.execute("SELECT input FROM replays WHERE problem = ? AND submission = ? ORDER BY id DESC",
                              (slug, str(submission.resolve()))).fetchall()
        return [json.loads(row[0]) for row in rows]

    def remember_failure(self, slug: str, submission: Path, inp: dict[str, Any]) -> None:
        with self._write() as db:
            _remember(db, slug, str(submission.resolve()), inp)

    # -- runs and profiles ----------------------------------------------------------------------

    def record_run(self, result: RunResult, file_hash: str | None) -> int:
        """One finished run; its failing input joins the replay store in the same transaction."""
        submission = str(Path(result.submission).resolve())
        failing = result.failing_case.input if result.failing_case is not None and result.verdict.failed else None
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO runs (at, problem, submission, file_hash, verdict, cases_run, cases_passed, seed, "
                "wall_s, failing_input, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), result.problem, submission, file_hash, result.verdict.value, result.cases_run,
                 result.cases_passed, result.seed, result.wall_s,
                 None if failing is None else _key(failing), json.dumps(result_record(result))))
            if failing is not None:
                _remember(db, result.problem, submission, failing)
            return cursor.lastrowid

    def record_profile(self, run_id: int, profile: Profile, wall_s: float) -> None:
        """An accepted run's profile, whole, and one summary row per family and form."""
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO profiles (run_id, profile) VALUES (?, ?)",
                       (run_id, json.dumps(profile_record(profile))))
            db.execute("DELETE FROM profile_forms WHERE run_id = ?", (run_id,))
            db.executemany("INSERT INTO profile_forms VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           [(run_id, *row) for row in _summary_rows(profile)])
            db.execute("UPDATE runs SET wall_s = ? WHERE id = ?", (wall_s, run_id))

    def last_run(self, slug: str | None = None) -> RunResult | None:
        """The newest recorded run (of ``slug``), with its profile, as the run reported it."""
        where, args = ("WHERE r.problem = ? AND r.result IS NOT NULL", (slug,)) if slug else (
            "WHERE r.result IS NOT NULL", ())
        with self._connection(create=False) as db:
            if db is None:
                return None
            row = db.execute(f"SELECT r.id, r.result, p.profile FROM runs r LEFT JOIN profiles p ON p.run_id = r.id "
                             f"{where} ORDER BY r.id DESC LIMIT 1", args).fetchone()
        if row is None:
            return None
        profile = profile_from_record(json.loads(row[2])) if row[2] else None
        result = result_from_record(json.loads(row[1]), profile)
        result.run_id = row[0]
        return result

    def runs(self) -> list[RunRecord]:
        with self._connection(create=False) as db:
            if db is None:
                return []
            rows = db.execute("SELECT id, at, problem, submission, verdict, cases_run, cases_passed, wall_s, "
                              "imported FROM runs ORDER BY id").fetchall()
        return [RunRecord(*row[:8], imported=bool(row[8])) for row in rows]

    def profile_summaries(self) -> list[tuple[int, str, str, str, float | None, int | None, float | None]]:
        """(run id, problem, family, form, exponent, common n, seconds at it) of every profiled run."""
        with self._connection(create=False) as db:
            if db is None:
                return []
            return db.execute("SELECT f.run_id, r.problem, f.family, f.form, f.exponent, f.common_n, "
                              "f.seconds_at_common FROM profile_forms f JOIN runs r ON r.id = f.run_id "
                              "ORDER BY f.run_id").fetchall()

    def solved(self) -> set[str]:
        with self._connection(create=False) as db:
            if db is None:
                return set()
            return {row[0] for row in db.execute("SELECT DISTINCT problem FROM runs WHERE verdict = 'AC'")}

    # -- mocks ----------------------------------------------------------------------------------

    def start_mock(self, slug: str, submission: Path, minutes: float | None) -> int:
        with self._write() as db:
            return db.execute("INSERT INTO mocks (problem, submission, started_at, minutes) VALUES (?, ?, ?, ?)",
                              (slug, str(submission.resolve()), time.time(), minutes)).lastrowid

    def record_attempt(self, mock_id: int, attempt: Attempt) -> None:
        with self._write() as db:
            db.execute("INSERT INTO attempts VALUES (?, ?, ?, ?, ?, ?)",
                       (mock_id, attempt.number, attempt.at_s, attempt.run_id, attempt.verdict, attempt.file_hash))

    def finish_mock(self, mock_id: int, outcome: str, time_to_ac_s: float | None) -> None:
        with self._write() as db:
            db.execute("UPDATE mocks SET ended_at = ?, outcome = ?, time_to_ac_s = ? WHERE id = ?",
                       (time.time(), outcome, time_to_ac_s, mock_id))

    def mocks(self) -> list[MockRecord]:
        with self._connection(create=False) as db:
            if db is None:
                return []
            mocks = db.execute("SELECT id, problem, submission, started_at, minutes, ended_at, outcome, "
                               "time_to_ac_s FROM mocks ORDER BY id").fetchall()
            attempts = db.execute("SELECT mock_id, number, at_s, run_id, verdict, file_hash FROM attempts "
                                  "ORDER BY mock_id, number").fetchall()
        by_mock: dict[int, list[Attempt]] = {}
        for mock_id, *fields in attempts:
            by_mock.setdefault(mock_id, []).append(Attempt(*fields))
        return [MockRecord(*row, attempts=by_mock.get(row[0], [])) for row in mocks]


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE takes the write lock up front: two writers queue instead of one
    failing when it tries to upgrade a read lock mid-transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _remember(db: sqlite3.Connection, slug: str, submission: str, inp: dict[str, Any]) -> None:
    """Newest first (the largest id), each input once, at most MAX_REPLAYS per file."""
    key = _key(inp)
    db.execute("DELETE FROM replays WHERE problem = ? AND submission = ? AND input = ?", (slug, submission, key))
    db.execute("INSERT INTO replays (problem, submission, input) VALUES (?, ?, ?)", (slug, submission, key))
    db.execute("DELETE FROM replays WHERE problem = ? AND submission = ? AND id NOT IN (SELECT id FROM replays "
               "WHERE problem = ? AND submission = ? ORDER BY id DESC LIMIT ?)",
               (slug, submission, slug, submission, MAX_REPLAYS))


def _summary_rows(profile: Profile) -> list[tuple]:
    rows = []
    for family, forms in profile.families.items():
        reached = [set(p.sizes) for p in forms.values() if p.sizes]
        common = max(set.intersection(*reached), default=None) if reached else None
        for form, p in forms.items():
            largest = p.sizes[-1] if p.sizes else None
            at_largest = p.seconds[-1] if p.seconds else None
            at_common = p.seconds[p.sizes.index(common)] if common in p.sizes else None
            rows.append((family, form, p.exponent, largest, at_largest, common, at_common))
    return rows


# -- the JSON files of earlier kits -------------------------------------------------------------

def _legacy_files(root: Path) -> list[Path]:
    history = root / "history.json"
    return ([history] if history.is_file() else []) + sorted((root / "failures").glob("*/*.json"))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # unreadable then too: the old kit treated it as empty


def _migrate_json(db: sqlite3.Connection, root: Path) -> None:
    """Inside the transaction that creates the schema: all of it lands, or none of it."""
    history = _read_json(root / "history.json")
    for slug, entry in (history.items() if isinstance(history, dict) else ()):
        if not isinstance(entry, dict):
            continue
        when = _parse_when(entry.get("when"))
        submission = str(entry.get("last_submission") or "")
        last = str(entry.get("last_verdict") or ("AC" if entry.get("solved") else "IE"))
        if entry.get("solved") and last != "AC":  # solved once, failing since: keep both facts
            db.execute("INSERT INTO runs (at, problem, submission, verdict, imported) VALUES (?, ?, ?, 'AC', 1)",
                       (when, slug, submission))
        db.execute("INSERT INTO runs (at, problem, submission, verdict, imported) VALUES (?, ?, ?, ?, 1)",
                   (when, slug, submission, last))
    for path in sorted((root / "failures").glob("*/*.json")):
        data = _read_json(path)
        if not isinstance(data, dict) or not isinstance(data.get("inputs"), list):
            continue
        submission = str(data.get("submission") or path.stem)
        # The file kept the newest first; inserting oldest first gives the newest the largest id.
        for inp in reversed([i for i in data["inputs"] if isinstance(i, dict)][:MAX_REPLAYS]):
            db.execute("INSERT OR IGNORE INTO replays (problem, submission, input) VALUES (?, ?, ?)",
                       (path.parent.name, submission, _key(inp)))


def _parse_when(text: Any) -> float:
    try:
        return time.mktime(time.strptime(str(text), "%Y-%m-%dT%H:%M:%S"))
    except (ValueError, OverflowError):
        return 0.0
