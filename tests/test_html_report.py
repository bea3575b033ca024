"""The HTML report in a real browser: headless Chromium (Debian's package) renders the page that
``judge report --html`` writes from the history, to a screenshot and to its DOM."""

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from judge.cli import cli
from judge.engine.run import RunOptions
from judge.model import registry
from judge.profiling.bench import judge_and_profile
from judge.profiling.profile import ProfileOptions
from tests.system_tools import require

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FIXTURES = ROOT / "tests" / "submissions" / "interleaving_string"


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    require(CHROMIUM, "Chromium", "chromium")
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. A profile of
    # its own, so no HOME is needed and parallel runs never share one.
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


class _Page(HTMLParser):
    """What the DOM holds: each <svg> root (and where), the verdict's text, every fetch it could make."""

    def __init__(self):
        super().__init__()
        self.svgs, self.fetches, self.verdict, self._in_verdict, self._figure = [], [], "", False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure":
            self._figure = attrs.get("data-family")
        if tag == "svg":
            self.svgs.append(self._figure)
        if tag in ("script", "link", "img", "iframe") or "src" in attrs:
            self.fetches.append(tag)
        self._in_verdict = attrs.get("id") == "verdict" or self._in_verdict and tag != "span"

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_verdict = False

    def handle_data(self, data):
        if self._in_verdict:
            self.verdict += data


def test_the_report_of_the_last_run_renders_in_chromium(tmp_path, monkeypatch):
    problem = registry.get("interleaving-string")
    store = tmp_path / ".judge"
    # A real accepted run, recorded in the history, with a short profile (both families).
    judge_and_profile(problem, ROOT / "examples" / "interleaving_string.py",
                      RunOptions(max_examples=10, seed=3, store=store),
                      profile=ProfileOptions(sizes=(16, 32, 64, 128), deadline_s=30))
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["report", "interleaving-string", "--html", "report.html"])
    assert done.exit_code == 0, done.output
    page = tmp_path / "report.html"
    text = page.read_text()
    assert "Content-Security-Policy" in text and "default-src 'none'" in text

    shot = tmp_path / "report.png"
    rendered = _chromium(tmp_path / "chromium", "--window-size=1280,2200", f"--screenshot={shot}", page.as_uri())
    assert shot.is_file(), rendered.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    pixels = list(image.get_flattened_data()) if hasattr(image, "get_flattened_data") else list(image.getdata())
    inked = sum(1 for r, g, b in pixels if r + g + b < 600)
    assert len(set(pixels[::17])) > 30 and inked > len(pixels) * 0.02, "the screenshot is blank"

    dom = _chromium(tmp_path / "chromium", "--dump-dom", page.as_uri())
    parsed = _Page()
    parsed.feed(dom.stdout)
    assert parsed.verdict.strip() == "AC · Accepted"
    assert parsed.svgs == list(problem.families), "one plot per family, each in its figure"
    assert parsed.fetches == [], "the page loads nothing"
    assert "your solution grows as" in dom.stdout and "limits" in dom.stdout


def test_a_failing_run_writes_its_case_and_no_plot(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["run", "interleaving-string", str(FIXTURES / "wa_greedy.py"), "--max-examples",
                                    "10", "--seed", "1", "--html", "wa.html"])
    assert done.exit_code == 1
    parsed = _Page()
    parsed.feed((tmp_path / "wa.html").read_text())
    assert parsed.verdict == "WA · Wrong Answer" and parsed.svgs == []
    text = (tmp_path / "wa.html").read_text()
    assert "failing case · small scope" in text and "&#x27;aba&#x27;" in text
