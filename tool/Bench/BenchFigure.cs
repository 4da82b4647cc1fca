namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// One measured number. <see cref="Name"/> is dotted and stable ("llama-27m.prefill.1x512.tokens_per_s") so a peer's
/// figures and later runs can be matched by name; <see cref="Unit"/> is spelled out ("tokens/s", "GFLOP/s", "MiB",
/// "fraction", "ratio").
/// </summary>
public sealed record BenchFigure(string Name, double Value, string Unit, string? Note = null);
