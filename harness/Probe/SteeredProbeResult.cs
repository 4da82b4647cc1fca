using System.Text.Json.Serialization;

namespace SvDecode.Eval.Probe;

/// <summary>
/// What `probe --adapter … --steer` prints: the adapted model's probe keys plus the steering quantities at the last
/// input position and the steered outputs. Masked entries of <see cref="SteeredLastLogits"/> (hard mask) are null.
/// </summary>
public sealed record SteeredProbeResult(
    [property: JsonPropertyName("input_ids")] IReadOnlyList<int> InputIds,
    [property: JsonPropertyName("last_logits")] IReadOnlyList<float> LastLogits,
    [property: JsonPropertyName("argmax")] IReadOnlyList<int> Argmax,
    [property: JsonPropertyName("target_logprobs")] IReadOnlyList<double> TargetLogProbs,
    [property: JsonPropertyName("generated_ids")] IReadOnlyList<int> GeneratedIds,
    [property: JsonPropertyName("mu")] double Mu,
    [property: JsonPropertyName("alpha")] double Alpha,
    [property: JsonPropertyName("mask")] string Mask,
    [property: JsonPropertyName("delta")] IReadOnlyList<float> Delta,
    [property: JsonPropertyName("keep")] IReadOnlyList<bool> Keep,
    [property: JsonPropertyName("steered_last_logits")] IReadOnlyList<float?> SteeredLastLogits,
    [property: JsonPropertyName("steered_target_logprobs")] IReadOnlyList<double> SteeredTargetLogProbs,
    [property: JsonPropertyName("steered_generated_ids")] IReadOnlyList<int> SteeredGeneratedIds);
