"""Copy the subset of Vidur's measured operator times that the kit's calibration needs.

Run once, by hand, from a checkout of github.com/microsoft/vidur at commit
7d47513363ec447a741ac5e47241580b47724fbf (MIT licence):

    python scripts/extract_vidur_subset.py /path/to/vidur/data/profiling

It writes judge/labs/data/calibration/{operators,allreduce}.csv. The values are copied
unchanged (the per-operator medians, in milliseconds); only rows and columns are chosen:

- operators.csv: every model Vidur profiled on A100 and H100, every TP degree, at the token
  counts in TOKENS (of the 259 measured), with the median time of each of the nine dense
  operators of one layer; two repeats per point, as Vidur stores them.
- allreduce.csv: the single-node NVSwitch (DGX) tables, 2, 4 and 8 GPUs, every size.

The kit never reads Vidur's files at run time: only these two copies, shipped as package data.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

TOKENS = (1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096)
OPERATORS = ("attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj", "mlp_act", "input_layernorm",
             "post_attention_layernorm", "attn_rope", "add")
SHAPE = ("n_head", "n_kv_head", "n_embd", "n_expanded_embd", "vocab_size", "use_gated_mlp")
OUT = Path(__file__).resolve().parent.parent / "judge" / "labs" / "data" / "calibration"


def operators(root: Path) -> list[list[str]]:
    rows = []
    for path in sorted(root.glob("compute/*/*/*/mlp.csv")):
        gpu, org, model = path.parts[-4], path.parts[-3], path.parts[-2]
        if gpu not in ("a100", "h100"):
            continue
        with path.open() as f:
            for r in csv.DictReader(f):
                if int(r["num_tokens"]) not in TOKENS:
                    continue
                rows.append([gpu, f"{org}/{model}", *(r[k] for k in SHAPE), r["num_tensor_parallel_workers"],
                             r["num_tokens"], *(r.get(f"time_stats.{op}.median", "") for op in OPERATORS)])
    return rows


def allreduce(root: Path) -> list[list[str]]:
    rows = []
    for gpu in ("a100", "h100"):
        with (root / "network" / f"{gpu}_dgx" / "all_reduce.csv").open() as f:
            for r in csv.DictReader(f):
                if r["num_workers"] == r["devices_per_node"] and int(r["num_workers"]) in (2, 4, 8):
                    rows.append([gpu, r["num_workers"], r["size"], r["time_stats.all_reduce.median"]])
    return rows


def main(root: Path) -> None:
    with (OUT / "operators.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["gpu", "model", *SHAPE, "tp", "tokens", *(f"{op}_ms" for op in OPERATORS)])
        out.writerows(operators(root))
    with (OUT / "allreduce.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["gpu", "gpus", "bytes", "allreduce_ms"])
        out.writerows(allreduce(root))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
