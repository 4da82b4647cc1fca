#!/usr/bin/python3
"""PyTorch eager peer for `svdecode-eval bench --peer pytorch`.

Loads the same Hugging Face folders (config.json + model.safetensors: Llama, Mistral or Qwen2 shapes, float32 or
bfloat16) with a small safetensors reader, runs the measurements the request names that it has a counterpart for
(prefill, decode, multiple-choice scoring) on the same shapes, in each model's dtype, and prints {"figures": [...],
"machine": {...}, "not_measured": [...]} as JSON on stdout, with figure names equal to the .NET ones so the tool can
report ratios, and the CPU, BLAS library and BLAS kernel it ran with. Progress goes to stderr. The tool starts it
without OpenBLAS's tuning overrides (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE, ...) so that OpenBLAS picks its own best
kernel for the CPU.

Usage: /usr/bin/python3 bench.py --request <file written by svdecode-eval bench>
       /usr/bin/python3 bench.py --logits <folder> --ids 5,17,3 [--split 2] [--dtype bfloat16]   (the agreement check)
Needs Debian's python3-torch and libopenblas0-pthread (without OpenBLAS torch falls back to the reference BLAS,
~70x slower, which would be an unfair comparison; the script says which BLAS it got).
"""
import argparse
import ctypes
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn.functional as F


def log(message):
    print(f"{message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- safetensors

SAFETENSORS_DTYPES = {"F32": torch.float32, "BF16": torch.bfloat16, "F16": torch.float16}
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def read_safetensors(path):
    """name -> tensor in its stored dtype (F32, BF16 or F16). The file is read once into a writable buffer and the
    tensors are views into it (no second copy; torch.frombuffer reads bfloat16, which numpy has no type for)."""
    with open(path, "rb") as f:
        data = bytearray(os.fstat(f.fileno()).st_size)      # read straight into it: bytearray(f.read()) would hold 2 copies
        f.readinto(data)
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = SAFETENSORS_DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name}: dtype {info['dtype']}; this peer reads {', '.join(SAFETENSORS_DTYPES)}")
        start, end = info["data_offsets"]
        count = (end - start) // torch.tensor([], dtype=dtype).element_size()
        flat = torch.frombuffer(data, dtype=dtype, count=count, offset=base + start) if count else torch.empty(0, dtype=dtype)
        tensors[name] = flat.view(*info["shape"])
    return tensors


# ---------------------------------------------------------------- the model (HF Llama / Mistral / Qwen2, eager)

