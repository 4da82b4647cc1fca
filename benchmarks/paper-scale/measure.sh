#!/usr/bin/env bash
# Paper-scale evidence: random-weight folders with the exact config.json of Qwen2.5-0.5B and of
# Llama-3.2-1B (real vocabularies, tied heads, biases, RoPE scaling), run through the TruthfulQA-MC pipeline with
# LoRA and IA3, with and without SVDecode, in float32 and bfloat16. Prints, per run, the figures docs/performance.md
# records: load time, each stage's peak resident memory over the weights, warm-start tokens/s, steering and strength
# seconds, scored items/s with and without steering.
#
# Usage: benchmarks/paper-scale/measure.sh <work-dir> [run...]      runs: qwen-fp32 qwen-bf16 llama-fp32 llama-bf16
# Needs the TruthfulQA file and two tokenizers (default: ../shared beside the repository; set SHARED=... otherwise).
# The folders (2–5 GB each) are written into <work-dir>, never into the repository. Knobs: LIMIT (test items, 4),
# STEPS (warm-start steps, 3), CALIBRATION (fraction of the training split, 0.02 ≈ 9 items), PEFT ([lora,ia3]).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:?usage: measure.sh <work-dir> [run...]}"; shift
runs=("$@"); [ ${#runs[@]} -eq 0 ] && runs=(qwen-fp32 qwen-bf16 llama-fp32 llama-bf16)
shared="${SHARED:-$repo/../shared}"
limit="${LIMIT:-4}"; steps="${STEPS:-3}"; calibration="${CALIBRATION:-0.02}"; peft="${PEFT:-[lora,ia3]}"
mkdir -p "$work"
dotnet build "$repo/tool" -c Release -v quiet -nologo > /dev/null
tool=(dotnet "$repo/tool/bin/Release/net10.0/svdecode-eval.dll")

for run in "${runs[@]}"; do
  case "$run" in
    qwen-*)  shape=qwen2.5-0.5b; tokenizer="$shared/fixtures/tokenizers/qwen2" ;;
    # No Llama 3 tokenizer is at hand; GPT-2's byte-level BPE (50,257 ids, all inside the 128,256 vocabulary) stands in.
    llama-*) shape=llama-3.2-1b; tokenizer="$shared/fixtures/tokenizers/gpt2" ;;
    *) echo "unknown run '$run'" >&2; exit 2 ;;
  esac
  dtype=$([ "${run##*-}" = bf16 ] && echo bfloat16 || echo float32)
  folder="$work/${run}"
  [ -f "$folder/model.safetensors" ] || "${tool[@]}" bench --make-folder "$shape" --out "$folder" --dtype "$dtype" --tokenizer "$tokenizer"
  rm -rf "$work/run-$run" # a measurement: stages reused from an earlier run would load nothing and measure nothing
  "${tool[@]}" run "$repo/pipelines/truthfulqa-lora-qwen2.5-1.5b.yaml" --output "$work/run-$run" \
    --set model.path="$folder" --set model.dtype="$dtype" --set benchmarks.0.data="$shared/data/truthfulqa/TruthfulQA.csv" \
    --set "matrix.peft=$peft" --set warmstart.max_steps="$steps" --set benchmarks.0.split.calibration_fraction="$calibration" \
    --limit "$limit" > /dev/null
  python3 "$repo/benchmarks/paper-scale/summarize.py" "$run" "$work/run-$run"
done
