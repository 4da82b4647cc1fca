using SvDecode.Eval.Models;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>The attention mask's decode-step shortcut must allow exactly what the general rule allows.</summary>
public sealed class AttentionMaskTests
{
    /// <summary>allowed[b, 0, i, j] = keyMask[b, j] ∧ j ≤ S − T + i (∧ j &gt; S − T + i − W), element by element.</summary>
    private static bool[,,] ByDefinition(bool[,] keyMask, int newTokens, int? window)
    {
        var (rows, slots) = (keyMask.GetLength(0), keyMask.GetLength(1));
        var allowed = new bool[rows, newTokens, slots];
        for (var b = 0; b < rows; b++)
        {
            for (var i = 0; i < newTokens; i++)
            {
                var query = slots - newTokens + i;
                for (var j = 0; j < slots; j++)
                {
                    allowed[b, i, j] = keyMask[b, j] && j <= query && (window is not { } w || j > query - w);
                }
            }
        }
        return allowed;
    }

    [Theory]
    [InlineData(1, null)]   // a decode step: the shortcut
    [InlineData(1, 8)]      // a window longer than the cache: the shortcut
    [InlineData(1, 3)]      // a window shorter than the cache: the general rule
    [InlineData(3, null)]   // an extension of several tokens
    [InlineData(3, 2)]
    public void AllowsWhatTheDefinitionAllows(int newTokens, int? window)
    {
        bool[,] keyMask = { { false, false, true, true, true, true }, { true, true, true, false, true, true } }; // left pad, a hole
        using var mask = tensor(keyMask.Cast<bool>().ToArray(), [2, 6]);
        using var allowed = AttentionMask.Causal(mask, newTokens, window);
        Assert.Equal([2L, 1, newTokens, 6], allowed.shape);
        var expected = ByDefinition(keyMask, newTokens, window);
        for (var b = 0; b < 2; b++)
        {
            for (var i = 0; i < newTokens; i++)
            {
                for (var j = 0; j < 6; j++)
                {
                    Assert.True(expected[b, i, j] == allowed[b, 0, i, j].item<bool>(), $"row {b}, query {i}, slot {j}");
                }
            }
        }
    }
}
