using SvDecode.Eval.Metrics;

namespace SvDecode.Eval.Steering;

/// <summary>Names of the mask modes as they appear in configuration and on the command line.</summary>
public static class MaskModes
{
    public static IReadOnlyList<string> Names { get; } = ["hard", "soft", "none"];

    public static string ToName(MaskMode mode) => mode switch
    {
        MaskMode.Hard => "hard",
        MaskMode.Soft => "soft",
        MaskMode.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>Parses "hard" / "soft" / "none" (case-insensitive); otherwise an <see cref="InputException"/> that
    /// names <paramref name="source"/>, the allowed values and the nearest one.</summary>
    public static MaskMode Parse(string value, string source = "mask")
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "hard": return MaskMode.Hard;
            case "soft": return MaskMode.Soft;
            case "none": return MaskMode.None;
        }
        var hint = NameSuggester.DidYouMean(value, Names);
        throw new InputException($"{source}: unknown mask mode '{value}'; allowed: {string.Join(", ", Names)}.{hint}");
    }
}
