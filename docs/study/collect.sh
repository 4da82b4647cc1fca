#!/bin/sh
# Copies a finished study run into docs/study/<study>/: the report, results.json, the CSV and the MC1/MC2 plots
# (the MC3 / MC-average and μ* histogram plots stay in the run folder: docs/demo.md does not use them).
# Usage (from the repository root): docs/study/collect.sh <run-dir> <study>
#   e.g. dotnet run --project tool -c Release -- run pipelines/study/mu-sweep.yaml && docs/study/collect.sh runs/study-mu-sweep mu-sweep
set -eu
run=$1
study=$2
[ -f "$run/results.json" ] || { echo "collect.sh: $run/results.json not found (has the run finished?)" >&2; exit 1; }
dest=docs/study/$study
rm -rf "$dest"
mkdir -p "$dest/plots"
# Paths inside the repository are written relative to its root, so the files do not name the machine they ran on.
root=$(git rev-parse --show-toplevel)/
for file in report.md results.json results.csv; do
    [ -f "$run/$file" ] && sed "s|$root||g" "$run/$file" > "$dest/$file"
done
for plot in "$run"/plots/*.mc1*.png "$run"/plots/*.mc2*.png; do
    [ -f "$plot" ] && cp "$plot" "$dest/plots/"
done
echo "$dest: $(ls "$dest" | tr '\n' ' ')plots/: $(ls "$dest/plots" | wc -l) files"
