"""The validation table: every stored kit figure is recomputed, the ±25% target holds for the rows
docs/validation.md counts as inside it, and a row's printed command gives the row's figure."""

import json
import math
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from judge.cli import cli
from judge.labs.serving import validation

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fresh():
    return validation.compute()


def test_stored_results_are_what_the_kit_computes(fresh):
    stored = validation.stored()
    assert [r["name"] for r in stored] == [r["name"] for r in fresh]
    for kept, now in zip(stored, fresh):
        assert now["kit"] == pytest.approx(kept["kit"], rel=1e-9), now["name"]
        assert (now["error"], now["within"], now["command"]) == (kept["error"], kept["within"], kept["command"])


def test_mlperf_rows_are_within_the_target(fresh):
    mlperf = [r for r in fresh if r["name"].startswith("MLPerf")]
    assert len(mlperf) == 4 and all(r["within"] and abs(r["error"]) <= validation.TARGET for r in mlperf)


def test_rows_outside_the_band_say_why(fresh):
    for r in fresh:
        if not r["within"]:
            assert r["note"], r["name"]
    worst, inside, total = validation.band(fresh)
    assert inside >= 4 and total == sum(r["reproducible"] for r in fresh)
    assert f"within ±{math.ceil(worst * 100)}% on {inside} of {total}" in validation.band_line()


def test_every_row_is_in_the_document():
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    for row in validation.stored():
        assert row["name"] in text and f"{row['kit']:,.{0 if row['kit'] > 100 else 2}f}" in text, row["name"]


def test_a_rows_command_gives_its_figure():
    row = next(r for r in validation.ROWS if r.name.startswith("vLLM v0.6.0 Llama-3-8B"))
    command = row.command().split(": ")[0].replace("judge ", "", 1)
    result = CliRunner().invoke(cli, [*shlex.split(command)])
    assert result.exit_code == 0, result.output
    runs = {r["policy"]: r for r in json.loads(result.output)["policies"]}
    assert runs["continuous-batching"]["requests_per_s"] == pytest.approx(validation.reproduce(row), rel=1e-12)


def test_the_labs_print_the_band():
    band = validation.band_line()
    result = CliRunner().invoke(cli, ["lab", "batching", "--requests", "30"])
    assert result.exit_code == 0 and band in " ".join(result.output.split())
