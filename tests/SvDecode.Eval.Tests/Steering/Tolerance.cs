using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>Assertions with the tolerances of fixtures/README.md.</summary>
internal static class Tolerance
{
    public const double Logits = 1e-4;
    public const double Probabilities = 1e-5;

    public static void Near(double expected, double actual, double abs, double rel = 0, string what = "")
    {
        if (double.IsNegativeInfinity(expected) || double.IsPositiveInfinity(expected))
        {
            Assert.True(expected == actual, $"{what}: expected {expected}, got {actual}");
            return;
        }
        var allowed = abs + rel * Math.Abs(expected);
        Assert.True(Math.Abs(expected - actual) <= allowed, $"{what}: expected {expected}, got {actual} (allowed ±{allowed:G3})");
    }

    public static void AllNear(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double abs, double rel = 0, string what = "")
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Near(expected[i], actual[i], abs, rel, $"{what}[{i}]");
        }
    }
}
