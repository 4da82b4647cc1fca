#!/usr/bin/python3
"""Independent float64 reference ("oracle") for svdecode-eval's decoder code.

Creates seeded random tiny models in Hugging Face layout, PEFT adapters for one of them, and the
expected outputs (logits, greedy ids, log-likelihoods, SVDecode quantities) in the JSON schema of
../shared/fixtures/expected, plus the decoding baselines of docs/method.md (contrastive, extrapolation)
in the schema described in tests/fixtures/reference/README.md. Everything is computed in float64 from
the weights *as stored* (float32, or bfloat16 for ref-llama-bf16), following the conventions of
../shared/fixtures/README.md:

  positions   = cumsum(attention_mask) - 1        pad id 0 is never attended
  causal mask = key j visible to query i when j <= i and key j is not padding
  GQA         = query head h reads kv head h // (n_heads / n_kv_heads)
  RoPE        = x*cos + rotate_half(x)*sin, angles cat(freqs, freqs)
  greedy      = argmax over the vocabulary (every recorded argmax has a top-1/top-2 gap >= 1e-3)

Run with Debian's interpreter (torch 1.13 from python3-torch):
    /usr/bin/python3 tests/reference/make_reference.py
It rewrites tests/fixtures/reference/ byte-identically on every run.
"""

import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "reference"))

ARGMAX_GAP = 1e-3     # min top-1/top-2 gap of every recorded argmax
KEEP_REL_GAP = 1e-4   # min |p/max p - alpha| wherever a keep mask is used
SCORE_GAP = 1e-3      # min difference of compared MC scores
ALPHA = 0.1
EPS = 1e-12


# ----------------------------------------------------------------------------------------------
# Small numeric helpers
# ----------------------------------------------------------------------------------------------

def rms_norm(x, w, eps):
    """w * x / sqrt(mean(x^2) + eps) over the last axis."""
    return w * x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps)


def layer_norm(x, w, b, eps):
    """LayerNorm with the biased variance (as torch / GPT-2)."""
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + eps) * w + b


def gelu_new(x):
    """GPT-2's tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def argmax_first(row):
    """Argmax with ties to the lowest id (numpy documents first occurrence)."""
    return int(np.argmax(row.numpy()))


def top_gap(row):
    """top-1 minus top-2 over finite entries (inf when fewer than two are finite)."""
    vals = row[torch.isfinite(row)]
    if vals.numel() < 2:
        return math.inf
    top = torch.topk(vals, 2).values
    return float(top[0] - top[1])


def to_f32(t):
    """The float64 value of t after storing it as float32."""
    return t.to(torch.float32).to(torch.float64)


def bf16_bits(t):
    """Round float32 values to bfloat16 (round to nearest even) and return the uint16 bit patterns."""
    u = t.to(torch.float32).numpy().astype("<f4").view(np.uint32).astype(np.uint64)
    rounding = ((u >> 16) & 1) + 0x7FFF
    return ((u + rounding) >> 16).astype(np.uint16)


def to_bf16(t):
    """The float64 value of t after storing it as bfloat16."""
    bits = bf16_bits(t).astype(np.uint32) << 16
    return torch.from_numpy(bits.view(np.float32).astype(np.float64)).reshape(t.shape)


# ----------------------------------------------------------------------------------------------
# JSON with 7 significant digits
# ----------------------------------------------------------------------------------------------

def r7(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return float(f"{x:.7g}")


def floats(t):
    return [r7(v) for v in t.reshape(-1).tolist()]


def ints(t):
    return [int(v) for v in (t.reshape(-1).tolist() if torch.is_tensor(t) else t)]


def write_json(path, obj, pretty=False):
    """Expected files are compact like the shared ones; configs are indented like HF's."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = (json.dumps(obj, indent=2, sort_keys=True, allow_nan=False) if pretty
            else json.dumps(obj, separators=(",", ":"), allow_nan=False))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
        f.write("\n")


# ----------------------------------------------------------------------------------------------
# safetensors writer (our own): u64 LE header length, JSON header, space padding to 8, raw LE data
# ----------------------------------------------------------------------------------------------

def tensor_bytes(t, dtype):
    if dtype == "F32":
        return t.to(torch.float32).numpy().astype("<f4").tobytes()
    if dtype == "BF16":
        return bf16_bits(t).astype("<u2").tobytes()
    raise ValueError(dtype)


