#!/usr/bin/python3
"""Markdown tables of a study run for docs/demo.md: every cell's MC1/MC2 and its paired deltas (95 % bootstrap
intervals) against the plain adapter of the same setting and against the pre-trained model, with the steering
diagnostics that say why (μ̄ and its median, the share of positions where the mask keeps two tokens or more).

Usage: docs/study/tables.py <run>/results.json [metric ...]      (default metrics: mc1 mc2)
"""
import json
import sys


def points(value):
    return f"{100 * value:+.1f}"


def interval(delta):
    return f"{points(delta['delta'])} [{points(delta['ci_low'])}, {points(delta['ci_high'])}]"


def strength(cell, diag):
    """The cell's solved strength beside its calibration's median: μ̄ for SVDecode, λ̄ for extrapolation, β."""
    for method, value, median in (("svdecode", "mu_bar", "mu_median"), ("extrapolation", "lambda_bar", "lambda_median")):
        if f"+{method}" in cell and diag.get(value) is not None:
            return f"{diag[value]:.2f} ({diag.get(median, float('nan')):.2f})"
    return f"β {diag['beta']:.1f}" if "+contrastive" in cell and "beta" in diag else ""


def main():
    results = json.load(open(sys.argv[1]))
    metrics = sys.argv[2:] or ["mc1", "mc2"]
    deltas = {(d["cell"], d["baseline"], d["metric"]): d for d in results["paired_deltas"]}
    header = ["cell"] + [f"{m}" for m in metrics] + [f"Δ {m} vs plain" for m in metrics] + [f"Δ {m} vs pre-trained" for m in metrics] + ["strength: μ̄ or λ̄ (median), β", "mask keeps ≥ 2"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for cell in results["cells"]:
        bench = cell["benchmarks"][0]
        values = {m["name"]: m["value"] for m in bench["metrics"]}
        diag = bench.get("diagnostics", {})
        plain = [d for (c, b, m), d in deltas.items() if c == cell["id"] and b != "none" and m == metrics[0]]
        row = [cell["id"]] + [f"{100 * values[m]:.1f}" for m in metrics]
        row += [interval(deltas[(cell["id"], plain[0]["baseline"], m)]) if plain else "" for m in metrics]
        row += [interval(deltas[(cell["id"], "none", m)]) if (cell["id"], "none", m) in deltas else "" for m in metrics]
        row.append(strength(cell["id"], diag))
        share = diag.get("steered_scoring_multi_kept_share")
        row.append(f"{100 * share:.0f} %" if share is not None else "")
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
