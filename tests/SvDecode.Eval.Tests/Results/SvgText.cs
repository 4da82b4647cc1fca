using System.Text.RegularExpressions;

namespace SvDecode.Eval.Tests.Results;

/// <summary>The texts of an SVG figure (legend entries, labels, title), trimmed: ScottPlot writes each on its own
/// indented line inside its text element.</summary>
public static partial class SvgText
{
    public static IReadOnlyList<string> Of(string svg) => [.. TextElement().Matches(svg).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value.Trim()))];

    [GeneratedRegex(@"<text[^>]*>(.*?)</text>", RegexOptions.Singleline)]
    private static partial Regex TextElement();
}
