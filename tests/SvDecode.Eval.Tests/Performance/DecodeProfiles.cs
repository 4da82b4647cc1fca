namespace SvDecode.Eval.Tests.Performance;

/// <summary>What the decode-step profiles share: their prompts and their medians.</summary>
public static class DecodeProfiles
{
    /// <summary><paramref name="batch"/> prompts of 32 random token ids in the bench models' vocabularies.</summary>
    public static List<IReadOnlyList<int>> RandomPrompts(Random random, int batch) =>
        [.. Enumerable.Range(0, batch).Select(_ => (IReadOnlyList<int>)[.. Enumerable.Range(0, 32).Select(_ => random.Next(3, 8000))])];

    /// <summary>The middle value (the upper one of an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
