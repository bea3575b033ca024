"""A Hugging Face ``config.json`` read into a Model.

The keys (transformers' ``PretrainedConfig`` names): ``hidden_size``, ``num_hidden_layers``,
``num_attention_heads``, ``num_key_value_heads`` (missing means equal to the heads: multi-head
attention), ``intermediate_size``, ``vocab_size``, ``max_position_embeddings``, ``model_type``,
and the optional ``head_dim`` and ``tie_word_embeddings``. GPT-2 and OPT spell some of them
differently (``n_embd``, ``ffn_dim``, ...); ALIASES maps those. ``model_type`` decides the MLP:
gated (gate, up, down) for the Llama family, two matrices (up, down) for the GPT-2 family.
"""

from __future__ import annotations

import json
from pathlib import Path

from judge.errors import BadConfig
from judge.labs.serving.models import Model

GATED = ("llama", "mistral", "qwen2", "internlm", "internlm2")
PLAIN = ("phi", "gpt2", "opt", "gpt_neox")
ALIASES = {  # model_type -> {the name used here: the name in that family's configs}
    "gpt2": {"hidden_size": "n_embd", "num_hidden_layers": "n_layer", "num_attention_heads": "n_head",
             "intermediate_size": "n_inner", "max_position_embeddings": "n_positions"},
    "opt": {"intermediate_size": "ffn_dim"},
}
TIED_BY_DEFAULT = ("gpt2", "opt")  # transformers' default tie_word_embeddings=True holds for these


def _whole(config: dict, key: str, where: str, model_type: str) -> int:
    name = ALIASES.get(model_type, {}).get(key, key)
    if name not in config or config[name] is None:
        if key == "intermediate_size" and model_type == "gpt2":
            return 4 * _whole(config, "hidden_size", where, model_type)  # n_inner: null means 4 x n_embd
        raise BadConfig(f"{where}: missing key {name!r}; add it (a whole number) to the config")
    value = config[name]
    if type(value) is not int or value < 1:
        raise BadConfig(f"{where}: {name} is {value!r}; it must be a whole number >= 1")
    return value


def parse(text: str, where: str) -> Model:
    """The Model of a config's JSON text; ``where`` names it in errors (a path or a preset)."""
    try:
        config = json.loads(text)
    except ValueError as exc:
        raise BadConfig(f"{where} is not JSON ({exc.msg} at line {exc.lineno}); "
                        "pass a Hugging Face config.json") from None
    if not isinstance(config, dict):
        raise BadConfig(f"{where} holds a JSON {type(config).__name__}, not an object; pass a Hugging Face config.json")
    model_type = config.get("model_type")
    if model_type is None:
        raise BadConfig(f"{where}: missing key 'model_type'; add it, one of {', '.join(GATED + PLAIN)}")
    if model_type not in GATED + PLAIN:
        raise BadConfig(f"{where}: model_type {model_type!r} is not supported; the labs know "
                        f"{', '.join(GATED + PLAIN)} (dense decoders)")
    hidden = _whole(config, "hidden_size", where, model_type)
    heads = _whole(config, "num_attention_heads", where, model_type)
    kv_heads = _whole(config, "num_key_value_heads", where, model_type) if config.get("num_key_value_heads") else heads
    if "head_dim" in config and config["head_dim"] is not None:
        head_dim = _whole(config, "head_dim", where, model_type)
    elif hidden % heads:
        raise BadConfig(f"{where}: {heads} attention heads do not divide hidden_size {hidden}; "
                        "fix num_attention_heads or give head_dim")
    else:
        head_dim = hidden // heads
    if heads % kv_heads:
        raise BadConfig(f"{where}: {kv_heads} key/value heads do not divide {heads} attention heads; "
                        "fix num_key_value_heads")
    tied = config.get("tie_word_embeddings", model_type in TIED_BY_DEFAULT)
    name = config.get("_name_or_path") or where
    return Model(name=str(name).rsplit("/", 1)[-1], layers=_whole(config, "num_hidden_layers", where, model_type),
                 hidden=hidden, heads=heads, kv_heads=kv_heads, head_dim=head_dim,
                 intermediate=_whole(config, "intermediate_size", where, model_type),
                 vocab=_whole(config, "vocab_size", where, model_type), gated=model_type in GATED,
                 max_model_len=_whole(config, "max_position_embeddings", where, model_type), tied_embeddings=bool(tied))


def load(path: Path) -> Model:
    if not path.is_file():
        raise BadConfig(f"{str(path)!r} does not exist; pass a model preset or the path of a config.json")
    return parse(path.read_text(encoding="utf-8"), path.name)


def check_tp(model: Model, tp: int) -> None:
    """Tensor parallelism splits the heads: TP must divide them (and the KV heads, or be a multiple)."""
    if model.heads % tp:
        raise BadConfig(f"TP={tp} does not divide {model.name}'s {model.heads} attention heads; "
                        f"pick a TP that divides {model.heads}")
    if model.kv_heads % tp and tp % model.kv_heads:
        raise BadConfig(f"TP={tp} neither divides nor is a multiple of {model.name}'s {model.kv_heads} KV heads; "
                        "pick another TP")