def write_safetensors(path, tensors, dtype="F32"):
    """tensors: {name: float64 tensor}. Keys are written in sorted order, data back to back."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = tensor_bytes(tensors[name], dtype)
        header[name] = {"dtype": dtype, "shape": list(tensors[name].shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * ((8 - len(head) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)
    return offset


def read_safetensors(path):
    """Independent reader used only by the self-check (round trip of the writer)."""
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        raw = blob[8 + n + a:8 + n + b]
        if meta["dtype"] == "F32":
            arr = np.frombuffer(raw, dtype="<f4").astype(np.float64)
        elif meta["dtype"] == "BF16":
            arr = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32).astype(np.float64)
        else:
            raise ValueError(meta["dtype"])
        out[name] = torch.from_numpy(arr.copy()).reshape(meta["shape"])
    return out


# ----------------------------------------------------------------------------------------------
# Models
# ----------------------------------------------------------------------------------------------

class Adapter:
    """A PEFT adapter applied inside the forward. kind: LORA | IA3 | PROMPT_TUNING | PREFIX_TUNING."""

    def __init__(self, kind, config, tensors):
        self.kind, self.config, self.tensors = kind, config, tensors  # tensors: PEFT key -> float64

    def key(self, module, suffix):
        return f"base_model.model.{module}.{suffix}"

    def linear(self, module, x, w, b):
        """y = W x + b with this adapter applied to `module` (a full HF module path)."""
        short = module.rsplit(".", 1)[-1]
        targets = self.config.get("target_modules") or []
        if self.kind == "IA3" and short in targets and short in self.config["feedforward_modules"]:
            x = x * self.tensors[self.key(module, "ia3_l")].reshape(-1)          # [1,in] scales the input
        y = x @ w.T
        if b is not None:
            y = y + b
        if self.kind == "LORA" and short in targets:
            a = self.tensors[self.key(module, "lora_A.weight")]                # [r, in]
            bb = self.tensors[self.key(module, "lora_B.weight")]               # [out, r]
            scaling = self.config["lora_alpha"] / self.config["r"]
            y = y + scaling * ((x @ a.T) @ bb.T)
        if self.kind == "IA3" and short in targets and short not in self.config["feedforward_modules"]:
            y = y * self.tensors[self.key(module, "ia3_l")].reshape(-1)          # [out,1] scales the output
        return y


def plain_linear(module, x, w, b):
    y = x @ w.T
    return y if b is None else y + b


class Model:
    """A decoder in float64. arch: llama (Llama/Mistral/Qwen2 family) or gpt2."""

    def __init__(self, name, cfg, weights, arch, storage="F32"):
        self.name, self.cfg, self.w, self.arch, self.storage = name, cfg, weights, arch, storage

    @property
    def vocab(self):
        return self.cfg["vocab_size"]

    def logits(self, ids, mask, adapter=None, prefix_positions="hf"):
        """ids, mask: (B, T) long. Returns (B, T, V) logits for the real (non-virtual) tokens."""
        if self.arch == "gpt2":
            assert adapter is None
            return self._gpt2(ids, mask)
        return self._llama(ids, mask, adapter, prefix_positions)

    # -- Llama / Mistral / Qwen2 ---------------------------------------------------------------

    def _inv_freq(self):
        c = self.cfg
        hd = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
        inv = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2).to(torch.get_default_dtype()) / hd))
        rs = c.get("rope_scaling")
        if rs and rs.get("rope_type", rs.get("type")) == "llama3":
            # Llama 3.1 frequency scaling: keep short wavelengths, divide long ones by `factor`,
            # interpolate linearly in (old_len / wavelength) in between.
            factor, lo, hi = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
            old_len = rs["original_max_position_embeddings"]
            low_freq_wavelen, high_freq_wavelen = old_len / lo, old_len / hi
            wavelen = 2 * math.pi / inv
            scaled = torch.where(wavelen > low_freq_wavelen, inv / factor, inv)
            smooth = (old_len / wavelen - lo) / (hi - lo)
            smoothed = (1 - smooth) * scaled / factor + smooth * scaled
            medium = (wavelen >= high_freq_wavelen) & (wavelen <= low_freq_wavelen)
            inv = torch.where(medium, smoothed, scaled)
        elif rs:
            raise ValueError(f"unsupported rope_scaling {rs}")
        return inv

    def _llama(self, ids, mask, adapter, prefix_positions):
        c, w = self.cfg, self.w
        lin = adapter.linear if adapter is not None and adapter.kind in ("LORA", "IA3") else plain_linear
        nh, nkv = c["num_attention_heads"], c["num_key_value_heads"]
        hd = c.get("head_dim") or c["hidden_size"] // nh
        eps = c["rms_norm_eps"]
        B, T = ids.shape
        h = w["model.embed_tokens.weight"][ids]                                    # (B, T, H)
        n_virtual, prefix = 0, None
        if adapter is not None and adapter.kind == "PROMPT_TUNING":
            pe = adapter.tensors["prompt_embeddings"]                              # (n_v, H)
            n_virtual = pe.shape[0]
            # virtual tokens go before any left padding and are always attended
            h = torch.cat((pe.unsqueeze(0).expand(B, -1, -1), h), dim=1)
            mask = torch.cat((torch.ones(B, n_virtual, dtype=torch.long), mask), dim=1)
        if adapter is not None and adapter.kind == "PREFIX_TUNING":
            prefix = self._prefix_kv(adapter, B)
        pos = torch.cumsum(mask, dim=1) - 1
        if prefix is not None and prefix_positions == "hf":
            pos = pos + prefix[0][0].shape[2]
        pos = pos.masked_fill(mask == 0, 1)                                        # pads: unspecified
        freqs = pos.to(torch.get_default_dtype()).unsqueeze(-1) * self._inv_freq()             # (B, T', hd/2)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos().unsqueeze(1), emb.sin().unsqueeze(1)                  # (B, 1, T', hd)
        Tt = h.shape[1]
        n_past = 0 if prefix is None else prefix[0][0].shape[2]
        qi = torch.arange(Tt).view(Tt, 1)
        kj = torch.arange(Tt).view(1, Tt)
        allowed = (kj <= qi).unsqueeze(0) & (mask == 1).unsqueeze(1)               # (B, T', T')
        if n_past:
            allowed = torch.cat((torch.ones(B, Tt, n_past, dtype=torch.bool), allowed), dim=2)
        for i in range(c["num_hidden_layers"]):
            p = f"model.layers.{i}."
            x = rms_norm(h, w[p + "input_layernorm.weight"], eps)
            q = lin(p + "self_attn.q_proj", x, w[p + "self_attn.q_proj.weight"], w.get(p + "self_attn.q_proj.bias"))
            k = lin(p + "self_attn.k_proj", x, w[p + "self_attn.k_proj.weight"], w.get(p + "self_attn.k_proj.bias"))
            v = lin(p + "self_attn.v_proj", x, w[p + "self_attn.v_proj.weight"], w.get(p + "self_attn.v_proj.bias"))
            q = q.view(B, Tt, nh, hd).transpose(1, 2)                              # (B, nh, T', hd)
            k = k.view(B, Tt, nkv, hd).transpose(1, 2)                             # (B, nkv, T', hd)
            v = v.view(B, Tt, nkv, hd).transpose(1, 2)
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
            if prefix is not None:                                                 # no RoPE on the prefix
                k = torch.cat((prefix[i][0], k), dim=2)
                v = torch.cat((prefix[i][1], v), dim=2)
            k = k.repeat_interleave(nh // nkv, dim=1)                              # head h -> kv h // groups
            v = v.repeat_interleave(nh // nkv, dim=1)
            att = (q @ k.transpose(-1, -2)) / math.sqrt(hd)                        # (B, nh, T', S)
            att = att.masked_fill(~allowed.unsqueeze(1), -math.inf)
            att = torch.nan_to_num(torch.softmax(att, dim=-1), nan=0.0)            # fully masked pad rows -> 0
            y = (att @ v).transpose(1, 2).reshape(B, Tt, nh * hd)
            h = h + lin(p + "self_attn.o_proj", y, w[p + "self_attn.o_proj.weight"], w.get(p + "self_attn.o_proj.bias"))
            x = rms_norm(h, w[p + "post_attention_layernorm.weight"], eps)
            g = lin(p + "mlp.gate_proj", x, w[p + "mlp.gate_proj.weight"], None)
            u = lin(p + "mlp.up_proj", x, w[p + "mlp.up_proj.weight"], None)
            h = h + lin(p + "mlp.down_proj", F.silu(g) * u, w[p + "mlp.down_proj.weight"], None)
        h = rms_norm(h, w["model.norm.weight"], eps)
        head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
        return (h @ head.T)[:, n_virtual:]

    def _prefix_kv(self, adapter, B):
        """PEFT get_prompt: [n_v, L*2*token_dim] -> per layer (key, value), each (B, n_kv, n_v, hd)."""
        c = self.cfg
        nkv = c["num_key_value_heads"]
        hd = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
        pe = adapter.tensors["prompt_embeddings"]
        n_v = pe.shape[0]
        kv = pe.unsqueeze(0).expand(B, -1, -1).reshape(B, n_v, c["num_hidden_layers"] * 2, nkv, hd)
        kv = kv.permute(2, 0, 3, 1, 4)                                             # (2L, B, nkv, n_v, hd)
        return [(kv[2 * i], kv[2 * i + 1]) for i in range(c["num_hidden_layers"])]

    # -- GPT-2 ---------------------------------------------------------------------------------

    def _gpt2(self, ids, mask):
        c, w = self.cfg, self.w
        nh, H, eps = c["n_head"], c["n_embd"], c["layer_norm_epsilon"]
        hd = H // nh
        B, T = ids.shape
        pos = (torch.cumsum(mask, dim=1) - 1).masked_fill(mask == 0, 1)
        h = w["transformer.wte.weight"][ids] + w["transformer.wpe.weight"][pos]   # (B, T, H)
        allowed = (torch.arange(T).view(1, T) <= torch.arange(T).view(T, 1)).unsqueeze(0) & (mask == 1).unsqueeze(1)
        for i in range(c["n_layer"]):
            p = f"transformer.h.{i}."
            x = layer_norm(h, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
            qkv = x @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]    # Conv1D: [in, out]
            q, k, v = qkv.split(H, dim=-1)
            q, k, v = (t.view(B, T, nh, hd).transpose(1, 2) for t in (q, k, v))   # (B, nh, T, hd)
            att = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
            att = att.masked_fill(~allowed.unsqueeze(1), -math.inf)
            att = torch.nan_to_num(torch.softmax(att, dim=-1), nan=0.0)
            y = (att @ v).transpose(1, 2).reshape(B, T, H)
            h = h + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
            x = layer_norm(h, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
            m = gelu_new(x @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
            h = h + m @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
        h = layer_norm(h, w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)
        return h @ w["transformer.wte.weight"].T


def single_logits(model, ids, adapter=None, prefix_positions="hf"):
    """(T, V) logits of one unpadded sequence."""
    t = torch.tensor([list(ids)], dtype=torch.long)
    return model.logits(t, torch.ones_like(t), adapter, prefix_positions)[0]


def usable_greedy(out):
    """Greedy outputs worth testing: not stuck on one or two tokens, and never the pad id 0
    (a generated 0 fed back as input would be ambiguous for code that derives masks from ids)."""
    return 0 not in out and len(set(out)) >= 4


def greedy(model, prompt, n, adapter=None):
    """KV-free greedy: recompute the whole sequence each step. Returns (ids, min gap)."""
    seq, gap = list(prompt), math.inf
    for _ in range(n):
        row = single_logits(model, seq, adapter)[-1]
        gap = min(gap, top_gap(row))
        seq.append(argmax_first(row))
    return seq[len(prompt):], gap


# ----------------------------------------------------------------------------------------------
# Random model construction
# ----------------------------------------------------------------------------------------------

def normal(gen, *shape, std=1.0):
    return torch.randn(*shape, generator=gen, dtype=torch.float64) * std


def llama_weights(cfg, gen, qkv_bias=False):
    H, I, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or H // nh
    # a tied head reads the input embedding back; small embeddings keep the model from just
    # predicting the current token again
    w = {"model.embed_tokens.weight": normal(gen, V, H, std=0.15 if cfg["tie_word_embeddings"] else 1.0)}
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "input_layernorm.weight"] = 1 + normal(gen, H, std=0.1)
        w[p + "self_attn.q_proj.weight"] = normal(gen, nh * hd, H, std=1.5 / math.sqrt(H))
        w[p + "self_attn.k_proj.weight"] = normal(gen, nkv * hd, H, std=1.5 / math.sqrt(H))
        w[p + "self_attn.v_proj.weight"] = normal(gen, nkv * hd, H, std=1 / math.sqrt(H))
        w[p + "self_attn.o_proj.weight"] = normal(gen, H, nh * hd, std=1 / math.sqrt(nh * hd))
        if qkv_bias:
            w[p + "self_attn.q_proj.bias"] = normal(gen, nh * hd, std=0.3)
            w[p + "self_attn.k_proj.bias"] = normal(gen, nkv * hd, std=0.3)
            w[p + "self_attn.v_proj.bias"] = normal(gen, nkv * hd, std=0.3)
        w[p + "post_attention_layernorm.weight"] = 1 + normal(gen, H, std=0.1)
        w[p + "mlp.gate_proj.weight"] = normal(gen, I, H, std=1 / math.sqrt(H))
        w[p + "mlp.up_proj.weight"] = normal(gen, I, H, std=1 / math.sqrt(H))
        w[p + "mlp.down_proj.weight"] = normal(gen, H, I, std=1 / math.sqrt(I))
    w["model.norm.weight"] = 1 + normal(gen, H, std=0.1)
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = normal(gen, V, H, std=1 / math.sqrt(H))
    return w


def gpt2_weights(cfg, gen):
    H, I, V, P = cfg["n_embd"], cfg["n_inner"], cfg["vocab_size"], cfg["n_positions"]
    w = {"transformer.wte.weight": normal(gen, V, H, std=0.15),   # small: tied head (see llama_weights)
         "transformer.wpe.weight": normal(gen, P, H, std=0.3)}
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        w[p + "ln_1.weight"] = 1 + normal(gen, H, std=0.1)
        w[p + "ln_1.bias"] = normal(gen, H, std=0.1)
        w[p + "attn.c_attn.weight"] = normal(gen, H, 3 * H, std=1.5 / math.sqrt(H))
        w[p + "attn.c_attn.bias"] = normal(gen, 3 * H, std=0.1)
        w[p + "attn.c_proj.weight"] = normal(gen, H, H, std=1 / math.sqrt(H))
        w[p + "attn.c_proj.bias"] = normal(gen, H, std=0.1)
        w[p + "ln_2.weight"] = 1 + normal(gen, H, std=0.1)
        w[p + "ln_2.bias"] = normal(gen, H, std=0.1)
        w[p + "mlp.c_fc.weight"] = normal(gen, H, I, std=1 / math.sqrt(H))
        w[p + "mlp.c_fc.bias"] = normal(gen, I, std=0.1)
        w[p + "mlp.c_proj.weight"] = normal(gen, I, H, std=1 / math.sqrt(I))
        w[p + "mlp.c_proj.bias"] = normal(gen, H, std=0.1)
    w["transformer.ln_f.weight"] = 1 + normal(gen, H, std=0.1)
    w["transformer.ln_f.bias"] = normal(gen, H, std=0.1)
    return w


def llama_config(arch, model_type, **kw):
    cfg = {"architectures": [arch], "model_type": model_type, "vocab_size": 97, "hidden_size": 64,
           "intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 4,
           "num_key_value_heads": 2, "head_dim": 16, "hidden_act": "silu",
           "max_position_embeddings": 512, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
           "rope_scaling": None, "attention_bias": False, "mlp_bias": False,
           "tie_word_embeddings": False, "bos_token_id": 1, "eos_token_id": 2,
           "torch_dtype": "float32"}
    cfg.update(kw)
    return cfg


def model_specs():
    """name -> (config, arch, seed, storage, sharded)."""
    gpt2 = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": 101,
            "n_embd": 64, "n_layer": 2, "n_head": 4, "n_inner": 128, "n_positions": 64,
            "n_ctx": 64, "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
            "scale_attn_weights": True, "tie_word_embeddings": True,
            "bos_token_id": 100, "eos_token_id": 100, "torch_dtype": "float32"}
    return {
        "ref-llama": (llama_config("LlamaForCausalLM", "llama"), "llama", 1001, "F32", False),
        "ref-llama3-rope": (llama_config(
            "LlamaForCausalLM", "llama", vocab_size=89, intermediate_size=64, rope_theta=500000.0,
            # original_max_position_embeddings 64: wavelengths 6.3 (kept), 32 (interpolated) and
            # >= 167 (divided by 8) for head_dim 16, so the scaling shows within a few dozen positions
            rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                          "high_freq_factor": 4.0, "original_max_position_embeddings": 64}),
            "llama", 1002, "F32", False),
        "ref-qwen2": (llama_config(
            "Qwen2ForCausalLM", "qwen2", vocab_size=103, intermediate_size=80, rope_theta=1000000.0,
            rms_norm_eps=1e-6, tie_word_embeddings=True, use_sliding_window=False,
            sliding_window=None, attention_bias=None), "llama", 1003, "F32", True),
        "ref-mistral": (llama_config(
            "MistralForCausalLM", "mistral", vocab_size=91, intermediate_size=64,
            num_key_value_heads=1, sliding_window=None), "llama", 1004, "F32", False),
        "ref-gpt2": (gpt2, "gpt2", 1005, "F32", False),
        "ref-llama-bf16": (llama_config("LlamaForCausalLM", "llama", torch_dtype="bfloat16"),
                           "llama", 1006, "BF16", False),
    }


def clean_config(cfg):
    out = dict(cfg)
    if out.get("attention_bias") is None and out["model_type"] == "qwen2":
        del out["attention_bias"]                                                 # qwen2 always has q/k/v bias
    return out


def build_model(name):
    cfg, arch, seed, storage, _ = model_specs()[name]
    gen = torch.Generator().manual_seed(seed)
    if arch == "gpt2":
        w = gpt2_weights(cfg, gen)
        norm_keys = ["transformer.ln_f.weight", "transformer.ln_f.bias"]
    else:
        w = llama_weights(cfg, gen, qkv_bias=cfg["model_type"] == "qwen2")
        norm_keys = ["model.norm.weight"]
    store = to_bf16 if storage == "BF16" else to_f32
    w = {k: store(v) for k, v in w.items()}
    model = Model(name, clean_config(cfg), w, arch, storage)
    # rescale the final norm so that the logits have a standard deviation of about 2
    ids = torch.from_numpy(np.random.default_rng(seed).integers(1, cfg["vocab_size"], size=(8, 16)))
    std = float(model.logits(ids, torch.ones_like(ids)).std())
    for k in norm_keys:
        w[k] = store(w[k] * (2.0 / std))
    return model


def save_model(model):
    cfg, _, _, storage, sharded = model_specs()[model.name]
    folder = os.path.join(OUT, "models", model.name)
    os.makedirs(folder, exist_ok=True)
    write_json(os.path.join(folder, "config.json"), model.cfg, pretty=True)
    if not sharded:
        write_safetensors(os.path.join(folder, "model.safetensors"), model.w, storage)
        for p in os.listdir(folder):
            assert p in ("config.json", "model.safetensors"), p
        return
    names = sorted(model.w)
    half = len(names) // 2
    parts = [names[:half], names[half:]]
    weight_map, total = {}, 0
    for n, part in enumerate(parts, 1):
        fname = f"model-{n:05d}-of-{len(parts):05d}.safetensors"
        total += write_safetensors(os.path.join(folder, fname), {k: model.w[k] for k in part}, storage)
        weight_map.update({k: fname for k in part})
    write_json(os.path.join(folder, "model.safetensors.index.json"),
               {"metadata": {"total_size": total}, "weight_map": weight_map}, pretty=True)


# ----------------------------------------------------------------------------------------------
# Expected outputs in the schema of shared/fixtures/expected/<model>.json
# ----------------------------------------------------------------------------------------------

class Margins:
    def __init__(self):
        self.argmax_gap = math.inf
        self.keep_rel = math.inf
        self.score_gap = math.inf

    def as_json(self):
        f = lambda v: None if v == math.inf else r7(v)
        return {"argmax_gap": f(self.argmax_gap), "keep_rel": f(self.keep_rel), "score_gap": f(self.score_gap)}


def sample_ids(rng, vocab, n):
    return [int(v) for v in rng.integers(1, vocab, size=n)]   # never the pad id 0


def pad_batch(seqs, side):
    T = max(len(s) for s in seqs)
    ids, mask = [], []
    for s in seqs:
        pad = [0] * (T - len(s))
        ids.append(pad + s if side == "left" else s + pad)
        mask.append([0] * len(pad) + [1] * len(s) if side == "left" else [1] * len(s) + [0] * len(pad))
    return ids, mask


def expected_forward(model, rng, adapter=None, model_dir=None, adapter_dir=None):
    """The base schema: sequences, padded batches, greedy, loglik, min_margins."""
    V, m = model.vocab, Margins()
    doc = {"model": model.name if adapter is None else adapter.config["base_model_name_or_path"],
           "model_dir": model_dir, "adapter_dir": adapter_dir, "computed_in": "float64"}
    if adapter is not None:
        doc["adapter_type"] = adapter.kind
        doc["prefix_positions"] = "hf" if adapter.kind == "PREFIX_TUNING" else None

    seqs, singles = [], []
    for L in (6, 11, 16):
        while True:
            ids = sample_ids(rng, V, L)
            lg = single_logits(model, ids, adapter)
            gap = min(top_gap(r) for r in lg)
            if gap >= ARGMAX_GAP:
                break
        m.argmax_gap = min(m.argmax_gap, gap)
        seqs.append(ids)
        singles.append(lg)
    doc["sequences"] = [{"input_ids": ids, "last3_positions": [len(ids) - 3, len(ids) - 2, len(ids) - 1],
                         "last3_logits": [floats(r) for r in lg[-3:]],
                         "argmax": [argmax_first(r) for r in lg]} for ids, lg in zip(seqs, singles)]

    doc["padded_batches"] = []
    for side in ("left", "right"):
        ids, mask = pad_batch(seqs, side)
        lg = model.logits(torch.tensor(ids), torch.tensor(mask), adapter)
        rows = []
        for b, s in enumerate(seqs):
            real = [t for t in range(len(ids[b])) if mask[b][t] == 1]
            # padded rows must reproduce the unpadded sequence exactly (float64 noise only)
            assert torch.allclose(lg[b, real], singles[b], rtol=0, atol=1e-9), (model.name, side, b)
            rows.append({"last3_positions": real[-3:], "last3_logits": [floats(lg[b, t]) for t in real[-3:]],
                         "argmax": [argmax_first(lg[b, t]) if mask[b][t] else -1 for t in range(len(ids[b]))]})
        doc["padded_batches"].append({"padding_side": side, "pad_token_id": 0, "input_ids": ids,
                                      "attention_mask": mask, "rows": rows})

    doc["greedy"] = []
    for L in (4, 7):
        while True:
            prompt = sample_ids(rng, V, L)
            out, gap = greedy(model, prompt, 12, adapter)
            if gap >= ARGMAX_GAP and usable_greedy(out):
                break
        # one teacher-forced forward over prompt+output must give the same argmax chain
        chain = single_logits(model, prompt + out, adapter)
        assert [argmax_first(chain[L - 1 + j]) for j in range(12)] == out, model.name
        m.argmax_gap = min(m.argmax_gap, gap)
        doc["greedy"].append({"prompt_ids": prompt, "max_new_tokens": 12, "output_ids": out})

    doc["loglik"] = []
    for lc, ln in ((5, 3), (8, 2), (6, 5)):
        ctx, cont = sample_ids(rng, V, lc), sample_ids(rng, V, ln)
        lp = torch.log_softmax(single_logits(model, ctx + cont, adapter), dim=-1)
        tok = [float(lp[lc - 1 + j, cont[j]]) for j in range(ln)]
        doc["loglik"].append({"context_ids": ctx, "continuation_ids": cont,
                              "token_logprobs": [r7(v) for v in tok], "sum": r7(sum(tok))})
    doc["min_margins"] = m.as_json()
    return doc, seqs


# ----------------------------------------------------------------------------------------------
# PEFT adapters for ref-llama
# ----------------------------------------------------------------------------------------------

ADAPTER_SEEDS = {"lora": 2001, "ia3": 2002, "prompt": 2003, "prefix": 2004}


def make_adapter(model, kind):
    """Random non-zero PEFT adapter for a llama-family model: (Adapter, config written to disk)."""
    c = model.cfg
    H, I, L = c["hidden_size"], c["intermediate_size"], c["num_hidden_layers"]
    nkv, hd = c["num_key_value_heads"], c["head_dim"]
    gen = torch.Generator().manual_seed(ADAPTER_SEEDS[kind])
    out_dim = {"q_proj": c["num_attention_heads"] * hd, "k_proj": nkv * hd, "v_proj": nkv * hd, "down_proj": H}
    in_dim = {"q_proj": H, "k_proj": H, "v_proj": H, "down_proj": I}
    owner = {"q_proj": "self_attn", "k_proj": "self_attn", "v_proj": "self_attn", "down_proj": "mlp"}
    base = {"base_model_name_or_path": model.name, "inference_mode": True, "revision": None,
            "task_type": "CAUSAL_LM"}
    t = {}
    if kind == "lora":
        targets = ["q_proj", "v_proj", "down_proj"]
        cfg = dict(base, peft_type="LORA", r=4, lora_alpha=8, lora_dropout=0.1, target_modules=targets,
                   bias="none", fan_in_fan_out=False, init_lora_weights=True, layers_pattern=None,
                   layers_to_transform=None, modules_to_save=None, alpha_pattern={}, rank_pattern={},
                   use_dora=False, use_rslora=False)
        for i in range(L):
            for m in targets:
                k = f"base_model.model.model.layers.{i}.{owner[m]}.{m}"
                t[k + ".lora_A.weight"] = normal(gen, 4, in_dim[m], std=1 / math.sqrt(in_dim[m]))
                t[k + ".lora_B.weight"] = normal(gen, out_dim[m], 4, std=0.2)
        peft = "LORA"
    elif kind == "ia3":
        targets, ff = ["k_proj", "v_proj", "down_proj"], ["down_proj"]
        cfg = dict(base, peft_type="IA3", target_modules=targets, feedforward_modules=ff,
                   fan_in_fan_out=False, init_ia3_weights=True, modules_to_save=None)
        for i in range(L):
            for m in targets:
                shape = (1, in_dim[m]) if m in ff else (out_dim[m], 1)
                u = torch.rand(*shape, generator=gen, dtype=torch.float64)
                t[f"base_model.model.model.layers.{i}.{owner[m]}.{m}.ia3_l"] = 0.7 + 0.6 * u   # 1 +- 0.3
        peft = "IA3"
    elif kind == "prompt":
        cfg = dict(base, peft_type="PROMPT_TUNING", num_virtual_tokens=5, token_dim=H,
                   num_transformer_submodules=1, num_attention_heads=c["num_attention_heads"],
                   num_layers=L, prompt_tuning_init="RANDOM", prompt_tuning_init_text=None,
                   tokenizer_name_or_path=None)
        t["prompt_embeddings"] = normal(gen, 5, H)
        peft = "PROMPT_TUNING"
    elif kind == "prefix":
        cfg = dict(base, peft_type="PREFIX_TUNING", num_virtual_tokens=4, token_dim=nkv * hd,
                   encoder_hidden_size=nkv * hd, num_attention_heads=nkv, num_layers=L,
                   num_transformer_submodules=1, prefix_projection=False)
        t["prompt_embeddings"] = normal(gen, 4, L * 2 * nkv * hd, std=1.5)
        peft = "PREFIX_TUNING"
    else:
        raise ValueError(kind)
    t = {k: to_f32(v) for k, v in t.items()}
    return Adapter(peft, cfg, t)


def save_adapter(adapter, folder):
    write_json(os.path.join(folder, "adapter_config.json"), adapter.config, pretty=True)
    write_safetensors(os.path.join(folder, "adapter_model.safetensors"), adapter.tensors)
    back = read_safetensors(os.path.join(folder, "adapter_model.safetensors"))
    assert all(torch.equal(back[k], adapter.tensors[k]) for k in adapter.tensors)


def merged_model(model, adapter):
    """LoRA / IA3 folded into the base weights: an independent route to the adapted logits."""
    w = dict(model.w)
    for key, val in adapter.tensors.items():
        module = key[len("base_model.model."):].rsplit(".", 2 if "lora_" in key else 1)[0]
        short = module.rsplit(".", 1)[-1]
        if key.endswith("lora_A.weight"):
            b = adapter.tensors[key.replace("lora_A", "lora_B")]
            w[module + ".weight"] = w[module + ".weight"] + adapter.config["lora_alpha"] / adapter.config["r"] * (b @ val)
        elif key.endswith("ia3_l"):
            if short in adapter.config["feedforward_modules"]:
                w[module + ".weight"] = w[module + ".weight"] * val.reshape(1, -1)  # scale input columns
            else:
                w[module + ".weight"] = w[module + ".weight"] * val.reshape(-1, 1)  # scale output rows
                if module + ".bias" in w:
                    w[module + ".bias"] = w[module + ".bias"] * val.reshape(-1)
    return Model(model.name, model.cfg, w, model.arch, model.storage)


def check_adapter(model, adapter, rng):
    ids = sample_ids(rng, model.vocab, 9)
    got = single_logits(model, ids, adapter)
    base = single_logits(model, ids)
    assert float((got - base).abs().max()) > 0.05, "adapter has no visible effect"
    if adapter.kind in ("LORA", "IA3"):
        assert torch.allclose(got, single_logits(merged_model(model, adapter), ids), rtol=0, atol=1e-9)
    if adapter.kind in ("PREFIX_TUNING", "PROMPT_TUNING"):
        # with zero virtual tokens the adapted path must be the base model again
        empty = Adapter(adapter.kind, adapter.config, {"prompt_embeddings": adapter.tensors["prompt_embeddings"][:0]})
        assert torch.allclose(single_logits(model, ids, empty), base, rtol=0, atol=1e-12)


# ----------------------------------------------------------------------------------------------
# SVDecode quantities, in the schema of shared/fixtures/expected/svdecode-<model>-<kind>.json
# ----------------------------------------------------------------------------------------------

def sv_terms(zt, zp):
    """Per position, from base logits zt and adapted logits zp (both (V,))."""
    lr = torch.log_softmax(zp, -1) - torch.log_softmax(zt, -1)
    p = torch.softmax(zp, -1)
    kl = float((p * lr).sum())
    delta = p * (kl - lr)
    # the same vector through the softmax Jacobian: (diag p - p p^T)(-log r - 1)
    if delta.dtype == torch.float64:                       # (the float32 replay skips these identities)
        jac = torch.diag(p) - torch.outer(p, p)
        assert torch.allclose(delta, jac @ (-lr - 1), rtol=0, atol=1e-12)
        assert abs(float(delta.sum())) < 1e-12
    rel = p / p.max()
    keep = rel >= ALPHA
    return {"lr": lr, "p": p, "kl": kl, "delta": delta, "keep": keep,
            "keep_rel": float((rel - ALPHA).abs().min())}


def noise_free_sum(t):
    """Σ t rounded at 1e-12. Σδ is 0 in exact arithmetic; what float64 leaves (~1e-16) depends on the SIMD
    width torch picks on the machine, and recording it made the files differ between CPUs."""
    return round(math.fsum(t.tolist()), 12) + 0.0        # + 0.0 turns -0.0 into 0.0


def soft_logits(zp, tm, mu):
    return zp + mu * torch.where(tm["keep"], tm["delta"], torch.zeros_like(zp))


def hard_logits(zp, tm, mu):
    return torch.where(tm["keep"], zp + mu * tm["delta"], torch.full_like(zp, -math.inf))


def ls_strength(tm, y, direction):
    """Least-squares strength along `direction` for gold token y: (Σ_keep (e-p)·d / (Σ_keep d² + eps), num, den)."""
    e = torch.zeros_like(tm["p"])
    e[y] = 1.0
    k = tm["keep"]
    num = float(((e - tm["p"]) * direction)[k].sum())
    den = float((direction[k] ** 2).sum())
    return num / (den + EPS), num, den


def mu_star(tm, y):
    return ls_strength(tm, y, tm["delta"])


def sample_context(pair, rng, L, accept=lambda zt, zp, tm: True):
    """A random context, resampled until its last position has an unambiguous keep mask and `accept` holds there.
    Returns (context ids, z_theta, z_phi, terms) of the last position."""
    while True:
        ctx = sample_ids(rng, pair.model.vocab, L)
        zt, zp = pair(ctx)
        zt, zp = zt[-1], zp[-1]
        tm = sv_terms(zt, zp)
        if tm["keep_rel"] >= KEEP_REL_GAP and accept(zt, zp, tm):
            return ctx, zt, zp, tm


class Pair:
    """Base (no adapter, no virtual tokens) and adapted logits of one unpadded sequence."""

    def __init__(self, model, adapter):
        self.model, self.adapter = model, adapter

    def __call__(self, ids):
        return single_logits(self.model, ids), single_logits(self.model, ids, self.adapter)


def steered_generate(pair, prompt, mu, n):
    """Hard-mode steered greedy, both models fed every chosen token. KV-free: full recompute."""
    seq, steps, gap, rel = list(prompt), [], math.inf, math.inf
    for _ in range(n):
        zt, zp = pair(seq)
        zt, zp = zt[-1], zp[-1]
        tm = sv_terms(zt, zp)
        hard = hard_logits(zp, tm, mu)
        gap = min(gap, top_gap(hard), top_gap(zp))
        rel = min(rel, tm["keep_rel"])
        steps.append({"n_keep": int(tm["keep"].sum()), "unsteered_argmax": argmax_first(zp)})
        seq.append(argmax_first(hard))
    return seq[len(prompt):], steps, gap, rel


def adapted_greedy(pair, prompt, n):
    seq, gap = list(prompt), math.inf
    for _ in range(n):
        zp = pair(seq)[1][-1]
        gap = min(gap, top_gap(zp))
        seq.append(argmax_first(zp))
    return seq[len(prompt):], gap


def mc_metrics(mc1, mc2, labels2):
    """TruthfulQA MC_calcs. Returns (MC1, MC2, MC3, smallest compared-score gap)."""
    mc1_val = 1.0 if mc1[0] > max(mc1[1:]) else 0.0
    true = [s for s, l in zip(mc2, labels2) if l == 1]
    false = [s for s, l in zip(mc2, labels2) if l == 0]
    lse = lambda xs: max(xs) + math.log(sum(math.exp(x - max(xs)) for x in xs))
    mc2_val = math.exp(lse(true) - lse(true + false))
    mc3_val = sum(1 for t in true if t > max(false)) / len(true)
    gap = min([abs(mc1[0] - max(mc1[1:]))] + [abs(t - max(false)) for t in true])
    return mc1_val, mc2_val, mc3_val, gap


CALIBRATION_SHAPES = ((5, 4), (7, 3), (4, 5), (6, 4))   # (prompt length, target length) per item


def pair_doc_header(model, adapter, kind):
    """The fields every file about a (base, adapted) pair starts with."""
    return {"model": model.name, "model_dir": f"models/{model.name}",
            "adapter_dir": f"adapters/{model.name}-{kind}", "computed_in": "float64",
            "adapter_type": adapter.kind,
            "prefix_positions": "hf" if adapter.kind == "PREFIX_TUNING" else None,
            "alpha": ALPHA, "eps": EPS}


def calibration_item(pair, rng, n_item, lp_, lt):
    """One teacher-forced calibration item: (prompt, target, per-target-position terms, smallest keep margin).
    Even items use the adapted model's own greedy continuation, odd ones random targets."""
    V = pair.model.vocab
    while True:
        prompt = sample_ids(rng, V, lp_)
        target = adapted_greedy(pair, prompt, lt)[0] if n_item % 2 == 0 else sample_ids(rng, V, lt)
        zt, zp = pair(prompt + target)
        terms = [sv_terms(zt[lp_ - 1 + j], zp[lp_ - 1 + j]) for j in range(lt)]
        rel = min(tm["keep_rel"] for tm in terms)
        if rel >= KEEP_REL_GAP and 0 not in target:
            return prompt, target, terms, rel


