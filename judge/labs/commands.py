"""``judge lab ...``: the group, and each room's commands registered under it."""

from __future__ import annotations

import click

from judge.labs.compression.distill_command import distill
from judge.labs.compression.prune_command import prune
from judge.labs.compression.quantize_command import quantize
from judge.labs.deployment.autoscale_command import autoscale
from judge.labs.deployment.rollback_command import rollback
from judge.labs.serving.commands import batching, kv_memory, plan, roofline


@click.group(short_help="Serving, compression and deployment questions answered with measurements.")
def lab() -> None:
    """Serving, compression and deployment questions answered with measurements from the kit's kernels.

    Every --model takes a preset (llama-2-70b, llama-2-13b, llama-3-8b, llama-3-70b) or the
    path of a Hugging Face config.json."""


for command in (kv_memory, batching, plan, roofline, quantize, distill, prune, autoscale, rollback):
    lab.add_command(command)
