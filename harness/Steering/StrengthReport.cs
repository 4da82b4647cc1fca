using System.Text.Json;
using System.Text.Json.Serialization;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The strength stage's artifact: μ̄ and how it was obtained, with every aggregate, the token counts, the fraction of
/// negative μ*_t and their histogram. Serialised as snake_case JSON; NaN/±Inf are written as "NaN"/"Infinity".
/// </summary>
public sealed record StrengthReport(
    double MuBar,
    string Aggregate,
    StrengthAggregateValues Aggregates,
    int TokensTotal,
    int TokensUsed,
    int TokensSkipped,
    int TokensSkippedSmallDelta,
    int TokensSkippedNonFinite,
    double FractionNegative,
    double Min,
    double Max,
    StrengthHistogram Histogram)
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static StrengthReport FromJson(string json) =>
        JsonSerializer.Deserialize<StrengthReport>(json, JsonOptions)
        ?? throw new InputException("A strength report file holds JSON null instead of a report.");
}
