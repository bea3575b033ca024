"""Plain sentences from a profile's numbers: the gaps a user came to see."""

from __future__ import annotations

from judge.model.forms import SUBMISSION, is_jitted
from judge.model.outcomes import FormProfile, Profile
from judge.profiling.growth import relative_spread
from judge.reporting.format import human_bytes, human_seconds

FORM_NAMES = {
    SUBMISSION: "your solution",
    "2d": "the 2-D table",
    "1d": "the rolling 1-D row",
    "memo": "top-down memo",
    "numba": "the Numba JIT form",
    "bitset": "the big-int bitset form",
    "bitset-numba": "the Numba bitset form",
}
#: A submission whose exponent exceeds the best reference's by this much is flagged.
EXPONENT_SLACK = 0.4
#: pyperf's rule of thumb: a standard deviation above 10% of the typical time is unstable.
NOISY_SPREAD = 0.10


def _name(form: str) -> str:
    return FORM_NAMES.get(form, f"the {form} form")


def _at(profile: FormProfile, n: int) -> float | None:
    return profile.seconds[profile.sizes.index(n)] if n in profile.sizes else None


def _peak_at(profile: FormProfile, n: int) -> int | None:
    return profile.peak_bytes[profile.sizes.index(n)] if n in profile.sizes else None


def _largest_common(a: FormProfile, b: FormProfile, key=_at) -> int | None:
    common = [n for n in a.sizes if n in b.sizes and key(a, n) is not None and key(b, n) is not None]
    return max(common) if common else None


def ratio_sentence(a_name: str, a: FormProfile, b_name: str, b: FormProfile) -> str | None:
    """'A is 3.1× slower than B at n=1024 and holds 8.4 MB against its 9.0 KB'."""
    n = _largest_common(a, b)
    if n is None:
        return None
    ta, tb = _at(a, n), _at(b, n)
    ratio = ta / tb
    if 1 / 1.05 < ratio < 1.05:
        speed = "about as fast as"
    else:
        speed = f"{ratio:.1f}× slower than" if ratio >= 1 else f"{1 / ratio:.1f}× faster than"
    sentence = f"{a_name} is {speed} {b_name} at n={n}"
    m = _largest_common(a, b, _peak_at)
    if m is not None:
        sentence += f"; at n={m} it holds {human_bytes(_peak_at(a, m))} against {human_bytes(_peak_at(b, m))}"
    return sentence


