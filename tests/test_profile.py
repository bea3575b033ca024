import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from judge.model import registry
from judge.model.outcomes import FormProfile, Profile
from judge.profiling.growth import fit_exponent
from judge.profiling.profile import ProfileOptions, profile_submission
from judge.reporting import findings
from judge.reporting import views as report


@given(st.floats(0.5, 3.5), st.floats(1e-3, 1.0))
def test_fit_recovers_a_power_law(k, c):
    sizes = [64, 128, 256, 512, 1024]
    seconds = [c * (n / 64) ** k * 1e-3 + 0 for n in sizes]
    assert fit_exponent(sizes, seconds) == pytest.approx(k, abs=1e-6)


def test_fit_ignores_overhead_dominated_points():
    sizes = [16, 32, 64, 128, 256, 512]
    seconds = [5e-6, 5e-6, 5e-6, 1e-3 * (128 / 128) ** 2, 4e-3, 16e-3]
    assert fit_exponent(sizes, seconds) == pytest.approx(2.0, abs=1e-6)


def test_fit_needs_two_points():
    assert fit_exponent([64], [1.0]) is None


def synthetic(exponents: dict[str, float], peak: dict[str, int]) -> Profile:
    forms = {}
    for name, k in exponents.items():
        sizes = [128, 256, 512]
        seconds = [1e-3 * (n / 128) ** k * (3 if name == "2d" else 1) for n in sizes]
        forms[name] = FormProfile(sizes, seconds, [peak.get(name)] * 3, fit_exponent(sizes, seconds),
                                  answers=[True] * 3)
    return Profile({"dense": forms}, "n", 1.0)


def test_a_worse_exponent_is_flagged():
    profile = synthetic({"submission": 3.0, "2d": 2.0, "1d": 2.0}, {})
    sentences, warnings = findings.describe(profile, has_submission=True)
    assert any("correct, but grows as n^3.0" in w for w in warnings)


def test_gap_sentences_state_measured_ratios():
    profile = synthetic({"submission": 2.0, "2d": 2.0, "1d": 2.0}, {"2d": 4_000_000, "1d": 9_000, "submission": 9_000})
    sentences, warnings = findings.describe(profile, has_submission=True)
    assert not warnings
    assert any("rolling 1-D row is 3.0× faster than the 2-D table at n=512" in s and "9.0 KB against 4.0 MB" in s
               for s in sentences), sentences


def test_a_submission_wrong_at_large_n_is_warned():
    profile = synthetic({"submission": 2.0, "1d": 2.0}, {})
    profile.families["dense"]["submission"].answers[-1] = False
    _, warnings = findings.describe(profile, has_submission=True)
    assert any("wrong beyond the judged sizes" in w for w in warnings)


def test_reference_profile_runs_every_form_and_renders():
    """A real (small) profile of the references: every form at every size, the rolling row's
    memory a sliver of the table's, and the rendered view. Which form is faster is a
    measurement: benchmarks/test_profile_shapes.py asserts it."""
    problem = registry.get("interleaving-string")
    options = ProfileOptions(sizes=(64, 128, 256), call_budget_s=0.2, target_s=0.03, min_repeats=3)
    profile = profile_submission(problem, None, options)
    dense = profile.families["dense"]
    for family in ("dense", "random"):
        for form in ("2d", "1d", "memo"):
            measured = profile.families[family][form]
            assert measured.sizes == [64, 128, 256] and all(t > 0 for t in measured.seconds), (family, form)
            assert measured.exponent is not None
    assert dense["2d"].peak_bytes[0] > 10 * dense["1d"].peak_bytes[0]  # tracemalloc counts bytes, not time
    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(report.profile_view(profile))
    text = console.file.getvalue()
    assert "profile · dense inputs" in text and "growth" in text and "rolling 1-D row" in text


def test_a_jitted_class_slower_than_python_points_to_the_batch_entry():
    """A design problem's numba class pays dispatch per call; the finding says so, with the
    per-call time, and names the entry that runs a stream in one call."""
    sizes = [1000, 2000, 4000]
    forms = {"python": FormProfile(sizes, [1e-3, 2e-3, 4e-3], [None] * 3, 1.0, answers=[1] * 3),
             "numba": FormProfile(sizes, [3e-3, 6e-3, 12e-3], [None] * 3, 1.0, compile_s=0.2, answers=[1] * 3)}
    profile = Profile({"decode": forms}, "n", 1.0)
    sentences, _ = findings.describe(profile, has_submission=False, batch_entry="solutions.x.run_stream")
    jit = [s for s in sentences if "Numba JIT" in s]
    assert jit and "3.0× faster than the Numba JIT form at n=4000" in jit[0]
    assert "3.0 µs per call here in all; solutions.x.run_stream runs a whole stream in one call" in jit[0]
    sentences, _ = findings.describe(profile, has_submission=False)
    assert not any("run_stream" in s for s in sentences)
