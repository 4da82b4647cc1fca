#!/usr/bin/env bash
# Re-makes the nightly's committed baseline ON PURPOSE (docs/nightly.md, "Updating the baseline"): when a change is
# meant to move the nightly's scores, run this on the branch of that change and commit the two files it rewrites in
# the same pull request, so the reviewer sees the numbers move. Never run it to make a red nightly green.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet run --project tool -c Release -- run pipelines/nightly.yaml --output "$out" --log-items
# What moves, before it is replaced: the report the nightly would print (exit 3 = scores changed, 1 = a regression).
dotnet run --project tool -c Release --no-build -- compare pipelines/baselines/nightly/results.json "$out/results.json" \
  --max-drop 1 --alpha 0.05 --exact --allow-missing-baseline || echo "(compare exited $?; the baseline is replaced anyway)"
cp "$out/results.json" "$out/item_scores.jsonl" pipelines/baselines/nightly/
git status --short pipelines/baselines/nightly