class LlamaFamily:
    """A Llama-family decoder as Hugging Face's eager code computes it, written here from the architecture: grouped-query
    attention (n_kv <= n_heads, query head h reads kv head h // (n_heads / n_kv)), whatever projection biases the file
    holds (Qwen2's q/k/v biases, attention_bias), a head tied to the embeddings when lm_head.weight is absent, rope_theta
    and rms_norm_eps. Runs in the weights' dtype: RMSNorm in float32 cast back, rotary cos/sin made in float32 and cast,
    attention scores and softmax in float32 cast back before the product with v, as HF does for bfloat16."""

    def __init__(self, directory, dtype=None):
        config_path = f"{directory}/config.json"
        with open(config_path) as f:
            c = json.load(f)
        if c.get("rope_scaling"):
            raise ValueError(f"{config_path}: rope_scaling {c['rope_scaling']!r}: this peer implements unscaled rotary embeddings only")
        self.hidden = c["hidden_size"]
        self.layers = c["num_hidden_layers"]
        self.heads = c["num_attention_heads"]
        self.kv_heads = c.get("num_key_value_heads") or self.heads
        self.head_dim = c.get("head_dim") or self.hidden // self.heads
        self.eps = c.get("rms_norm_eps", 1e-6)
        self.w = read_safetensors(f"{directory}/model.safetensors")
        if dtype is not None:
            # As from_pretrained(torch_dtype=...) does: weights stored in another dtype are converted at load.
            self.w = {n: t if t.dtype == dtype else t.to(dtype) for n, t in self.w.items()}
        self.dtype = self.w["model.embed_tokens.weight"].dtype
        self.head = self.w.get("lm_head.weight", self.w["model.embed_tokens.weight"])
        self.vocab = self.head.shape[0]
        theta = c.get("rope_theta", 10000.0)
        exponents = torch.arange(0, self.head_dim, 2, dtype=torch.float64) / self.head_dim
        self.inv_freq = (1.0 / theta ** exponents).to(torch.float32)

    def linear(self, x, name):
        return F.linear(x, self.w[name + ".weight"], self.w.get(name + ".bias"))

    def rms(self, x, weight):
        x32 = x.to(torch.float32)
        return weight * (x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype)

    def rope(self, x, cos, sin):
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
        return x * cos + rotated * sin

    def forward(self, ids, positions, key_mask, cache=None):
        """ids, positions (B, T); key_mask (B, S) bool over all slots incl. cached; cache: list of (k, v) or None.
        Returns logits (B, T, V) and the new cache (k, v per layer, n_kv heads each)."""
        b, t = ids.shape
        x = F.embedding(ids, self.w["model.embed_tokens.weight"])                            # (B, T, C)
        freqs = positions.to(torch.float32).unsqueeze(-1) * self.inv_freq                    # (B, T, hs/2)
        angles = torch.cat([freqs, freqs], -1).unsqueeze(1)                                  # (B, 1, T, hs)
        cos, sin = angles.cos().to(self.dtype), angles.sin().to(self.dtype)
        s = key_mask.shape[1]
        query_slot = torch.arange(s - t, s).unsqueeze(1)                                      # (T, 1)
        allowed = (torch.arange(s).unsqueeze(0) <= query_slot).unsqueeze(0).unsqueeze(0) & key_mask[:, None, None, :]  # (B, 1, T, S)
        groups = self.heads // self.kv_heads
        scale = 1.0 / math.sqrt(self.head_dim)
        new_cache = []
        for i in range(self.layers):
            p = f"model.layers.{i}."
            h = self.rms(x, self.w[p + "input_layernorm.weight"])
            q = self.linear(h, p + "self_attn.q_proj").view(b, t, self.heads, self.head_dim).transpose(1, 2)
            k = self.linear(h, p + "self_attn.k_proj").view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            v = self.linear(h, p + "self_attn.v_proj").view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            q, k = self.rope(q, cos, sin), self.rope(k, cos, sin)
            if cache is not None:
                k = torch.cat([cache[i][0], k], 2)                                           # (B, nkv, S, hs)
                v = torch.cat([cache[i][1], v], 2)
            new_cache.append((k, v))
            if groups > 1:
                k, v = k.repeat_interleave(groups, 1), v.repeat_interleave(groups, 1)         # (B, nh, S, hs)
            scores = (q @ k.transpose(-2, -1)).to(torch.float32) * scale                     # (B, nh, T, S)
            scores = scores.masked_fill(~allowed, -3.0e38)
            y = scores.softmax(-1).to(self.dtype) @ v                                        # (B, nh, T, hs)
            y = y.transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
            x = x + self.linear(y, p + "self_attn.o_proj")
            h = self.rms(x, self.w[p + "post_attention_layernorm.weight"])
            gate = self.linear(h, p + "mlp.gate_proj")
            up = self.linear(h, p + "mlp.up_proj")
            x = x + self.linear(F.silu(gate) * up, p + "mlp.down_proj")
        x = self.rms(x, self.w["model.norm.weight"])
        return F.linear(x, self.head), new_cache

    def matmul_parameters(self):
        """The tool's count: every projection and the head (the embedding table itself when tied)."""
        return sum(t.numel() for n, t in self.w.items() if n.endswith("proj.weight")) + self.head.numel()


# ---------------------------------------------------------------- measurements

WARM_UP_SECONDS = 0.0


