namespace SvDecode.Eval.Models;

/// <summary>A swappable projection: its dotted module path ("model.layers.0.self_attn.q_proj") and kind.</summary>
/// <param name="Path">Module path in checkpoint key form, without ".weight".</param>
/// <param name="Name">The last path segment (q_proj, c_attn...), what PEFT target_modules match.</param>
public sealed record ProjectionPath(string Path, string Name);
