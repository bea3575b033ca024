"""Issue 11's judging rate: small cases judged end to end, as a ratio to a bare loop, in one run.

Every input of Interleaving String's small scope (17,693 up to size 7) is judged through
the worker, in batches, exactly as ``judge run`` judges them: expected answers from the
fastest reference, one round trip per batch, the checker on every reply. The bare loop
calls a reference on the same inputs in this process, with nothing else: the fastest
form, so the ratio is the strictest there is. The
rates go into extra_info (orientation: the issue's figure is 5,000 cases/s on a 2-core
machine); the bar is the ratio. Judging one case per round trip, as the kit did before,
measured 280 cases/s against a bare loop's ~1.7 million: a ratio of 1/6,000.
"""

from __future__ import annotations

import time
from pathlib import Path

from judge.engine.limits import case_limits
from judge.engine.plan import plan
from judge.engine.run import Judging, RunOptions
from judge.engine.supervisor import Supervisor
from judge.model import registry

PROBLEMS = ("interleaving-string",)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "interleaving_string.py"
#: Judged over bare: a batch must stay far above one round trip per case (1/6,000).
RATIO_BAR = 1 / 200


class _Silent:
    def stage(self, description, total):
        pass

    def advance(self, amount=1):
        pass


def test_small_cases_are_judged_in_batches(benchmark, pytestconfig):
    problem = registry.get("interleaving-string")
    disabled = pytestconfig.getoption("benchmark_disable")
    bound = 4 if disabled else problem.small_scope.bound  # the smoke run checks the wiring
    inputs = [inp for _, inp in problem.small_scope.inputs(bound)]
    limits = case_limits(0.0, None, 256)
    with Supervisor(problem, plan(EXAMPLE, problem.entry), 256, references=False) as supervisor:
        supervisor.start()

        def judge_all() -> float:
            judging = Judging(problem, supervisor, RunOptions(), _Silent())
            start = time.perf_counter()
            failure = judging.many(inputs, "small scope", fixed=limits)
            assert failure is None and judging.run == len(inputs)
            return time.perf_counter() - start

        judge_all()  # warm: the references' first batch times every form
        judged_s = min(judge_all() for _ in range(1 if disabled else 3))
        benchmark.pedantic(judge_all, rounds=1, iterations=1)

    bare = {}
    for name, form in problem.forms.items():  # the fastest form: the strictest bare loop
        reference = problem.runner(form)
        reference(problem.warmup)
        start = time.perf_counter()
        for inp in inputs:
            reference(inp)
        bare[name] = time.perf_counter() - start
    fastest = min(bare, key=bare.get)
    judged_rate, bare_rate = len(inputs) / judged_s, len(inputs) / bare[fastest]
    benchmark.extra_info.update(cases=len(inputs), judged_cases_per_s=round(judged_rate), bare_form=fastest,
                                bare_cases_per_s=round(bare_rate), ratio=judged_rate / bare_rate)
    if not disabled:
        assert judged_rate / bare_rate >= RATIO_BAR, (
            f"judged {judged_rate:,.0f} cases/s against a bare loop's {bare_rate:,.0f}: "
            f"a ratio of 1/{bare_rate / judged_rate:,.0f}, the bar is 1/{1 / RATIO_BAR:,.0f}")
