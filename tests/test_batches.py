"""Cases travel in batches: per-case limits inside the worker, the judge's kill as the backstop,
and a death mid-batch pinned on the case that caused it. Facts become verdicts in the checker.
"""

import textwrap

from judge.engine import checker
from judge.engine.limits import Limits, case_limits
from judge.engine.plan import plan
from judge.engine.process import Stopped
from judge.engine.run import RunOptions, judge_submission
from judge.engine.supervisor import Supervisor
from judge.model import registry
from judge.model.verdicts import Verdict

PROBLEM = registry.get("interleaving-string")
OK = [{"s1": "a", "s2": "", "s3": "a"}, {"s1": "", "s2": "b", "s3": "b"}]


def _submission(tmp_path, body: str):
    path = tmp_path / "mysol.py"
    path.write_text(textwrap.dedent(body))
    return path


def _batch(tmp_path, body: str, inputs: list, limits: Limits | None = None) -> list:
    limits = limits or case_limits(0.0, 0.5, 256)
    with Supervisor(PROBLEM, plan(_submission(tmp_path, body), PROBLEM.entry), 256, references=False) as supervisor:
        supervisor.start()
        return supervisor.batch(inputs, [limits] * len(inputs))


CRASHES_ON_AB = """
    import os, signal
    from solutions.interleaving_string import FORMS
    def is_interleave(s1, s2, s3):
        if s1 == "ab":
            os.kill(os.getpid(), signal.SIGSEGV)
        return FORMS["1d"](s1, s2, s3)
"""


def test_a_death_mid_batch_is_pinned_on_the_case_that_caused_it(tmp_path):
    crash = {"s1": "ab", "s2": "", "s3": "ab"}
    replies = _batch(tmp_path, CRASHES_ON_AB, [*OK, crash, *OK])
    assert [r["status"] for r in replies[:2]] == ["ok", "ok"]
    assert isinstance(replies[2], Stopped) and len(replies) == 3  # the cases after it are not run
    outcome = checker.check(PROBLEM, crash, True, replies[2], 0.5)
    assert outcome.verdict is Verdict.RE and "SIGSEGV" in outcome.message


def test_the_run_names_the_crashing_case_whatever_batch_it_is_in(tmp_path):
    result = judge_submission(PROBLEM, _submission(tmp_path, CRASHES_ON_AB), RunOptions(seed=1, store=None))
    assert result.verdict is Verdict.RE and result.failing_case.input == {"s1": "ab", "s2": "", "s3": ""}
    assert "SIGSEGV" in result.message and result.minimality == "exhaustive"


def test_a_slow_case_is_stopped_by_the_workers_own_timer_and_ends_the_batch(tmp_path):
    body = """
        def is_interleave(s1, s2, s3):
            while s1 == "a":
                pass
            return True
    """
    replies = _batch(tmp_path, body, [OK[1], OK[0], OK[1]], case_limits(0.0, 0.3, 256))
    assert replies[0]["status"] == "ok" and replies[1] == {**replies[1], "status": "limit", "limit": "cpu"}
    assert len(replies) == 2  # the worker stopped the batch there, and lives on
    assert checker.check(PROBLEM, OK[0], True, replies[1], 0.3).verdict is Verdict.TLE


def test_a_case_the_timer_cannot_stop_is_killed_from_outside(tmp_path):
    body = """
        import signal
        def is_interleave(s1, s2, s3):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF, signal.SIGALRM})
            while True:
                pass
    """
    replies = _batch(tmp_path, body, OK, case_limits(0.0, 0.3, 256))
    assert len(replies) == 1 and isinstance(replies[0], Stopped) and replies[0].limit in ("cpu", "wall")
    assert checker.check(PROBLEM, OK[0], True, replies[0], 0.3).verdict is Verdict.TLE


def test_the_checker_applies_the_priority_to_every_verdict_a_case_earned():
    raised_slowly = {"status": "raised", "type": "KeyError", "message": "KeyError: 1", "line": 3, "cpu": 2.0}
    assert checker.check(PROBLEM, OK[0], True, raised_slowly, 1.0).verdict is Verdict.TLE
    wrong_slowly = {"status": "ok", "value": False, "type": "bool", "cpu": 2.0}
    assert checker.check(PROBLEM, OK[0], True, wrong_slowly, 1.0).verdict is Verdict.TLE
    assert checker.check(PROBLEM, OK[0], True, {**wrong_slowly, "cpu": 0.1}, 1.0).verdict is Verdict.WA
    oom = Stopped(None, 9, None, "died of SIGKILL", 0.1, 0.1)
    assert checker.check(PROBLEM, OK[0], True, oom, 1.0).verdict is Verdict.MLE  # not ours: the kernel's


def test_a_failure_that_needs_the_cases_before_it_is_said_so(tmp_path):
    leaky = tmp_path.parent / "submissions_leaky.py"
    body = """
        class Solution:
            seen = {}
            def isInterleave(self, s1, s2, s3):
                key = (len(s1), len(s2))
                if key not in Solution.seen:
                    Solution.seen[key] = sorted(s1 + s2) == sorted(s3)
                return Solution.seen[key]
    """
    leaky.write_text(textwrap.dedent(body))
    result = judge_submission(PROBLEM, leaky, RunOptions(seed=1, store=None))
    assert result.verdict is Verdict.WA and result.minimality == "none"
    assert any("fails only after other cases ran" in note for note in result.notes)
