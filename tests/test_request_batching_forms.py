"""Static and dynamic batching share one simulator, so they share these checks: for each
problem, the two forms agree bit for bit, agree with its slow model (written from the
dispatch condition), solve the canonical cases, emit the same trace, and run with the JIT
disabled. Each problem's own rules, one hand-computed case each, are in its forms file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from problems import _request_batching as shared
from problems import dynamic_batching, static_batching
from solutions import dynamic_batching as dynamic_ref
from solutions import static_batching as static_ref
from tests.naive import dynamic_batching as dynamic_slow
from tests.naive import static_batching as static_slow

ROOT = Path(__file__).resolve().parent.parent

# slug -> (problem package, reference forms, slow model, the policy's own config keys)
POLICIES = {
    "static-batching": (static_batching, static_ref, static_slow.simulate_slow, lambda draw: {}),
    "dynamic-batching": (dynamic_batching, dynamic_ref, dynamic_slow.simulate_slow, dynamic_batching._max_wait),
}
EACH = pytest.mark.parametrize("slug", sorted(POLICIES))


@EACH
@settings(max_examples=300)
@given(data=st.data())
def test_python_and_numba_agree_exactly(slug, data):
    problem, ref, _, _ = POLICIES[slug]
    inp = data.draw(problem.inputs(), label="input")
    assert ref.python(**inp) == ref.numba(**inp)


@EACH
@settings(max_examples=300)
@given(data=st.data())
def test_forms_agree_with_the_slow_model(slug, data):
    _, ref, simulate_slow, policy_keys = POLICIES[slug]
    inp = data.draw(shared.workloads(policy_keys, max_requests=6), label="input")
    expected = simulate_slow(**inp)
    for form in ref.FORMS.values():
        assert form(**inp) == expected


@EACH
def test_canonical_cases(slug):
    problem, ref, _, _ = POLICIES[slug]
    cases = json.loads((Path(problem.__file__).parent / "cases.json").read_text(encoding="utf-8"))["cases"]
    for form in ref.FORMS.values():
        for case in cases:
            assert form(**case["input"]) == case["expected"], case["description"]


@EACH
@settings(max_examples=100)
@given(data=st.data())
def test_traces_agree_and_add_up(slug, data):
    problem, ref, _, _ = POLICIES[slug]
    inp = data.draw(problem.inputs(), label="input")
    results, trace = ref.simulate_with_trace(inp["requests"], inp["config"], "python")
    same, arrays = ref.simulate_with_trace(inp["requests"], inp["config"], "numba")
    assert results == same
    assert [row["start"] for row in trace] == arrays["start"].tolist()
    for key in ("duration", "tokens", "seqs", "free_blocks"):
        assert [row[key] for row in trace] == arrays[key].tolist(), key
    finishes = [r[1] for r in results if r[1] is not None]
    if trace:
        assert max(finishes) == trace[-1]["start"] + trace[-1]["duration"]
        assert all(0 <= row["free_blocks"] < inp["config"]["num_blocks"] for row in trace)


@EACH
def test_numba_form_runs_without_the_jit(slug):
    module = POLICIES[slug][0].__name__.rpartition(".")[2]
    script = (
        "from hypothesis import given, settings\n"
        f"from problems import {module} as p\n"
        f"from solutions import {module} as s\n"
        "@settings(max_examples=60, derandomize=True, deadline=None)\n"
        "@given(p.inputs())\n"
        "def run(inp):\n"
        "    assert s.numba(**inp) == s.python(**inp)\n"
        "run()\n"
    )
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