def describe(profile: Profile, has_submission: bool | None = None,
             batch_entry: str | None = None, noise_warnings: bool = True) -> tuple[list[str], list[str]]:
    """The findings and the warnings, as sentences. ``batch_entry`` names a design
    problem's one-call-per-stream entry (e.g. ``solutions.prefix_cache.run_stream``), to
    explain a jitted class that loses to plain Python. Both default to the profile's own.
    Without ``noise_warnings`` the per-family lists of noisy points are left out (the
    report says how many in one line, see :func:`noise`)."""
    if has_submission is None:
        has_submission = profile.has_submission
    if batch_entry is None:
        batch_entry = profile.batch_entry
    sentences: list[str] = []
    warnings: list[str] = []
    for family, forms in profile.families.items():
        prefix = f"On {family} inputs: "
        references = {f: p for f, p in forms.items() if f != SUBMISSION and p.exponent is not None}
        if has_submission and SUBMISSION in forms:
            mine = forms[SUBMISSION]
            if references and mine.exponent is not None:
                # Worse than every reference, not merely than the best: memo's exponent on inputs
                # where it visits a sliver of the states is no bar for a bottom-up solution.
                worst = max(p.exponent for p in references.values())
                shape = ", ".join(f"{f} n^{p.exponent:.1f}" for f, p in references.items())
                if mine.exponent > worst + EXPONENT_SLACK:
                    warnings.append(
                        f"{prefix}correct, but grows as n^{mine.exponent:.1f}; the references grow as {shape}"
                    )
                else:
                    sentences.append(f"{prefix}your solution grows as n^{mine.exponent:.1f} ({shape})")
            # Against the classic rolling row first: the same algorithm done well, the usual bar.
            baseline = "1d" if "1d" in forms else _fastest(forms, jitted=False, exclude=SUBMISSION)
            if baseline:
                line = ratio_sentence("your solution", mine, _name(baseline), forms[baseline])
                if line:
                    sentences.append(prefix + line)
            for form, other in forms.items():
                n = _largest_common(mine, other)
                if form != SUBMISSION and n is not None and mine.answers and other.answers:
                    i, j = mine.sizes.index(n), other.sizes.index(n)
                    if mine.answers[i] != other.answers[j]:
                        warnings.append(
                            f"{prefix}your solution returned {mine.answers[i]!r} at n={n} where {form} returned "
                            f"{other.answers[j]!r}: it is wrong beyond the judged sizes"
                        )
                        break
        if "1d" in forms and "2d" in forms:
            line = ratio_sentence("the rolling 1-D row", forms["1d"], "the 2-D table", forms["2d"])
            if line:
                sentences.append(prefix + line)
        if "memo" in forms and "2d" in forms:
            n = _largest_common(forms["memo"], forms["2d"])
            if n is not None:
                r = _at(forms["memo"], n) / _at(forms["2d"], n)
                how = f"{r:.1f}× slower than" if r >= 1 else f"{1 / r:.0f}× faster than"
                sentences.append(f"{prefix}top-down memo is {how} the bottom-up 2-D table at n={n}")
        ladder = _distance_from_fastest(forms)
        if ladder:
            sentences.append(prefix + ladder)
        noisy = [f"{form} at n={n} ({spread:.0%})" for form, n, spread in _noisy(forms)]
        if noisy and noise_warnings:
            warnings.append(
                f"{prefix}unstable timings (std dev over median above {NOISY_SPREAD:.0%}): {', '.join(noisy[:6])}"
                + (f" and {len(noisy) - 6} more" if len(noisy) > 6 else "")
                + "; close other programs or raise --repeat"
            )
        # What JIT buys is best seen on the same algorithm: the numba form compiles the classic DP.
        jitted = "numba" if "numba" in forms else _fastest(forms, jitted=True, exclude=SUBMISSION)
        python = "1d" if "1d" in forms else _fastest(forms, jitted=False, exclude=SUBMISSION)
        if jitted and python:
            line = ratio_sentence(_name(python), forms[python], _name(jitted), forms[jitted])
            compile_s = forms[jitted].compile_s
            if line:
                extra = f" (compile or cache load {compile_s:.2f} s, not timed)" if compile_s is not None else ""
                n = _largest_common(forms[python], forms[jitted])
                if batch_entry and _at(forms[jitted], n) > _at(forms[python], n):
                    # A jitted class crosses from Python into numba on every call, and each
                    # crossing unboxes its arguments; the batch entry crosses once per stream.
                    per_call_us = _at(forms[jitted], n) / n * 1e6
                    extra += (f". A jitted class pays numba's dispatch on every call, {per_call_us:.1f} µs per call "
                              f"here in all; {batch_entry} runs a whole stream in one call, and benchmarks/ times "
                              f"that against the python form")
                sentences.append(prefix + line + extra)
    return sentences, warnings


def _noisy(forms: dict[str, FormProfile]) -> list[tuple[str, int, float]]:
    """(form, n, spread) of each point whose spread is over NOISY_SPREAD; points under 1 ms are
    dominated by the timer and the interpreter, and are not counted."""
    return [(form, n, spread) for form, p in forms.items()
            for n, t, spread in zip(p.sizes, p.seconds, map(relative_spread, p.samples))
            if spread > NOISY_SPREAD and t >= 1e-3]


