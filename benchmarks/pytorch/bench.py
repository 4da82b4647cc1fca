#!/usr/bin/python3
"""PyTorch eager peer for `svdecode-eval bench --peer pytorch`.

Loads the same Hugging Face folders (config.json + model.safetensors, fp32 Llama) with a small safetensors reader,
runs the same prefill, decode and multiple-choice scoring shapes as the .NET bench and prints {"figures": [...],
"machine": {...}} as JSON on stdout, with figure names equal to the .NET ones so the tool can report ratios, and the
CPU, BLAS library and BLAS kernel it ran with. Progress goes to stderr. The tool starts it without OpenBLAS's tuning
overrides (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE, ...) so that OpenBLAS picks its own best kernel for the CPU.

Usage: /usr/bin/python3 bench.py --request <file written by svdecode-eval bench>
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

import numpy as np
import torch
import torch.nn.functional as F


def log(message):
    print(f"{message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- safetensors

def read_safetensors(path):
    """name -> fp32 tensor. The file is read once into a writable buffer and tensors are views into it (no 2nd copy)."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}; this peer reads F32 only")
        start, end = info["data_offsets"]
        array = np.frombuffer(data, dtype="<f4", count=(end - start) // 4, offset=base + start)
        tensors[name] = torch.from_numpy(array).view(*info["shape"]) if info["shape"] else torch.from_numpy(array)
    return tensors


# ---------------------------------------------------------------- the model (HF Llama, eager)

class Llama:
    def __init__(self, directory):
        with open(f"{directory}/config.json") as f:
            c = json.load(f)
        self.hidden = c["hidden_size"]
        self.layers = c["num_hidden_layers"]
        self.heads = c["num_attention_heads"]
        self.kv_heads = c.get("num_key_value_heads", self.heads)
        self.head_dim = self.hidden // self.heads
        self.eps = c.get("rms_norm_eps", 1e-6)
        self.w = read_safetensors(f"{directory}/model.safetensors")
        theta = c.get("rope_theta", 10000.0)
        self.inv_freq = 1.0 / (theta ** (torch.arange(0, self.head_dim, 2, dtype=torch.float32) / self.head_dim))

    def rms(self, x, weight):
        return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

    def rope(self, x, cos, sin):
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
        return x * cos + rotated * sin

    def forward(self, ids, positions, key_mask, cache=None):
        """ids, positions (B, T); key_mask (B, S) bool over all slots incl. cached; cache: list of (k, v) or None.
        Returns logits (B, T, V) and the new cache."""
        b, t = ids.shape
        x = F.embedding(ids, self.w["model.embed_tokens.weight"])                            # (B, T, C)
        freqs = positions.to(torch.float32).unsqueeze(-1) * self.inv_freq                    # (B, T, hs/2)
        angles = torch.cat([freqs, freqs], -1).unsqueeze(1)                                  # (B, 1, T, hs)
        cos, sin = angles.cos(), angles.sin()
        s = key_mask.shape[1]
        query_slot = torch.arange(s - t, s).unsqueeze(1)                                      # (T, 1)
        allowed = (torch.arange(s).unsqueeze(0) <= query_slot).unsqueeze(0).unsqueeze(0) & key_mask[:, None, None, :]  # (B, 1, T, S)
        new_cache = []
        for i in range(self.layers):
            p = f"model.layers.{i}."
            h = self.rms(x, self.w[p + "input_layernorm.weight"])
            q = F.linear(h, self.w[p + "self_attn.q_proj.weight"]).view(b, t, self.heads, self.head_dim).transpose(1, 2)
            k = F.linear(h, self.w[p + "self_attn.k_proj.weight"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            v = F.linear(h, self.w[p + "self_attn.v_proj.weight"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
            q, k = self.rope(q, cos, sin), self.rope(k, cos, sin)
            if cache is not None:
                k = torch.cat([cache[i][0], k], 2)                                           # (B, nkv, S, hs)
                v = torch.cat([cache[i][1], v], 2)
            new_cache.append((k, v))
            scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)                     # (B, nh, T, S)
            scores = scores.masked_fill(~allowed, -3.0e38)
            y = scores.softmax(-1) @ v                                                       # (B, nh, T, hs)
            y = y.transpose(1, 2).reshape(b, t, self.hidden)
            x = x + F.linear(y, self.w[p + "self_attn.o_proj.weight"])
            h = self.rms(x, self.w[p + "post_attention_layernorm.weight"])
            gate = F.linear(h, self.w[p + "mlp.gate_proj.weight"])
            up = F.linear(h, self.w[p + "mlp.up_proj.weight"])
            x = x + F.linear(F.silu(gate) * up, self.w[p + "mlp.down_proj.weight"])
        x = self.rms(x, self.w["model.norm.weight"])
        return F.linear(x, self.w["lm_head.weight"]), new_cache

    def matmul_parameters(self):
        return sum(t.numel() for n, t in self.w.items() if n.endswith("proj.weight") or n == "lm_head.weight")


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
    ids = torch.randint(3, model.w["lm_head.weight"].shape[0], (batch, tokens), generator=generator)
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
        picked = predicting.double().log_softmax(-1).gather(2, ids.unsqueeze(2)).squeeze(2)
        _ = (picked * mask).sum(1)


def score_per_answer(model, items):
    """One forward of context + answer per answer: what scoring without context reuse costs."""
    for item in items:
        for a in item["answers"]:
            ids = torch.tensor([item["context"] + a])
            t = ids.shape[1]
            logits, _ = model.forward(ids, torch.arange(t).unsqueeze(0), torch.ones(1, t, dtype=torch.bool))
            lp = logits[0, len(item["context"]) - 1:-1].double().log_softmax(-1)
            _ = lp.gather(1, torch.tensor(a).unsqueeze(1)).sum()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--request", required=True)
    request = json.load(open(parser.parse_args().request))
    torch.set_num_threads(request["threads"])
    blas = blas_library()
    kernel = blas_kernel(blas)
    overrides = sorted(k for k in os.environ if k.startswith("OPENBLAS_") or k.startswith("GOTO_"))
    log(f"torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS: {blas}, kernel: {kernel}")
    if overrides:
        log(f"warning: {', '.join(overrides)} set: OpenBLAS may not pick its best kernel for this CPU")
    if "openblas" not in blas.lower():
        log("warning: OpenBLAS is not loaded (apt-get install libopenblas0-pthread); the peer figures are not a fair comparison")
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

        for spec in request["models"]:
            name = spec["name"]
            log(f"{name}: load")
            reset_peak()
            before = resident("VmRSS:")
            start = time.perf_counter()
            model = Llama(spec["directory"])
            add(f"{name}.load.seconds", time.perf_counter() - start, "s")
            add(f"{name}.load.peak_rss_increase", (resident("VmHWM:") - before) / 2 ** 20, "MiB")
            generator = torch.Generator().manual_seed(request["seed"])
            matmul_params = model.matmul_parameters()

            log(f"{name}: prefill")
            reset_peak()
            for batch, tokens in request["prefill_shapes"]:
                warm = prefill(model, 1, min(tokens, 16), generator)
                seconds = median_of(timed(prefill(model, batch, tokens, generator)), iterations, warm)
                add(f"{name}.prefill.{batch}x{tokens}.tokens_per_s", batch * tokens / seconds, "tokens/s")
                add(f"{name}.prefill.{batch}x{tokens}.gflops", 2.0 * matmul_params * batch * tokens / seconds / 1e9, "GFLOP/s")
            add(f"{name}.prefill.peak_rss", resident("VmHWM:") / 2 ** 20, "MiB")

            log(f"{name}: decode")
            reset_peak()
            vocab = model.w["lm_head.weight"].shape[0]
            for batch in request["decode_batches"]:
                prompts = torch.randint(3, vocab, (batch, request["decode_prompt_tokens"]), generator=generator)
                seconds = median_of(decode_sample(model, prompts, request["decode_steps"]), iterations, decode_sample(model, prompts, 2))
                add(f"{name}.decode.batch{batch}.tokens_per_s", batch * request["decode_steps"] / seconds, "tokens/s")
            add(f"{name}.decode.peak_rss", resident("VmHWM:") / 2 ** 20, "MiB")

            log(f"{name}: scoring")
            reset_peak()
            items = spec["scoring_items"]
            count = sum(len(i["answers"]) for i in items)
            shared = median_of(timed(lambda: score_shared(model, items)), iterations, lambda: score_shared(model, items[:1]))
            # One pass of ~50 forwards, warmed up by the shared passes: the same sampling as the tool's.
            separate = median_of(timed(lambda: score_per_answer(model, items)), 1, lambda: None)
            add(f"{name}.scoring.shared_context.requests_per_s", count / shared, "requests/s")
            add(f"{name}.scoring.per_answer.requests_per_s", count / separate, "requests/s")
            add(f"{name}.scoring.peak_rss", resident("VmHWM:") / 2 ** 20, "MiB")
            del model

    machine = dict(cpu(), torch=torch.__version__, threads=torch.get_num_threads(), blas=blas, blas_kernel=kernel,
                   blas_overrides=overrides)
    json.dump({"figures": figures, "machine": machine}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
