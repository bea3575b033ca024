"""``judge run --html`` and ``judge report --html``: one self-contained HTML file.

The page holds the verdict, the failing case, one figure per profiling family (time and
memory against n, log-log, matplotlib's SVG inlined, the submission drawn thick and
black against the reference forms), the compact profile table, the findings and the
limits. It loads nothing: no script, no font, no stylesheet from elsewhere, and a
Content-Security-Policy that forbids the browser to fetch anything.
"""

from __future__ import annotations

from html import escape

from judge.model import design
from judge.model.outcomes import RunResult
from judge.model.problem import Problem
from judge.model.values import short_repr
from judge.model.verdicts import Verdict
from judge.reporting import findings, summary, views
from judge.reporting.plot import family_svg

_COLOURS = {
    Verdict.AC: "#1a7f37", Verdict.WA: "#cf222e", Verdict.TLE: "#9a6700", Verdict.MLE: "#9a6700",
    Verdict.RE: "#8250df", Verdict.CE: "#0969da", Verdict.IE: "#cf222e",
}
_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 2em auto;
       max-width: 1180px; padding: 0 1.5em; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.8em; }
.verdict { display: inline-block; color: white; font-weight: 700; padding: .25em .7em; border-radius: 6px; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { padding: .25em .8em; border-bottom: 1px solid #d0d7de; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.mine td { font-weight: 700; }
.facts td:first-child { color: #59636e; white-space: nowrap; }
pre, code { font: 13px/1.4 ui-monospace, "SF Mono", Menlo, monospace; background: #f6f8fa; }
pre { padding: .6em .8em; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
figure { margin: 1em 0; } figure svg { width: 100%; height: auto; }
li.warning { color: #9a6700; font-weight: 600; }
"""


def _row(label: str, value: str, raw: bool = False) -> str:
    return f"<tr><td>{escape(label)}</td><td>{value if raw else escape(value)}</td></tr>"


def _facts(result: RunResult) -> str:
    rows = [_row("problem", result.problem), _row("submission", result.submission),
            _row("result", result.message)]
    if result.verdict is not Verdict.CE:
        rows.append(_row("cases", f"{result.cases_passed}/{result.cases_run} passed"))
        if result.scope is not None:
            rows.append(_row("small scope", views.scope_line(result.scope)))
        rows.append(_row("seed", f"{result.seed} (rerun with --seed {result.seed})"))
    rows += [_row("note", note) for note in result.notes]
    return f'<table class="facts">{"".join(rows)}</table>'


def _case(result: RunResult, problem: Problem) -> str:
    case = result.failing_case
    if case is None:
        return ""
    rows = []
    if problem.is_design:
        rows.append(_row("repro", f"<pre>{escape(design.snippet(case.input, problem.entry.cls, case.step))}</pre>",
                         raw=True))
    else:
        rows += [_row(name, f"<code>{escape(short_repr(case.input.get(name), 2000))}</code>", raw=True)
                 for name in problem.entry.params]
    rows.append(_row("size", problem.describe(case.input)))
    if case.verdict not in (Verdict.TLE, Verdict.MLE) and not problem.is_design:
        rows.append(_row("expected", f"<code>{escape(short_repr(case.expected))}</code>", raw=True))
        if case.got_type is not None:
            rows.append(_row("got", f"<code>{escape(short_repr(case.got))}</code> ({escape(case.got_type)})",
                             raw=True))
    elif case.message:
        rows.append(_row("differs", case.message))
    if case.stdout:
        rows.append(_row("stdout", f"<pre>{escape(case.stdout[:views.STDOUT_SHOWN])}</pre>", raw=True))
    minimal = views.minimality_line(result, problem)
    if minimal:
        rows.append(_row("minimal", minimal))
    title = "your case" if case.origin == "custom" else f"failing case · {case.origin or 'generated'}"
    return f'<h2>{escape(title)}</h2><table class="facts">{"".join(rows)}</table>'


def _profile(result: RunResult) -> str:
    profile = result.profile
    if profile is None:
        why = "the profile runs after AC" if result.verdict is not Verdict.AC else "not profiled (--no-bench)"
        return f"<h2>profile</h2><p>{escape(why)}</p>"
    parts = ["<h2>profile</h2>"]
    for family in profile.families:
        parts.append(f'<figure data-family="{escape(family)}">{family_svg(profile, family)}'
                     f"<figcaption>{escape(family)} inputs ({escape(profile.size_label)}); the submission "
                     "is the thick black line</figcaption></figure>")
    header, rows = summary.summary_rows(profile)
    head = "".join(f'<th class="{"" if i == 0 else "num"}">{escape(h)}</th>' for i, h in enumerate(header))
    body = "".join(
        f'<tr class="{"mine" if row[0] == "submission" else ""}">'
        + "".join(f'<td class="{"" if i == 0 else "num"}">{escape(cell)}</td>' for i, cell in enumerate(row))
        + "</tr>" for row in rows)
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    sentences, warnings = findings.describe(profile, noise_warnings=False)
    noisy, total = findings.noise(profile)
    if noisy:
        warnings = warnings + [f"timing noise: {noisy} of {total} points varied by over "
                               f"{findings.NOISY_SPREAD:.0%}; close other programs, or re-time with judge bench"]
    items = [f'<li class="warning">{escape(line)}</li>' for line in warnings]
    items += [f"<li>{escape(line)}</li>" for line in findings.headline(profile)]
    parts.append(f"<h2>findings</h2><ul>{''.join(items)}</ul>")
    parts.append(f"<details><summary>every finding</summary><ul>"
                 f"{''.join(f'<li>{escape(line)}</li>' for line in sentences)}</ul></details>")
    parts.append(f"<p>profiled in {profile.wall_s:.1f} s</p>")
    return "".join(parts)


def _limits(result: RunResult) -> str:
    limit = result.limits
    time_text = f"{limit.time_s:g} s of CPU per case" if limit.time_s is not None else limit.time_rule
    return (f'<h2>limits</h2><table class="facts">{_row("time", time_text)}'
            f'{_row("memory", f"{limit.memory_mib} MiB above the worker baseline")}</table>')


def render(result: RunResult, problem: Problem) -> str:
    """The whole page, as one string."""
    colour = _COLOURS[result.verdict]
    title = f"{result.verdict.value} · {problem.title}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<meta name=\"viewport\" content=\"width=device-width\"><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>{escape(problem.title)}</h1>"
        f'<p><span class="verdict" id="verdict" style="background:{colour}">{result.verdict.value} · '
        f"{escape(result.verdict.title)}</span></p>"
        f"{_facts(result)}{_case(result, problem)}{_profile(result)}{_limits(result)}"
        "<p><small>judge-kit report</small></p></body></html>\n"
    )