def noise(profile: Profile) -> tuple[int, int]:
    """How many timed points were noisy, and how many points there were."""
    noisy = sum(len(_noisy(forms)) for forms in profile.families.values())
    total = sum(len(p.sizes) for forms in profile.families.values() for p in forms.values())
    return noisy, total


def _distance_from_fastest(forms: dict[str, FormProfile]) -> str | None:
    """'at n=1024 bitset-numba is fastest; numba is 12× slower, 1d 900×, 2d 1500×'."""
    measured = {f: p for f, p in forms.items() if p.sizes}
    if len(measured) < 2:
        return None
    # The largest size that at least half the forms reached, so slow forms don't hide the ladder.
    counts: dict[int, int] = {}
    for p in measured.values():
        for n in p.sizes:
            counts[n] = counts.get(n, 0) + 1
    n = max(size for size, count in counts.items() if count * 2 >= len(measured))
    at_n = {f: _at(p, n) for f, p in measured.items() if n in p.sizes}
    if len(at_n) < 2:
        return None
    ranked = sorted(at_n, key=at_n.get)
    best = ranked[0]
    rest = ", ".join(f"{f} {at_n[f] / at_n[best]:.3g}×" for f in ranked[1:])
    return f"at n={n} the fastest is {best} ({human_seconds(at_n[best])}); slower by: {rest}"


def _fastest(forms: dict[str, FormProfile], jitted: bool, exclude: str) -> str | None:
    """The form fastest at the largest size it shares with the others of its kind."""
    candidates = {f: p for f, p in forms.items() if f != exclude and is_jitted(f) == jitted and p.sizes}
    if not candidates:
        return None
    common = set.intersection(*(set(p.sizes) for p in candidates.values()))
    if not common:
        return min(candidates, key=lambda f: candidates[f].seconds[0])
    n = max(common)
    return min(candidates, key=lambda f: _at(candidates[f], n))


# -- the headline: the five findings the short report leads with --------------------------------

_CLASSES = ("constant", "linear", "quadratic", "cubic", "quartic")


