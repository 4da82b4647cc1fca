using System.Text.Json.Serialization;

namespace SvDecode.Eval.Probe;

/// <summary>What `svdecode-eval probe` prints (snake_case JSON, the fixtures' vocabulary).</summary>
public sealed record ProbeResult(
    [property: JsonPropertyName("input_ids")] IReadOnlyList<int> InputIds,
    [property: JsonPropertyName("last_logits")] IReadOnlyList<float> LastLogits,
    [property: JsonPropertyName("argmax")] IReadOnlyList<int> Argmax,
    [property: JsonPropertyName("target_logprobs")] IReadOnlyList<double> TargetLogProbs,
    [property: JsonPropertyName("generated_ids")] IReadOnlyList<int> GeneratedIds);