def svdecode_doc(model, adapter, kind, rng):
    V, m, pair = model.vocab, Margins(), Pair(model, adapter)
    doc = pair_doc_header(model, adapter, kind)

    # -- calibration: teacher-forced prompt + target, one mu* per target token ----------------
    items = []
    for n_item, (lp_, lt) in enumerate(CALIBRATION_SHAPES):
        prompt, target, terms, rel = calibration_item(pair, rng, n_item, lp_, lt)
        m.keep_rel = min(m.keep_rel, rel)
        mus = [mu_star(tm, y) for tm, y in zip(terms, target)]
        items.append({"prompt_ids": prompt, "target_ids": target,
                      "mu": [r7(v[0]) for v in mus], "num": [r7(v[1]) for v in mus],
                      "den": [r7(v[2]) for v in mus], "n_keep": [int(tm["keep"].sum()) for tm in terms],
                      "_mus": mus})
    all_mu = [v[0] for it in items for v in it["_mus"]]
    all_num = [v[1] for it in items for v in it["_mus"]]
    all_den = [v[2] for it in items for v in it["_mus"]]
    for it in items:
        del it["_mus"]
    N = len(all_mu)
    mu_bar = {"mean": r7(float(np.mean(all_mu))), "median": r7(float(np.median(all_mu))),
              "ratio_of_sums": r7(sum(all_num) / (sum(all_den) + N * EPS)), "n_tokens": N,
              "frac_negative": r7(sum(1 for v in all_mu if v < 0) / N)}
    mu = mu_bar["mean"]    # as stored (7 digits): every steered output below uses exactly this value
    doc["mu_bar_used"] = mu
    doc["calibration"] = {"items": items, "mu_bar": mu_bar}

    # -- contexts: everything at the last position -------------------------------------------
    doc["contexts"] = []
    for L in (4, 8, 12):
        ctx, zt, zp, tm = sample_context(pair, rng, L,
                                         lambda zt_, zp_, tm_: top_gap(hard_logits(zp_, tm_, mu)) >= ARGMAX_GAP)
        hard = hard_logits(zp, tm, mu)
        m.keep_rel = min(m.keep_rel, tm["keep_rel"])
        m.argmax_gap = min(m.argmax_gap, top_gap(hard))
        doc["contexts"].append({"context_ids": ctx, "z_theta": floats(zt), "z_phi": floats(zp),
                                "kl": r7(tm["kl"]), "delta": floats(tm["delta"]),
                                "keep": [int(b) for b in tm["keep"].tolist()], "n_keep": int(tm["keep"].sum()),
                                "steered_soft": floats(soft_logits(zp, tm, mu)),
                                "argmax_hard": argmax_first(hard), "delta_sum": r7(noise_free_sum(tm["delta"]))})

    # -- steered greedy (hard), and the same first prompt with mu = -10 / +10 ------------------
    def run(prompt, mu_):
        out, steps, gap, rel = steered_generate(pair, prompt, mu_, 10)
        ok = gap >= ARGMAX_GAP and rel >= KEEP_REL_GAP and 0 not in out
        return {"prompt_ids": prompt, "max_new_tokens": 10, "mode": "hard", "mu": mu_,
                "output_ids": out, "steps": steps}, gap, rel, ok

    doc["steered_greedy"], doc["steered_greedy_fixed_mu"] = [], []
    while True:
        prompt = sample_ids(rng, V, 5)
        runs = [run(prompt, mu), run(prompt, -10.0), run(prompt, 10.0)]
        outs = [r[0]["output_ids"] for r in runs]
        if all(r[3] for r in runs) and (outs[1] != outs[0] or outs[2] != outs[0]):
            break
    while True:
        second = run(sample_ids(rng, V, 6), mu)
        if second[3]:
            break
    for r in runs + [second]:
        m.argmax_gap, m.keep_rel = min(m.argmax_gap, r[1]), min(m.keep_rel, r[2])
    doc["steered_greedy"] = [runs[0][0], second[0]]
    doc["steered_greedy_fixed_mu"] = [runs[1][0], runs[2][0]]

    # -- steered log-likelihood of three continuations ------------------------------------------
    doc["steered_loglik"] = []
    for n_pair, lc in enumerate((5, 7, 6)):
        while True:
            ctx, gap = sample_ids(rng, V, lc), math.inf
            if n_pair == 0:                                   # the steered greedy continuation
                cont, _, gap, _ = steered_generate(pair, ctx, mu, 4)
            elif n_pair == 1:                                 # the adapted model's greedy
                cont, gap = adapted_greedy(pair, ctx, 4)
            else:                                             # random
                cont = sample_ids(rng, V, 4)
            zt, zp = pair(ctx + cont)
            terms = [sv_terms(zt[lc - 1 + j], zp[lc - 1 + j]) for j in range(4)]
            rel = min(tm["keep_rel"] for tm in terms)
            kept = {bool(tm["keep"][y]) for tm, y in zip(terms, cont)}
            # the random pair must mix kept and dropped gold tokens, so "-Infinity" is per token
            mixed = n_pair != 2 or kept == {True, False}
            if gap >= ARGMAX_GAP and rel >= KEEP_REL_GAP and 0 not in cont and mixed:
                break
        m.keep_rel = min(m.keep_rel, rel)
        if gap < math.inf:
            m.argmax_gap = min(m.argmax_gap, gap)
        rows = []
        for j, (tm, y) in enumerate(zip(terms, cont)):
            zpj = zp[lc - 1 + j]
            rows.append((int(bool(tm["keep"][y])),
                         float(torch.log_softmax(zpj, -1)[y]),
                         float(torch.log_softmax(soft_logits(zpj, tm, mu), -1)[y]),
                         float(torch.log_softmax(hard_logits(zpj, tm, mu), -1)[y])))
        if n_pair == 0:
            assert all(r[0] == 1 for r in rows), "steered greedy tokens are always in the keep set"
        doc["steered_loglik"].append({
            "context_ids": ctx, "continuation_ids": cont, "gold_kept": [r[0] for r in rows],
            "adapted_logprobs": [r7(r[1]) for r in rows], "soft_logprobs": [r7(r[2]) for r in rows],
            "soft_sum": r7(sum(r[2] for r in rows)), "hard_logprobs": [r7(r[3]) for r in rows],
            "hard_sum": r7(sum(r[3] for r in rows))})

    # -- TruthfulQA-style MC on token ids --------------------------------------------------------
    def scores(question, answers):
        out = {"base": [], "adapted": [], "steered_soft": []}
        rel = math.inf
        for a in answers:
            zt, zp = pair(question + a)
            s = {"base": 0.0, "adapted": 0.0, "steered_soft": 0.0}
            for j, y in enumerate(a):
                t = len(question) - 1 + j
                tm = sv_terms(zt[t], zp[t])
                rel = min(rel, tm["keep_rel"])
                s["base"] += float(torch.log_softmax(zt[t], -1)[y])
                s["adapted"] += float(torch.log_softmax(zp[t], -1)[y])
                s["steered_soft"] += float(torch.log_softmax(soft_logits(zp[t], tm, mu), -1)[y])
            for k in out:
                out[k].append(s[k])
        return out, rel

    questions, results = [], {k: {"per_question": []} for k in ("base", "adapted", "steered_soft")}
    for _ in range(3):
        while True:
            q = sample_ids(rng, V, 6)
            answers = [sample_ids(rng, V, int(rng.integers(2, 5))) for _ in range(6)]   # 3 true, 3 false
            mc1_answers = [answers[0], answers[3], answers[4], answers[5]]
            labels2 = [1, 1, 1, 0, 0, 0]
            sc, rel = scores(q, answers)
            mets = {}
            for k, s in sc.items():
                mc1 = [s[0], s[3], s[4], s[5]]
                mets[k] = (mc1, s) + mc_metrics(mc1, s, labels2)
            if rel >= KEEP_REL_GAP and min(v[5] for v in mets.values()) >= SCORE_GAP:
                break
        m.keep_rel = min(m.keep_rel, rel)
        m.score_gap = min([m.score_gap] + [v[5] for v in mets.values()])
        questions.append({"question_ids": q,
                          "mc1_targets": {"answers": mc1_answers, "labels": [1, 0, 0, 0]},
                          "mc2_targets": {"answers": answers, "labels": labels2}})
        for k, (mc1, s, v1, v2, v3, _) in mets.items():
            results[k]["per_question"].append({"mc1_scores": [r7(v) for v in mc1], "mc2_scores": [r7(v) for v in s],
                                               "MC1": r7(v1), "MC2": r7(v2), "MC3": r7(v3), "_raw": (v1, v2, v3)})
    for k in results:
        raw = [pq.pop("_raw") for pq in results[k]["per_question"]]
        results[k]["average"] = {name: r7(float(np.mean([r[i] for r in raw]))) for i, name in enumerate(("MC1", "MC2", "MC3"))}
    doc["truthfulqa_mc"] = {"questions": questions,
                            "scoring": "sum of per-token log-probs of the answer given the question ids",
                            "results": results}
    doc["min_margins"] = m.as_json()
    return doc