def growth_class(exponent: float) -> str:
    """'quadratic' for n^2.3; 'between quadratic and cubic' for n^2.5. A fit over sizes that
    cross the caches lands up to about 0.4 above the textbook exponent (EXPONENT_SLACK)."""
    nearest = round(exponent)
    if 0 <= nearest < len(_CLASSES) and abs(exponent - nearest) <= EXPONENT_SLACK:
        return _CLASSES[nearest]
    low = int(exponent // 1)
    if 0 <= low < len(_CLASSES) - 1:
        return f"between {_CLASSES[low]} and {_CLASSES[low + 1]}"
    return f"about n^{exponent:.1f}"


def _family_phrase(family: str) -> str:
    return f"on {family} inputs"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _growth(profile: Profile) -> str | None:
    mine = {family: forms[SUBMISSION] for family, forms in profile.families.items()
            if SUBMISSION in forms and forms[SUBMISSION].exponent is not None}
    if not mine:
        return None
    family, first = next(iter(mine.items()))
    forms = profile.families[family]
    references = {f: p.exponent for f, p in forms.items() if f != SUBMISSION and p.exponent is not None}
    each = " and ".join(f"n^{p.exponent:.1f} {_family_phrase(f)}" for f, p in mine.items())
    if references and first.exponent > max(references.values()) + EXPONENT_SLACK:
        return (f"your solution grows as {each}: {growth_class(first.exponent)}, faster than every reference "
                f"(at most n^{max(references.values()):.1f} {_family_phrase(family)})")
    alike = [f for f, k in references.items() if abs(k - first.exponent) <= EXPONENT_SLACK]
    like = f", like {_and(alike)}" if alike else ""
    return f"your solution grows as {each}: {growth_class(first.exponent)}{like}"


def _gap_to_best(profile: Profile) -> str | None:
    for family, forms in profile.families.items():
        mine = forms.get(SUBMISSION)
        if mine is None or not mine.sizes:
            continue
        shared = {f: _largest_common(mine, p) for f, p in forms.items() if f != SUBMISSION}
        shared = {f: n for f, n in shared.items() if n is not None}
        if not shared:
            continue
        n = max(shared.values())
        at_n = {f: _at(forms[f], n) for f, m in shared.items() if m == n}
        yours = _at(mine, n)
        best = min(at_n, key=at_n.get)
        sentence = (f"{_family_phrase(family)} at n={n}, the fastest reference ({best}, {human_seconds(at_n[best])}) "
                    f"is {_times(yours / at_n[best])} yours ({human_seconds(yours)})")
        plain = {f: t for f, t in at_n.items() if not is_jitted(f)}
        if plain and best not in plain:
            python = min(plain, key=plain.get)
            sentence += f"; in plain Python, {python} is {_times(yours / plain[python]).removesuffix(' than')}"
        return sentence
    return None


def _times(ratio: float) -> str:
    """``ratio`` is the other's time over this one's: '25× faster than', '1.3× slower than'."""
    if 1 / 1.05 < ratio < 1.05:
        return "about as fast as"
    if ratio >= 1:
        return f"{ratio:,.0f}× faster than" if ratio >= 10 else f"{ratio:.1f}× faster than"
    return f"{1 / ratio:,.0f}× slower than" if ratio <= 0.1 else f"{1 / ratio:.1f}× slower than"


def _rolling_gap(profile: Profile) -> str | None:
    for family, forms in profile.families.items():
        if "1d" in forms and "2d" in forms:
            line = ratio_sentence("the rolling 1-D row", forms["1d"], "the 2-D table", forms["2d"])
            if line:
                return f"{_family_phrase(family)}, {line}"
    return None


def _memo_flip(profile: Profile) -> str | None:
    ratios = []
    for family, forms in profile.families.items():
        if "memo" in forms and "2d" in forms:
            n = _largest_common(forms["memo"], forms["2d"])
            if n is not None:
                ratios.append((family, n, _at(forms["memo"], n) / _at(forms["2d"], n)))
    if not ratios:
        return None

    def how(family: str, n: int, r: float) -> str:
        speed = f"{r:.1f}× slower" if r >= 1 else f"{1 / r:.1f}× faster"
        return f"{speed} {_family_phrase(family)} (n={n})"

    flips = any(r < 1 for *_, r in ratios) and any(r >= 1 for *_, r in ratios)
    lead = "top-down memo flips against the bottom-up 2-D table: " if flips else \
        "top-down memo against the bottom-up 2-D table: "
    return lead + ", ".join(how(*item) for item in ratios)


def _jit_gap(profile: Profile) -> str | None:
    for family, forms in profile.families.items():
        jitted = "numba" if "numba" in forms else _fastest(forms, jitted=True, exclude=SUBMISSION)
        python = "1d" if "1d" in forms else _fastest(forms, jitted=False, exclude=SUBMISSION)
        if not jitted or not python:
            continue
        n = _largest_common(forms[python], forms[jitted])
        if n is None:
            continue
        ratio = _at(forms[python], n) / _at(forms[jitted], n)
        compile_s = forms[jitted].compile_s
        extra = f" (compile {compile_s:.2f} s, not timed)" if compile_s is not None else ""
        sentence = f"{_family_phrase(family)}, {_name(jitted)} is {_times(ratio)} {_name(python)} at n={n}{extra}"
        if ratio < 1 and profile.batch_entry:
            sentence += f": a jitted class pays numba's dispatch per call; {profile.batch_entry} runs a stream in one"
        return sentence
    return None


def headline(profile: Profile) -> list[str]:
    """At most five sentences: your growth, your gap to the best reference, the 1-D/2-D gap,
    the memo flip and the JIT gap, each where the profile holds the forms it needs."""
    found = [_growth(profile), _gap_to_best(profile), _rolling_gap(profile), _memo_flip(profile),
             _jit_gap(profile)]
    return [line for line in found if line]
