"""Model shapes for KV-cache sizing, from the models' published configurations."""

from __future__ import annotations

from dataclasses import dataclass

from judge.errors import UnknownPreset

DTYPE_BYTES = {"fp16": 2, "bf16": 2, "fp8": 1}  # KV-cache dtypes
# Weight dtypes, bytes per parameter. int4 is GPTQ/AWQ-style weight-only quantisation; the
# per-group scales (about 0.25 bits per weight at group size 128) are left out.
WEIGHT_BYTES = {"fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int4": 0.5}


@dataclass(frozen=True)
class Model:
    name: str
    params_b: float  # parameters, billions
    layers: int
    hidden: int
    heads: int
    kv_heads: int
    head_dim: int
    max_model_len: int = 4096  # max_position_embeddings

    def weight_bytes(self, weight_dtype: str = "fp16") -> float:
        """params · bytes per parameter: 140e9 for a 70B model in fp16."""
        return self.params_b * 1e9 * WEIGHT_BYTES[weight_dtype]

    def kv_bytes_per_token(self, kv_dtype: str = "fp16") -> int:
        """K and V, for every layer and KV head: 2 · layers · kv_heads · head_dim · bytes."""
        return 2 * self.layers * self.kv_heads * self.head_dim * DTYPE_BYTES[kv_dtype]


# config.json of each model on its model card (num_hidden_layers, hidden_size,
# num_attention_heads, num_key_value_heads; head_dim = hidden / heads).
MODELS = {
    "llama-2-70b": Model("Llama-2-70B", 70.0, 80, 8192, 64, 8, 128),
    "llama-3-70b": Model("Llama-3-70B", 70.6, 80, 8192, 64, 8, 128, 8192),
    "llama-3-8b": Model("Llama-3-8B", 8.0, 32, 4096, 32, 8, 128, 8192),
    "llama-2-13b": Model("Llama-2-13B", 13.0, 40, 5120, 40, 40, 128),
}


def model(name: str) -> Model:
    try:
        return MODELS[name]
    except KeyError:
        raise UnknownPreset(f"unknown model {name!r}; choose from {', '.join(MODELS)}") from None