# ----------------------------------------------------------------------------------------------
# Decoding baselines (issue 21), in the schema of expected/decoding-ref-llama-<kind>.json
# ----------------------------------------------------------------------------------------------

MASK_MODES = ("hard", "soft", "none")
LAMBDA_FIXED = 0.5
TRIM_SIGMAS = 3.0          # the trimmed mean's default half-width in robust standard deviations (1.4826 MAD)
TRIM_REL_GAP = 1e-3        # min | |v - median| - tau | / max(1, tau): no strength sits on the trimming boundary


def decoding_settings(mu, lam):
    """Every (method, parameter) the decoding file records, keyed by id."""
    return [{"id": "off", "method": "off"},
            {"id": "svdecode", "method": "svdecode", "mu": mu},
            {"id": "contrastive-beta-1", "method": "contrastive", "beta": 1.0},
            {"id": "contrastive-beta-0.5", "method": "contrastive", "beta": 0.5},
            {"id": "extrapolation-mean", "method": "extrapolation", "lambda": lam, "aggregate": "mean"},
            {"id": "extrapolation-fixed", "method": "extrapolation", "lambda": LAMBDA_FIXED,
             "aggregate": f"fixed:{LAMBDA_FIXED}"}]


def decoded_logits(setting, zt, zp, mode):
    """The decoded logits of one position for one setting and mask mode."""
    method = setting["method"]
    if method == "off":
        return zp
    tm = sv_terms(zt, zp)
    minus_inf = torch.full_like(zp, -math.inf)
    if method == "contrastive":
        # the plausibility constraint is part of contrastive decoding: hard whatever the mode
        score = torch.log_softmax(zp, -1) - setting["beta"] * torch.log_softmax(zt, -1)
        return torch.where(tm["keep"], score, minus_inf)
    if method == "svdecode":
        direction, strength = tm["delta"], setting["mu"]
    elif method == "extrapolation":
        direction, strength = tm["lr"], setting["lambda"]      # d = log_softmax(z_phi) - log_softmax(z_theta)
    else:
        raise ValueError(method)
    if mode == "hard":
        return torch.where(tm["keep"], zp + strength * direction, minus_inf)
    if mode == "soft":
        return zp + strength * torch.where(tm["keep"], direction, torch.zeros_like(zp))
    if mode == "none":
        return zp + strength * direction
    raise ValueError(mode)


