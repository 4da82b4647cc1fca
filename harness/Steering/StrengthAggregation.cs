using System.Globalization;
using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Steering;

/// <summary>
/// The configured aggregate: "mean" (default), "median", "trimmed" or "trimmed:τ", "ratio", "fixed:value".
/// Validates itself.
/// </summary>
public sealed record StrengthAggregation
{
    /// <summary>Trimmed mean default: τ = this many robust standard deviations (1.4826·MAD) around the median.</summary>
    public const double DefaultTrimRobustSigmas = 3.0;

    public static IReadOnlyList<string> Names { get; } = ["mean", "median", "trimmed", "ratio", "fixed"];

    public StrengthAggregateKind Kind { get; init; } = StrengthAggregateKind.Mean;

    /// <summary>
    /// Trimmed mean half-width τ in units of μ. Null (the default) uses τ = 3 × 1.4826 × MAD, the median absolute
    /// deviation scaled to a standard deviation, so the default adapts to the scale of μ* of each model and task.
    /// </summary>
    public double? Tau { get; init; }

    /// <summary>The value of μ̄ when <see cref="Kind"/> is Fixed.</summary>
    public double? FixedValue { get; init; }

    public static StrengthAggregation Mean { get; } = new();

    public static StrengthAggregation Fixed(double value) => new() { Kind = StrengthAggregateKind.Fixed, FixedValue = value };

    public static string ToName(StrengthAggregateKind kind) => Names[(int)kind];

    public StrengthAggregation Validate(string source = "strength.aggregate")
    {
        if (!Enum.IsDefined(Kind))
        {
            throw new InputException($"{source}: {(int)Kind} is not an aggregate; allowed: {string.Join(", ", Names)}.");
        }
        if (Kind == StrengthAggregateKind.Fixed && FixedValue is not { } value)
        {
            throw new InputException($"{source}: 'fixed' needs a value, e.g. 'fixed: -2.5'.");
        }
        if (FixedValue is { } fixedValue && !double.IsFinite(fixedValue))
        {
            throw new InputException($"{source}: fixed value {fixedValue} must be a finite number.");
        }
        if (Tau is { } tau && !(tau >= 0 && double.IsFinite(tau)))
        {
            throw new InputException($"{source}: trimmed tau = {tau} must be a finite non-negative number.");
        }
        return this;
    }

    /// <summary>Parses "mean", "median", "trimmed", "trimmed:0.5", "ratio", "fixed:-2" (case-insensitive, spaces
    /// allowed around ':'). Errors name <paramref name="source"/> and suggest the nearest name.</summary>
    public static StrengthAggregation Parse(string text, string source = "strength.aggregate")
    {
        var parts = text.Split(':', 2, StringSplitOptions.TrimEntries);
        var name = parts[0].ToLowerInvariant();
        double? argument = null;
        if (parts.Length == 2)
        {
            if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new InputException($"{source}: '{parts[1]}' in '{text}' is not a number.");
            }
            argument = parsed;
        }
        var index = Names.ToList().IndexOf(name);
        if (index < 0)
        {
            throw new InputException(
                $"{source}: unknown aggregate '{parts[0]}'; allowed: {string.Join(", ", Names)}.{NameSuggester.DidYouMean(parts[0], Names)}");
        }
        var kind = (StrengthAggregateKind)index;
        if (argument is not null && kind is not (StrengthAggregateKind.Trimmed or StrengthAggregateKind.Fixed))
        {
            throw new InputException($"{source}: '{name}' takes no value (only trimmed:τ and fixed:value do).");
        }
        return new StrengthAggregation
        {
            Kind = kind,
            Tau = kind == StrengthAggregateKind.Trimmed ? argument : null,
            FixedValue = kind == StrengthAggregateKind.Fixed ? argument : null,
        }.Validate(source);
    }

    public override string ToString() => Kind switch
    {
        StrengthAggregateKind.Fixed => $"fixed:{FixedValue?.ToString("R", CultureInfo.InvariantCulture)}",
        StrengthAggregateKind.Trimmed when Tau is { } tau => $"trimmed:{tau.ToString("R", CultureInfo.InvariantCulture)}",
        _ => ToName(Kind),
    };
}