def median_of(sample, iterations, warm_up=None):
    """Median of the timed samples after a warm-up: warm_up() if given (a few tokens or steps of the same work,
    the tool's convention), else one untimed sample; repeated until the request's warm-up time has passed."""
    start = time.perf_counter()
    while True:
        (warm_up or sample)()
        if time.perf_counter() - start >= WARM_UP_SECONDS:
            break
    times = sorted(sample() for _ in range(max(1, iterations)))
    mid = len(times) // 2
    return times[mid] if len(times) % 2 else (times[mid - 1] + times[mid]) / 2


def timed(action):
    def sample():
        start = time.perf_counter()
        action()
        return time.perf_counter() - start
    return sample


def resident(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def blas_library():
    torch.randn(64, 64) @ torch.randn(64, 64)
    with open("/proc/self/maps") as f:
        libraries = {line.split()[-1] for line in f if "blas" in line.lower()}
    return ", ".join(sorted(libraries)) or "none found"


def blas_kernel(libraries):
    """OpenBLAS's own account of the kernel it picked for this CPU ("Zen", "SkylakeX", "Haswell") and its build."""
    for path in libraries.split(", "):
        if "openblas" in path.lower():
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_corename.restype = ctypes.c_char_p
                lib.openblas_get_config.restype = ctypes.c_char_p
                return f"{lib.openblas_get_corename().decode()} ({lib.openblas_get_config().decode().strip()})"
            except (OSError, AttributeError):
                return "unknown (OpenBLAS without openblas_get_corename)"
    return "not OpenBLAS"


KERNEL_FLAGS = ["avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16"]


def cpu():
    """Model, vendor and kernel-relevant flags as this process sees them (/proc/cpuinfo), as the .NET side reports them."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    flags = set(fields.get("flags", "").split())
    return {"cpu": fields.get("model name", "unknown"), "cpu_vendor": fields.get("vendor_id", "unknown"),
            "cpu_flags": " ".join(f for f in KERNEL_FLAGS if f in flags)}


def prefill(model, batch, tokens, generator):
    ids = torch.randint(3, model.vocab, (batch, tokens), generator=generator)
    positions = torch.arange(tokens).unsqueeze(0).expand(batch, -1)
    key_mask = torch.ones(batch, tokens, dtype=torch.bool)
    return lambda: model.forward(ids, positions, key_mask)


def decode_sample(model, prompts, steps):
    def sample():
        b, p = prompts.shape
        logits, cache = model.forward(prompts, torch.arange(p).unsqueeze(0).expand(b, -1), torch.ones(b, p, dtype=torch.bool))
        start = time.perf_counter()
        for i in range(steps):
            nxt = logits[:, -1].argmax(-1, keepdim=True)                                     # (B, 1)
            key_mask = torch.ones(b, p + i + 1, dtype=torch.bool)
            logits, cache = model.forward(nxt, torch.full((b, 1), p + i), key_mask, cache)
        return time.perf_counter() - start
    return sample


def score_shared(model, items):
    """Per item: the context once, its cache expanded to every answer, the answers teacher-forced right-padded."""
    for item in items:
        ctx = torch.tensor([item["context"]])
        tc = ctx.shape[1]
        logits, cache = model.forward(ctx, torch.arange(tc).unsqueeze(0), torch.ones(1, tc, dtype=torch.bool))
        answers = item["answers"]
        n, width = len(answers), max(len(a) for a in answers)
        ids = torch.zeros(n, width, dtype=torch.long)
        mask = torch.zeros(n, width, dtype=torch.bool)
        for r, a in enumerate(answers):
            ids[r, :len(a)] = torch.tensor(a)
            mask[r, :len(a)] = True
        cache = [(k.expand(n, -1, -1, -1), v.expand(n, -1, -1, -1)) for k, v in cache]
        key_mask = torch.cat([torch.ones(n, tc, dtype=torch.bool), mask], 1)
        after, _ = model.forward(ids, tc + torch.arange(width).unsqueeze(0).expand(n, -1), key_mask, cache)
        predicting = torch.cat([logits[:, -1:].expand(n, -1, -1), after[:, :-1]], 1)        # (n, L, V)
        # float32 log-probabilities, as an eager user takes them (float64 over (n, L, V) is hundreds of MiB at a 152k vocabulary)
        picked = predicting.float().log_softmax(-1).gather(2, ids.unsqueeze(2)).squeeze(2)
        _ = (picked * mask).sum(1)


def score_per_answer(model, items):
    """One forward of context + answer per answer: what scoring without context reuse costs."""
    for item in items:
        for a in item["answers"]:
            ids = torch.tensor([item["context"] + a])
            t = ids.shape[1]
            logits, _ = model.forward(ids, torch.arange(t).unsqueeze(0), torch.ones(1, t, dtype=torch.bool))
            lp = logits[0, len(item["context"]) - 1:-1].float().log_softmax(-1)
            _ = lp.gather(1, torch.tensor(a).unsqueeze(1)).sum()


# What the peer has a counterpart for; the tool's other measurements (steered_scoring, steered_decode, warm_start)
# steer or train the model through this project's own code, which eager PyTorch has no equivalent of.
PEER_MEASUREMENTS = ("prefill", "decode", "scoring")


def measure_model(spec, request, iterations, add):
    name = spec["name"]
    measurements = request.get("measurements", list(PEER_MEASUREMENTS))
    dtype = DTYPES[spec["dtype"]] if "dtype" in spec else None   # None: the file's own
    log(f"{name}: load ({spec.get('dtype', 'the file dtype')})")
    reset_peak()
    before = resident("VmRSS:")
    start = time.perf_counter()
    model = LlamaFamily(spec["directory"], dtype)
    add(f"{name}.load.seconds", time.perf_counter() - start, "s")
    add(f"{name}.load.peak_rss_increase", (resident("VmHWM:") - before) / 2 ** 20, "MiB")
    generator = torch.Generator().manual_seed(request["seed"])
    matmul_params = model.matmul_parameters()

    if "prefill" in measurements:
        log(f"{name}: prefill")
        reset_peak()
        for batch, tokens in request["prefill_shapes"]:
            warm = prefill(model, 1, min(tokens, 16), generator)
            seconds = median_of(timed(prefill(model, batch, tokens, generator)), iterations, warm)
            add(f"{name}.prefill.{batch}x{tokens}.tokens_per_s", batch * tokens / seconds, "tokens/s")
            add(f"{name}.prefill.{batch}x{tokens}.gflops", 2.0 * matmul_params * batch * tokens / seconds / 1e9, "GFLOP/s")
        add(f"{name}.prefill.peak_rss", resident("VmHWM:") / 2 ** 20, "MiB")

    if "decode" in measurements:
        log(f"{name}: decode")
        reset_peak()
        for batch in request["decode_batches"]:
            prompts = torch.randint(3, model.vocab, (batch, request["decode_prompt_tokens"]), generator=generator)
            seconds = median_of(decode_sample(model, prompts, request["decode_steps"]), iterations, decode_sample(model, prompts, 2))
            add(f"{name}.decode.batch{batch}.tokens_per_s", batch * request["decode_steps"] / seconds, "tokens/s")
        add(f"{name}.decode.peak_rss", resident("VmHWM:") / 2 ** 20, "MiB")

    if "scoring" in measurements:
        log(f"{name}: scoring")
        reset_peak()
        items = spec["scoring_items"]
        count = sum(len(i["answers"]) for i in items)
        shared = median_of(timed(lambda: score_shared(model, items)), iterations, lambda: score_shared(model, items[:1]))
        add(f"{name}.scoring.shared_context.requests_per_s", count / shared, "requests/s")
        if request.get("score_per_answer", True):
            # One pass of ~50 forwards, warmed up by the shared passes: the same sampling as the tool's.
            separate = median_of(timed(lambda: score_per_answer(model, items)), 1, lambda: None)
            add(f"{name}.scoring.per_answer.requests_per_s", count / separate, "requests/s")
        add(f"{name}.scoring.peak_rss", resident("VmHWM:") / 2 ** 20, "MiB")


def print_logits(directory, dtype, ids, split):
    """For checking this model against the tool's: logits (T, V) as float32 of one row of ids, the first `split`
    tokens run without a cache and the rest through the cache they leave (so the cached path is checked too)."""
    with torch.no_grad():
        model = LlamaFamily(directory, DTYPES[dtype] if dtype else None)
        ids = torch.tensor([ids])
        t = ids.shape[1]
        first, cache = model.forward(ids[:, :split], torch.arange(split).unsqueeze(0), torch.ones(1, split, dtype=torch.bool))
        rest, _ = model.forward(ids[:, split:], torch.arange(split, t).unsqueeze(0), torch.ones(1, t, dtype=torch.bool), cache)
        logits = torch.cat([first, rest], 1)[0].to(torch.float32)
    json.dump({"dtype": str(model.dtype).replace("torch.", ""), "logits": logits.tolist()}, sys.stdout)
    sys.stdout.write("\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--request", help="the request file svdecode-eval bench writes")
    parser.add_argument("--logits", metavar="DIR", help="instead: print this folder's logits for --ids as JSON")
    parser.add_argument("--dtype", choices=sorted(DTYPES), help="with --logits: the dtype to run in (default: the file's)")
    parser.add_argument("--ids", help="with --logits: comma-separated token ids")
    parser.add_argument("--split", type=int, default=None, help="with --logits: tokens run before the cached rest (default: all)")
    args = parser.parse_args()
    if args.logits:
        ids = [int(i) for i in args.ids.split(",")]
        print_logits(args.logits, args.dtype, ids, len(ids) if args.split is None else args.split)
        return
    if not args.request:
        parser.error("--request or --logits is required")
    request = json.load(open(args.request))
    torch.set_num_threads(request["threads"])
    blas = blas_library()
    kernel = blas_kernel(blas)
    overrides = sorted(k for k in os.environ if k.startswith("OPENBLAS_") or k.startswith("GOTO_"))
    log(f"torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: {blas}, kernel: {kernel}")
    if overrides:
        log(f"warning: {', '.join(overrides)} set: OpenBLAS may not pick its best kernel for this CPU")
    if "openblas" not in blas.lower():
        log("warning: OpenBLAS is not loaded (apt-get install libopenblas0-pthread); the peer figures are not a fair comparison")
    skipped = [m for m in request.get("measurements", []) if m not in PEER_MEASUREMENTS]
    for measurement in skipped:
        log(f"skipping {measurement}: no PyTorch eager counterpart (it runs this project's steering or adapter code)")
    iterations = request["iterations"]
    global WARM_UP_SECONDS
    WARM_UP_SECONDS = request.get("warm_up_seconds", 0.0)
    figures = []

    def add(name, value, unit, note=None):
        figures.append({"name": name, "value": value, "unit": unit, "note": note})

    with torch.no_grad():
        n = request["matmul_size"]
        a, b = torch.randn(n, n), torch.randn(n, n)
        repeats = max(1, int(request["ceiling_flops_per_sample"] / (2.0 * n ** 3)))
        seconds = median_of(timed(lambda: [a @ b for _ in range(repeats)]), iterations + 2)
        add("machine.matmul_ceiling_gflops", 2.0 * n ** 3 * repeats / seconds / 1e9, "GFLOP/s", f"torch {torch.__version__}, BLAS {blas}")
        del a, b
        for spec in request["models"]:
            measure_model(spec, request, iterations, add)

    machine = dict(cpu(), torch=torch.__version__, threads=torch.get_num_threads(), blas=blas, blas_kernel=kernel,
                   blas_overrides=overrides)
    not_measured = [f"{m} (no PyTorch eager counterpart: it runs this project's steering or adapter code)" for m in skipped]
    json.dump({"figures": figures, "machine": machine, "not_measured": not_measured}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