def check_decoding_identities(zt, zp, lam):
    """float64 identities the decoding formulas rest on (docs/method.md, "Decoding baselines")."""
    tm = sv_terms(zt, zp)
    # extrapolation along log-softmax differences is the issue's z_phi + lambda (z_phi - z_theta) up to a constant
    issue_form = zp + lam * (zp - zt)
    ours = decoded_logits({"method": "extrapolation", "lambda": lam}, zt, zp, "none")
    assert torch.allclose(torch.log_softmax(issue_form, -1), torch.log_softmax(ours, -1), rtol=0, atol=1e-10)
    # svdecode through the generic path equals the svdecode file's own soft / hard logits
    assert torch.equal(decoded_logits({"method": "svdecode", "mu": lam}, zt, zp, "soft"), soft_logits(zp, tm, lam))
    assert torch.equal(decoded_logits({"method": "svdecode", "mu": lam}, zt, zp, "hard"), hard_logits(zp, tm, lam))
    # contrastive with beta 1 is log p_phi - log p_theta on the kept tokens; its argmax is always kept
    cd = decoded_logits({"method": "contrastive", "beta": 1.0}, zt, zp, "hard")
    assert torch.allclose(cd[tm["keep"]], tm["lr"][tm["keep"]], rtol=0, atol=1e-12)
    assert bool(tm["keep"][argmax_first(cd)])


