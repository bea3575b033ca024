"""Request lengths: presets with published means, or the user's own JSONL."""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

from judge.errors import InvalidInput, UnknownPreset


@dataclass(frozen=True)
class Preset:
    name: str
    mean_prompt: float
    mean_output: float
    source: str
    sigma: float = 1.0  # lognormal shape: an assumption, the sources give means and histograms


# Kwon et al., "Efficient Memory Management for LLM Serving with PagedAttention" (SOSP 2023),
# Fig. 11: ShareGPT averages 161.31 prompt and 337.99 output tokens, Alpaca 19.31 and 58.45
# (ShareGPT's prompts are 8.4x and its outputs 5.8x longer).
PRESETS = {
    "sharegpt": Preset("ShareGPT", 161.31, 337.99, "vLLM paper, Fig. 11a"),
    "alpaca": Preset("Alpaca", 19.31, 58.45, "vLLM paper, Fig. 11b"),
    # The validation workloads (docs/validation.md). vLLM's v0.6.0 benchmark: 500 ShareGPT prompts,
    # "average input tokens: 202, average output tokens: 179" (blog.vllm.ai, 2024-09-05).
    "sharegpt-vllm-bench": Preset("ShareGPT (vLLM v0.6 benchmark)", 202.0, 179.0, "vLLM blog, 2024-09-05"),
    # MLPerf Inference Llama-2-70B: OpenOrca, 24,576 samples, prompts and outputs <= 1,024 tokens;
    # the reference's "tokens per sample: 294.45" is the output mean. The prompt mean is not in the
    # results or the reference README: 294 is an assumption (docs/validation.md shows its effect).
    "openorca-mlperf": Preset("OpenOrca (MLPerf)", 294.0, 294.45, "mlcommons/inference language/llama2-70b"),
}


def _lognormal(rng: random.Random, mean: float, sigma: float, cap: int) -> int:
    mu = math.log(mean) - sigma * sigma / 2  # so that E[X] = mean
    return max(1, min(cap, round(rng.lognormvariate(mu, sigma))))


def sample(preset: str, count: int, max_model_len: int, seed: int) -> list[tuple[int, int]]:
    """``count`` (prompt, output) pairs; each pair fits in max_model_len."""
    try:
        shape = PRESETS[preset]
    except KeyError:
        raise UnknownPreset(f"unknown workload {preset!r}; choose from {', '.join(PRESETS)} "
                            "or pass a .jsonl file") from None
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        prompt = _lognormal(rng, shape.mean_prompt, shape.sigma, max_model_len - 1)
        output = _lognormal(rng, shape.mean_output, shape.sigma, max_model_len - prompt)
        pairs.append((prompt, output))
    return pairs


def load_jsonl(path: Path, max_model_len: int) -> list[tuple[int, int]]:
    """Lines of {"prompt_len": P, "output_len": O}, or [P, O]; pairs longer than max_model_len are refused."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            prompt, output = (row["prompt_len"], row["output_len"]) if isinstance(row, dict) else row
        except (ValueError, KeyError, TypeError):
            raise InvalidInput(
                f"{path.name} line {number} is not {{\"prompt_len\": P, \"output_len\": O}} or [P, O]; fix that line"
            ) from None
        if type(prompt) is not int or type(output) is not int or prompt < 1 or output < 0:
            raise InvalidInput(f"{path.name} line {number}: lengths {prompt!r}, {output!r} "
                               "must be whole numbers, prompt >= 1")
        if prompt + output > max_model_len:
            raise InvalidInput(
                f"{path.name} line {number}: {prompt} + {output} tokens exceed max_model_len {max_model_len}; "
                "raise --max-model-len or drop the line"
            )
        pairs.append((prompt, output))
    if not pairs:
        raise InvalidInput(f"{path.name} holds no requests; add lines of {{\"prompt_len\": P, \"output_len\": O}}")
    return pairs


def poisson_arrivals(pairs: list[tuple[int, int]], rate: float, seed: int) -> list[list]:
    """Requests [arrival, prompt, output] arriving as a Poisson process of ``rate`` per second."""
    if rate <= 0:
        raise InvalidInput(f"rate is {rate}; pass a positive number of requests per second")
    rng = random.Random(seed ^ 0x5EED)
    now, requests = 0.0, []
    for prompt, output in pairs:
        now += rng.expovariate(rate)
        requests.append([now, prompt, output])
    return requests


def load_requests_jsonl(path: Path) -> list[list]:
    """Lines of {"arrival": T, "prompt_len": P, "output_len": O} or [T, P, O], in arrival order."""
    requests = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            arrival, prompt, output = (
                (row["arrival"], row["prompt_len"], row["output_len"]) if isinstance(row, dict) else row
            )
        except (ValueError, KeyError, TypeError):
            raise InvalidInput(
                f"{path.name} line {number} is not {{\"arrival\": T, \"prompt_len\": P, \"output_len\": O}} "
                "or [T, P, O]; fix that line"
            ) from None
        if not isinstance(arrival, (int, float)) or arrival < 0 or type(prompt) is not int or type(output) is not int \
                or prompt < 1 or output < 1:
            raise InvalidInput(
                f"{path.name} line {number}: need arrival >= 0 and whole prompt_len, output_len >= 1; fix that line"
            )
        requests.append([float(arrival), prompt, output])
    if not requests:
        raise InvalidInput(f"{path.name} holds no requests; add lines of [arrival, prompt_len, output_len]")
    return sorted(requests, key=lambda r: r[0])
