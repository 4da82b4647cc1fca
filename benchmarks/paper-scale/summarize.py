"""One markdown block of paper-scale figures from a run directory (benchmarks/paper-scale/measure.sh)."""
import glob
import json
import os
import sys

run, directory = sys.argv[1], sys.argv[2]
results = json.load(open(os.path.join(directory, "results.json")))
if not results["model_loads"]:
    sys.exit(f"{directory}: every stage was reused from an earlier run, so nothing was loaded or measured; remove it and run again")
load = results["model_loads"][0]
weights = load["weight_bytes"]
gib = 1 << 30
print(f"### {run}: {load['parameters']:,} parameters, {weights / gib:.2f} GiB of {load['dtype']} weights")
print(f"load {load['seconds']:.1f} s; resident {load['resident_before_bytes'] / gib:.2f} GiB before the weights (tokenizer and LibTorch loaded), {load['resident_after_bytes'] / gib:.2f} GiB after\n")
print("| cell | stage | seconds | peak (GiB) | KV caches (GiB) | peak / weights | (peak − before) / weights | (peak − before − KV) / weights |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for t in results["timings"]:
    if t["reused"] or "peak_resident_bytes" not in t:
        continue
    peak, kv = t["peak_resident_bytes"], t.get("peak_kv_cache_bytes", 0)
    over = (peak - load["resident_before_bytes"]) / weights
    ratios = f"{over:.2f} | {over - kv / weights:.2f}" if over >= 0 else "— (before the load) | —"
    print(f"| {t['cell']} | {t['stage']} | {t['seconds']:.1f} | {peak / gib:.2f} | {kv / gib:.3f} | {peak / weights:.2f} | {ratios} |")
print()
for log in sorted(glob.glob(os.path.join(directory, "artifacts", "warmstart", "*", "training_log.json"))):
    training = json.load(open(log))
    print(f"- warm-start {training['method']}: {len(training['steps'])} steps in {training['seconds']:.1f} s, "
          f"{training.get('input_tokens_per_s', 0):.1f} tokens/s ({training['tokens_per_s']:.1f} answer tokens/s)")
items = {(c["id"]): b["diagnostics"].get("items_scored", b["diagnostics"].get("items_test")) for c in results["cells"] for b in c["benchmarks"]}
for t in results["timings"]:
    if t["stage"] == "score" and not t["reused"]:
        n = items.get(t["cell"])
        print(f"- score {t['cell']}: {n} items in {t['seconds']:.1f} s = {n / t['seconds']:.3f} items/s")
print()