def strength_aggregates(vals, nums, dens):
    """Every aggregate of per-token strengths, as StrengthReportBuilder.Aggregates defines them.
    Returns (json, smallest relative distance of a value from the trimming boundary)."""
    n = len(vals)
    median = float(np.median(vals))
    tau = TRIM_SIGMAS * 1.4826 * float(np.median([abs(v - median) for v in vals]))
    inside = [v for v in vals if abs(v - median) <= tau]
    trimmed = float(np.mean(inside)) if inside else median
    boundary = min(abs(abs(v - median) - tau) for v in vals) / max(1.0, tau)
    return {"mean": r7(float(np.mean(vals))), "median": r7(median), "trimmed": r7(trimmed),
            "trimmed_tau": r7(tau), "trimmed_count": len(inside),
            "ratio": r7(sum(nums) / (sum(dens) + n * EPS)), "n_tokens": n,
            "frac_negative": r7(sum(1 for v in vals if v < 0) / n)}, boundary


def decoded_generate(pair, prompt, setting, n):
    """Hard-mask greedy over the decoded logits, both models fed every chosen token (KV-free)."""
    seq, gap, rel = list(prompt), math.inf, math.inf
    for _ in range(n):
        zt, zp = pair(seq)
        zt, zp = zt[-1], zp[-1]
        z = decoded_logits(setting, zt, zp, "hard")
        gap = min(gap, top_gap(z))
        if setting["method"] != "off":
            rel = min(rel, sv_terms(zt, zp)["keep_rel"])
        seq.append(argmax_first(z))
    return seq[len(prompt):], gap, rel


def choose_answer(scores, unsteered):
    """docs/method.md's hard-mask rule: the best score, ties by the unsteered (adapted) score; an item whose
    answers all score -inf is scored unsteered. Returns (index, all_masked)."""
    if all(s == -math.inf for s in scores):
        return int(np.argmax(unsteered)), True
    best = max(scores)
    tied = [i for i, s in enumerate(scores) if s == best]
    return max(tied, key=lambda i: (unsteered[i], -i)), False


def answer_scores(pair, settings, question, answer):
    """Per answer: gold_kept per token, smallest keep margin, and {id: {mode: summed log-prob}}."""
    zt, zp = pair(question + answer)
    kept, rel = [], math.inf
    sums = {s["id"]: {mode: 0.0 for mode in MASK_MODES} for s in settings}
    for j, y in enumerate(answer):
        t = len(question) - 1 + j
        tm = sv_terms(zt[t], zp[t])
        kept.append(int(bool(tm["keep"][y])))
        rel = min(rel, tm["keep_rel"])
        for s in settings:
            for mode in MASK_MODES:
                sums[s["id"]][mode] += float(torch.log_softmax(decoded_logits(s, zt[t], zp[t], mode), -1)[y])
    return kept, rel, sums


def least_likely_kept(pair, prompt, n):
    """A continuation that stays in the keep set without being the adapted model's first choice:
    at each step the kept token the adapted model finds least likely."""
    seq = list(prompt)
    for _ in range(n):
        zt, zp = pair(seq)
        tm = sv_terms(zt[-1], zp[-1])
        kept = [int(i) for i in torch.nonzero(tm["keep"]).reshape(-1)]
        seq.append(min(kept, key=lambda i: (float(tm["p"][i]), i)))
    return seq[len(prompt):]


def distinct_enough(values):
    """Smallest gap between finite values (inf when fewer than two are finite)."""
    finite = sorted(v for v in values if v > -math.inf)
    return min((b - a for a, b in zip(finite, finite[1:])), default=math.inf)


