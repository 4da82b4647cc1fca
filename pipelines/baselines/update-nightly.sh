#!/usr/bin/env bash
# Re-makes the nightly's committed baseline ON PURPOSE (docs/nightly.md, "Updating the baseline"): when a change is
# meant to move the nightly's scores, run this on the branch of that change and commit the two files it rewrites in
# the same pull request, so the reviewer sees the numbers move. Never run it to make a red nightly green.
set -euo pipefail
# The same CPU kernel caps as the CI files (.github/workflows/nightly.yml): without them an AVX-512 machine makes a
# baseline that an AVX2 runner cannot reproduce bit for bit.
export ATEN_CPU_CAPABILITY=avx2 MKL_CBWR=AVX2 ONEDNN_MAX_CPU_ISA=AVX2
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet run --project tool -c Release -- run pipelines/nightly.yaml --output "$out" --log-items
# What moves, before it is replaced: the report the nightly would print (exit 3 = scores changed, 1 = a regression).
dotnet run --project tool -c Release --no-build -- compare pipelines/baselines/nightly/results.json "$out/results.json" \
  --max-drop 1 --significance 0.05 --exact --allow-missing-baseline || echo "(compare exited $?; the baseline is replaced anyway)"
cp "$out/results.json" "$out/item_scores.jsonl" pipelines/baselines/nightly/
git status --short pipelines/baselines/nightly
