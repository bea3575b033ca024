"""Model shapes: the presets (shipped as Hugging Face ``config.json`` files) or the user's own.

Every lab's ``--model`` takes a preset name or the path of a ``config.json``. The shape is read
from the config (judge/labs/serving/hf_config.py); the parameter count is derived from the shape, so a
config cannot claim a size its matrices do not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from judge.errors import UnknownPreset

DTYPE_BYTES = {"fp16": 2, "bf16": 2, "fp8": 1}  # KV-cache dtypes
# Weight dtypes, bytes per parameter. int4 is GPTQ/AWQ-style weight-only quantisation; the
# per-group scales (about 0.25 bits per weight at group size 128) are left out.
WEIGHT_BYTES = {"fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int4": 0.5}


@dataclass(frozen=True)
class Model:
    name: str
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate: int  # the MLP's width
    vocab: int
    gated: bool = True  # gate, up and down matrices (Llama); False: up and down only (GPT-2, OPT, Phi)
    max_model_len: int = 4096  # max_position_embeddings
    tied_embeddings: bool = False  # the LM head reuses the embedding matrix

    @property
    def layer_params(self) -> int:
        """QKV and output projections plus the MLP, per layer (norms and biases left out)."""
        qkv = self.hidden * (self.heads + 2 * self.kv_heads) * self.head_dim
        attention = qkv + self.heads * self.head_dim * self.hidden
        return attention + (3 if self.gated else 2) * self.hidden * self.intermediate

    @property
    def params(self) -> int:
        """Layers, embedding, and the LM head unless it is tied: 68.98e9 for Llama-2-70B."""
        embeddings = self.vocab * self.hidden * (1 if self.tied_embeddings else 2)
        return self.layers * self.layer_params + embeddings

    @property
    def params_b(self) -> float:
        return self.params / 1e9

    def weight_bytes(self, weight_dtype: str = "fp16") -> float:
        """params · bytes per parameter: 137.96e9 for Llama-2-70B in fp16."""
        return self.params * WEIGHT_BYTES[weight_dtype]

    def kv_bytes_per_token(self, kv_dtype: str = "fp16") -> int:
        """K and V, for every layer and KV head: 2 · layers · kv_heads · head_dim · bytes."""
        return 2 * self.layers * self.kv_heads * self.head_dim * DTYPE_BYTES[kv_dtype]


_PRESETS = resources.files("judge.labs") / "data" / "models"


def preset_names() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _PRESETS.iterdir() if p.name.endswith(".json")))


def model(name_or_path: str) -> Model:
    """A preset by name, or the model a Hugging Face ``config.json`` describes.

    Raises UnknownPreset for an unknown name, BadConfig for a config that does not parse."""
    from judge.labs.serving import hf_config

    if name_or_path.endswith(".json") or Path(name_or_path).is_file():
        return hf_config.load(Path(name_or_path))
    preset = _PRESETS / f"{name_or_path}.json"
    if not preset.is_file():
        raise UnknownPreset(f"unknown model {name_or_path!r}; choose from {', '.join(preset_names())} "
                            "or pass the path of a Hugging Face config.json")
    return hf_config.parse(preset.read_text(encoding="utf-8"), name_or_path)


MODELS = preset_names()