def decoding_doc(model, adapter, kind, rng):
    V, m, pair = model.vocab, Margins(), Pair(model, adapter)
    doc = pair_doc_header(model, adapter, kind)

    # -- calibration: teacher-forced, mu* along delta and lambda* along d for every target token ------
    while True:
        items = []
        for n_item, (lp_, lt) in enumerate(CALIBRATION_SHAPES):
            prompt, target, terms, rel = calibration_item(pair, rng, n_item, lp_, lt)
            mus = [ls_strength(tm, y, tm["delta"]) for tm, y in zip(terms, target)]
            lams = [ls_strength(tm, y, tm["lr"]) for tm, y in zip(terms, target)]
            items.append((prompt, target, terms, mus, lams, rel))
        mu_bar, mu_boundary = strength_aggregates(*(list(x) for x in zip(*[v for it in items for v in it[3]])))
        lam_bar, lam_boundary = strength_aggregates(*(list(x) for x in zip(*[v for it in items for v in it[4]])))
        if min(mu_boundary, lam_boundary) >= TRIM_REL_GAP:
            break
    m.keep_rel = min(m.keep_rel, min(it[5] for it in items))
    doc["calibration"] = {
        "items": [{"prompt_ids": prompt, "target_ids": target, "n_keep": [int(tm["keep"].sum()) for tm in terms],
                   "mu": [r7(v[0]) for v in mus], "mu_num": [r7(v[1]) for v in mus], "mu_den": [r7(v[2]) for v in mus],
                   "lambda": [r7(v[0]) for v in lams], "lambda_num": [r7(v[1]) for v in lams],
                   "lambda_den": [r7(v[2]) for v in lams]}
                  for prompt, target, terms, mus, lams, _ in items],
        "mu_bar": mu_bar, "lambda_bar": lam_bar}
    mu, lam = mu_bar["mean"], lam_bar["mean"]   # as stored: every decoded output below uses exactly these
    doc["mu_bar_used"], doc["lambda_bar_used"], doc["lambda_fixed"] = mu, lam, LAMBDA_FIXED
    settings = decoding_settings(mu, lam)
    doc["settings"] = settings

    # -- contexts: log_softmax of the decoded logits at the last position ------------------------
    doc["contexts"] = []
    for L in (4, 8, 12):
        ctx, zt, zp, tm = sample_context(pair, rng, L)
        check_decoding_identities(zt, zp, lam)
        m.keep_rel = min(m.keep_rel, tm["keep_rel"])
        doc["contexts"].append({
            "context_ids": ctx, "z_theta": floats(zt), "z_phi": floats(zp),
            "keep": [int(b) for b in tm["keep"].tolist()], "n_keep": int(tm["keep"].sum()),
            "log_softmax": {s["id"]: {mode: floats(torch.log_softmax(decoded_logits(s, zt, zp, mode), -1))
                                      for mode in MASK_MODES} for s in settings}})

    # -- hard-mask greedy of every setting on the same prompts ------------------------------------
    doc["greedy"] = []
    for L in (5, 6):
        while True:
            prompt = sample_ids(rng, V, L)
            runs = {s["id"]: decoded_generate(pair, prompt, s, 8) for s in settings}
            ok = all(g >= ARGMAX_GAP and r >= KEEP_REL_GAP and 0 not in out for out, g, r in runs.values())
            # at least one baseline must leave the adapted model's own greedy path, or the test shows nothing
            if ok and any(out != runs["off"][0] for out, _, _ in runs.values()):
                break
        for out, g, r in runs.values():
            m.argmax_gap = min(m.argmax_gap, g)
            m.keep_rel = min(m.keep_rel, r)
        doc["greedy"].append({"prompt_ids": prompt, "max_new_tokens": 8, "mode": "hard",
                              "output_ids": {k: v[0] for k, v in runs.items()}})

    # -- multiple choice, teacher-forced ----------------------------------------------------------
    questions = []
    for n_q in range(3):
        while True:
            q = sample_ids(rng, V, 6)
            answers = [sample_ids(rng, V, int(rng.integers(2, 5))) for _ in range(4)]
            if n_q < 2:
                answers[0] = adapted_greedy(pair, q, 3)[0]
                answers[1] = least_likely_kept(pair, q, 3)
            scored = [answer_scores(pair, settings, q, a) for a in answers]
            kept = [sc[0] for sc in scored]
            dropped = [0 in k for k in kept]
            # questions 0 and 1 rank two answers finite under every hard mask against -inf ones;
            # question 2 has only -inf answers under the hard mask, so it is scored unsteered
            shape_ok = (not any(dropped[:2]) and any(dropped[2:])) if n_q < 2 else all(dropped)
            rel = min(sc[1] for sc in scored)
            gaps = [distinct_enough([sc[2][s["id"]][mode] for sc in scored]) for s in settings for mode in MASK_MODES]
            if shape_ok and rel >= KEEP_REL_GAP and min(gaps) >= SCORE_GAP and not any(0 in a for a in answers):
                break
        m.keep_rel = min(m.keep_rel, rel)
        m.score_gap = min(m.score_gap, min(gaps))
        unsteered = [sc[2]["off"]["none"] for sc in scored]
        entry = {"question_ids": q, "answers": answers, "gold_kept": kept, "scores": {}, "chosen": {}, "all_masked": {}}
        for s in settings:
            sid = s["id"]
            entry["scores"][sid] = {mode: [r7(sc[2][sid][mode]) for sc in scored] for mode in MASK_MODES}
            picks = {mode: choose_answer([sc[2][sid][mode] for sc in scored], unsteered) for mode in MASK_MODES}
            entry["chosen"][sid] = {mode: p[0] for mode, p in picks.items()}
            entry["all_masked"][sid] = {mode: p[1] for mode, p in picks.items()}
        questions.append(entry)
    doc["multiple_choice"] = {
        "scoring": "sum over answer tokens of log_softmax(decoded logits)[gold], teacher-forced after question_ids",
        "questions": questions}
    doc["min_margins"] = m.as_json()
    return doc


# ----------------------------------------------------------------------------------------------
# float32 replay: reload every written file and recompute in float32, as the C# code will
# ----------------------------------------------------------------------------------------------

class Replay:
    """Compares float32 recomputations with the expected JSON under the shared tolerances."""

    def __init__(self):
        self.worst = {}

    def close(self, what, got, want, atol, rtol=0.0):
        got = torch.as_tensor(got, dtype=torch.float64).reshape(-1)
        want = torch.tensor([{"-Infinity": -math.inf, "Infinity": math.inf}.get(v, v) if isinstance(v, str) else v
                             for v in np.ravel(np.array(want, dtype=object))], dtype=torch.float64)
        inf = torch.isinf(want)
        assert torch.equal(torch.isinf(got), inf) and torch.equal(got[inf], want[inf]), what
        diff = (got[~inf] - want[~inf]).abs()
        excess = float((diff - (atol + rtol * want[~inf].abs())).max()) if diff.numel() else -1.0
        assert excess <= 0, f"{what}: float32 replay off by {float(diff.max())}"
        if diff.numel():
            self.worst[what] = max(self.worst.get(what, 0.0), float(diff.max()))

    @staticmethod
    def same(what, got, want):
        assert list(got) == list(want), f"{what}: {got} != {want}"


def load_model(name):
    folder = os.path.join(OUT, "models", name)
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    w = {}
    for fn in sorted(os.listdir(folder)):
        if fn.endswith(".safetensors"):
            w.update({k: v.to(torch.float32) for k, v in read_safetensors(os.path.join(folder, fn)).items()})
    return Model(name, cfg, w, "gpt2" if cfg["model_type"] == "gpt2" else "llama")


def load_adapter(folder):
    with open(os.path.join(folder, "adapter_config.json")) as f:
        cfg = json.load(f)
    t = {k: v.to(torch.float32) for k, v in read_safetensors(os.path.join(folder, "adapter_model.safetensors")).items()}
    return Adapter(cfg["peft_type"], cfg, t)


def replay_forward(rp, model, adapter, doc):
    for s in doc["sequences"]:
        lg = single_logits(model, s["input_ids"], adapter)
        rp.close("last3_logits", lg[-3:], s["last3_logits"], 1e-4)
        rp.same("argmax", [argmax_first(r) for r in lg], s["argmax"])
    for pb in doc["padded_batches"]:
        lg = model.logits(torch.tensor(pb["input_ids"]), torch.tensor(pb["attention_mask"]), adapter)
        for b, row in enumerate(pb["rows"]):
            rp.close("padded last3_logits", lg[b, row["last3_positions"]], row["last3_logits"], 1e-4)
            rp.same("padded argmax", [argmax_first(lg[b, t]) if m else -1
                                      for t, m in enumerate(pb["attention_mask"][b])], row["argmax"])
    for g in doc["greedy"]:
        rp.same("greedy", greedy(model, g["prompt_ids"], g["max_new_tokens"], adapter)[0], g["output_ids"])
    for ll in doc["loglik"]:
        ctx, cont = ll["context_ids"], ll["continuation_ids"]
        lp = torch.log_softmax(single_logits(model, ctx + cont, adapter), -1)
        rp.close("token_logprobs", [lp[len(ctx) - 1 + j, y] for j, y in enumerate(cont)], ll["token_logprobs"], 1e-4)
    for s, v in zip(doc["sequences"], doc.get("variant_prefix_positions_zero", {}).get("sequences", [])):
        rp.close("prefix zero last3_logits", single_logits(model, s["input_ids"], adapter, "zero")[-3:], v["last3_logits"], 1e-4)


def replay_svdecode(rp, model, adapter, doc):
    pair, mu = Pair(model, adapter), doc["mu_bar_used"]
    for it in doc["calibration"]["items"]:
        zt, zp = pair(it["prompt_ids"] + it["target_ids"])
        n = len(it["prompt_ids"])
        terms = [sv_terms(zt[n - 1 + j], zp[n - 1 + j]) for j in range(len(it["target_ids"]))]
        rp.close("mu*", [mu_star(tm, y)[0] for tm, y in zip(terms, it["target_ids"])], it["mu"], 1e-4, 1e-3)
        rp.same("n_keep", [int(tm["keep"].sum()) for tm in terms], it["n_keep"])
    for c in doc["contexts"]:
        zt, zp = pair(c["context_ids"])
        tm = sv_terms(zt[-1], zp[-1])
        rp.close("z_theta", zt[-1], c["z_theta"], 1e-4)
        rp.close("z_phi", zp[-1], c["z_phi"], 1e-4)
        rp.close("delta", tm["delta"], c["delta"], 1e-5)
        rp.close("kl", [tm["kl"]], [c["kl"]], 1e-5)
        rp.close("steered_soft", soft_logits(zp[-1], tm, mu), c["steered_soft"], 1e-4)
        rp.same("keep", [int(b) for b in tm["keep"].tolist()], c["keep"])
        rp.same("argmax_hard", [argmax_first(hard_logits(zp[-1], tm, mu))], [c["argmax_hard"]])
    for g in doc["steered_greedy"] + doc["steered_greedy_fixed_mu"]:
        out, steps, _, _ = steered_generate(pair, g["prompt_ids"], g["mu"], g["max_new_tokens"])
        rp.same("steered greedy", out, g["output_ids"])
        rp.same("steered steps", [json.dumps(s) for s in steps], [json.dumps(s) for s in g["steps"]])
    for ll in doc["steered_loglik"]:
        ctx, cont = ll["context_ids"], ll["continuation_ids"]
        zt, zp = pair(ctx + cont)
        got = {"gold_kept": [], "adapted": [], "soft": [], "hard": []}
        for j, y in enumerate(cont):
            t = len(ctx) - 1 + j
            tm = sv_terms(zt[t], zp[t])
            got["gold_kept"].append(int(bool(tm["keep"][y])))
            got["adapted"].append(float(torch.log_softmax(zp[t], -1)[y]))
            got["soft"].append(float(torch.log_softmax(soft_logits(zp[t], tm, mu), -1)[y]))
            got["hard"].append(float(torch.log_softmax(hard_logits(zp[t], tm, mu), -1)[y]))
        rp.same("gold_kept", got["gold_kept"], ll["gold_kept"])
        rp.close("adapted_logprobs", got["adapted"], ll["adapted_logprobs"], 1e-4)
        rp.close("soft_logprobs", got["soft"], ll["soft_logprobs"], 1e-4)
        rp.close("hard_logprobs", got["hard"], ll["hard_logprobs"], 1e-4)
    mc = doc["truthfulqa_mc"]
    for qi, q in enumerate(mc["questions"]):
        for variant in ("base", "adapted", "steered_soft"):
            scores = []
            for a in q["mc2_targets"]["answers"]:
                zt, zp = pair(q["question_ids"] + a)
                total = 0.0
                for j, y in enumerate(a):
                    t = len(q["question_ids"]) - 1 + j
                    z = {"base": zt[t], "adapted": zp[t]}.get(variant)
                    if z is None:
                        z = soft_logits(zp[t], sv_terms(zt[t], zp[t]), mu)
                    total += float(torch.log_softmax(z, -1)[y])
                scores.append(total)
            want = mc["results"][variant]["per_question"][qi]
            rp.close("mc scores", scores, want["mc2_scores"], 1e-4)
            v1, v2, v3, _ = mc_metrics([scores[0], scores[3], scores[4], scores[5]], scores, q["mc2_targets"]["labels"])
            rp.same("MC1/MC3", [v1, r7(v3)], [want["MC1"], want["MC3"]])
            rp.close("MC2", [v2], [want["MC2"]], 1e-5)


def replay_decoding(rp, model, adapter, doc):
    pair = Pair(model, adapter)
    settings = doc["settings"]
    vals = {"mu": [], "mu_num": [], "mu_den": [], "lambda": [], "lambda_num": [], "lambda_den": []}
    for it in doc["calibration"]["items"]:
        zt, zp = pair(it["prompt_ids"] + it["target_ids"])
        n = len(it["prompt_ids"])
        terms = [sv_terms(zt[n - 1 + j], zp[n - 1 + j]) for j in range(len(it["target_ids"]))]
        mus = [ls_strength(tm, y, tm["delta"]) for tm, y in zip(terms, it["target_ids"])]
        lams = [ls_strength(tm, y, tm["lr"]) for tm, y in zip(terms, it["target_ids"])]
        rp.close("decoding mu*", [v[0] for v in mus], it["mu"], 1e-4, 1e-3)
        rp.close("lambda*", [v[0] for v in lams], it["lambda"], 1e-4, 1e-3)
        rp.same("decoding n_keep", [int(tm["keep"].sum()) for tm in terms], it["n_keep"])
        for key, src in (("mu", mus), ("lambda", lams)):
            vals[key] += [v[0] for v in src]
            vals[key + "_num"] += [v[1] for v in src]
            vals[key + "_den"] += [v[2] for v in src]
    for key in ("mu", "lambda"):
        got, _ = strength_aggregates(vals[key], vals[key + "_num"], vals[key + "_den"])
        want = doc["calibration"][key + "_bar"]
        for name in ("mean", "median", "trimmed", "trimmed_tau", "ratio"):
            rp.close(f"{key}_bar {name}", [got[name]], [want[name]], 1e-4, 1e-3)
        rp.same(f"{key}_bar counts", [got["trimmed_count"], got["n_tokens"], got["frac_negative"]],
                [want["trimmed_count"], want["n_tokens"], want["frac_negative"]])
    for c in doc["contexts"]:
        zt, zp = pair(c["context_ids"])
        rp.same("decoding keep", [int(b) for b in sv_terms(zt[-1], zp[-1])["keep"].tolist()], c["keep"])
        for s in settings:
            for mode in MASK_MODES:
                rp.close("decoded log_softmax", torch.log_softmax(decoded_logits(s, zt[-1], zp[-1], mode), -1),
                         c["log_softmax"][s["id"]][mode], 1e-4)
    for g in doc["greedy"]:
        for s in settings:
            out, _, _ = decoded_generate(pair, g["prompt_ids"], s, g["max_new_tokens"])
            rp.same("decoded greedy " + s["id"], out, g["output_ids"][s["id"]])
    for q in doc["multiple_choice"]["questions"]:
        scored = [answer_scores(pair, settings, q["question_ids"], a) for a in q["answers"]]
        rp.same("mc gold_kept", [json.dumps(sc[0]) for sc in scored], [json.dumps(k) for k in q["gold_kept"]])
        unsteered = [sc[2]["off"]["none"] for sc in scored]
        for s in settings:
            for mode in MASK_MODES:
                got = [sc[2][s["id"]][mode] for sc in scored]
                rp.close("decoded mc scores", got, q["scores"][s["id"]][mode], 1e-4)
                pick, masked = choose_answer(got, unsteered)
                rp.same("decoded mc chosen", [pick, masked],
                        [q["chosen"][s["id"]][mode], q["all_masked"][s["id"]][mode]])


def replay_all():
    rp = Replay()
    torch.set_default_dtype(torch.float32)
    try:
        for name in model_specs():
            with open(os.path.join(OUT, "expected", f"{name}.json")) as f:
                replay_forward(rp, load_model(name), None, json.load(f))
        model = load_model("ref-llama")
        for kind in ADAPTER_SEEDS:
            adapter = load_adapter(os.path.join(OUT, "adapters", f"ref-llama-{kind}"))
            with open(os.path.join(OUT, "expected", f"ref-llama-{kind}.json")) as f:
                replay_forward(rp, model, adapter, json.load(f))
            with open(os.path.join(OUT, "expected", f"svdecode-ref-llama-{kind}.json")) as f:
                replay_svdecode(rp, model, adapter, json.load(f))
            with open(os.path.join(OUT, "expected", f"decoding-ref-llama-{kind}.json")) as f:
                replay_decoding(rp, model, adapter, json.load(f))
    finally:
        torch.set_default_dtype(torch.float64)
    return rp.worst


# ----------------------------------------------------------------------------------------------
# Self-checks of the building blocks against their textbook formulas
# ----------------------------------------------------------------------------------------------

def self_check():
    gen = torch.Generator().manual_seed(7)
    x = normal(gen, 5, 8)
    # gelu_new against torch's tanh-approximate GELU and a scalar evaluation of the formula
    assert torch.allclose(gelu_new(x), F.gelu(x, approximate="tanh"), rtol=0, atol=1e-12)
    v = 0.7
    assert abs(float(gelu_new(torch.tensor(v))) - 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v ** 3)))) < 1e-15
    # RMSNorm against a per-row scalar loop
    w = normal(gen, 8)
    got = rms_norm(x, w, 1e-5)
    for r in range(5):
        s = math.sqrt(sum(float(e) ** 2 for e in x[r]) / 8 + 1e-5)
        assert all(abs(float(got[r, c]) - float(w[c]) * float(x[r, c]) / s) < 1e-12 for c in range(8))
    # LayerNorm against torch's
    b = normal(gen, 8)
    assert torch.allclose(layer_norm(x, w, b, 1e-5), F.layer_norm(x, (8,), w, b, 1e-5), rtol=0, atol=1e-12)
    # rotate_half: (x1, x2) -> (-x2, x1)
    assert rotate_half(torch.tensor([1.0, 2.0, 3.0, 4.0])).tolist() == [-3.0, -4.0, 1.0, 2.0]
    # our bf16 rounding against torch's round-to-nearest-even conversion
    y = normal(gen, 1000) * 10
    assert torch.equal(to_bf16(y), y.to(torch.float32).to(torch.bfloat16).to(torch.float64))
    # safetensors writer round trip, F32 and BF16
    tmp = os.path.join(OUT, ".selfcheck.safetensors")
    for dt, conv in (("F32", to_f32), ("BF16", to_bf16)):
        t = {"b.w": normal(gen, 3, 5), "a": normal(gen, 7)}
        write_safetensors(tmp, t, dt)
        with open(tmp, "rb") as f:
            n = struct.unpack("<Q", f.read(8))[0]
        assert (8 + n) % 8 == 0
        back = read_safetensors(tmp)
        assert set(back) == set(t) and all(torch.equal(back[k], conv(t[k])) for k in t)
    os.remove(tmp)


# ----------------------------------------------------------------------------------------------

def main():
    self_check()
    readme_rows = []
    for name in model_specs():
        model = build_model(name)
        save_model(model)
        # the stored files must read back to exactly the weights the expected values use
        folder = os.path.join(OUT, "models", name)
        back = {}
        for f in sorted(os.listdir(folder)):
            if f.endswith(".safetensors"):
                back.update(read_safetensors(os.path.join(folder, f)))
        assert set(back) == set(model.w) and all(torch.equal(back[k], model.w[k]) for k in back), name
        rng = np.random.default_rng(model_specs()[name][2] + 500)
        doc, _ = expected_forward(model, rng, model_dir=f"models/{name}")
        write_json(os.path.join(OUT, "expected", f"{name}.json"), doc)
        print(f"{name}: argmax_gap {doc['min_margins']['argmax_gap']}", file=sys.stderr)

    model = build_model("ref-llama")
    for kind in ADAPTER_SEEDS:
        adapter = make_adapter(model, kind)
        rng = np.random.default_rng(ADAPTER_SEEDS[kind] + 500)
        check_adapter(model, adapter, rng)
        save_adapter(adapter, os.path.join(OUT, "adapters", f"ref-llama-{kind}"))
        doc, seqs = expected_forward(model, rng, adapter, model_dir="models/ref-llama",
                                     adapter_dir=f"adapters/ref-llama-{kind}")
        if adapter.kind == "PREFIX_TUNING":
            doc["variant_prefix_positions_zero"] = {
                "note": "same sequences, real-token positions starting at 0",
                "sequences": [{"last3_logits": [floats(r) for r in single_logits(model, ids, adapter, "zero")[-3:]]}
                              for ids in seqs]}
        write_json(os.path.join(OUT, "expected", f"ref-llama-{kind}.json"), doc)
        sv = svdecode_doc(model, adapter, kind, rng)
        write_json(os.path.join(OUT, "expected", f"svdecode-ref-llama-{kind}.json"), sv)
        print(f"ref-llama-{kind}: {doc['min_margins']} svdecode {sv['min_margins']} mu_bar {sv['mu_bar_used']}",
              file=sys.stderr)
        # a fresh stream, so the files above stay what they were before the decoding baselines existed
        dec = decoding_doc(model, adapter, kind, np.random.default_rng(ADAPTER_SEEDS[kind] + 700))
        write_json(os.path.join(OUT, "expected", f"decoding-ref-llama-{kind}.json"), dec)
        print(f"decoding-ref-llama-{kind}: {dec['min_margins']} mu_bar {dec['mu_bar_used']} "
              f"lambda_bar {dec['lambda_bar_used']}", file=sys.stderr)

    worst = replay_all()
    print("float32 replay passed; largest differences: "
          + ", ".join(f"{k} {v:.2g}" for k, v in sorted(worst.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
