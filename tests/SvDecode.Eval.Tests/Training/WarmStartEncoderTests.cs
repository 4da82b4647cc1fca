using SvDecode.Eval.Data;
using SvDecode.Eval.Tests.Stages;
using SvDecode.Eval.Tokenization;
using SvDecode.Eval.Training;
using Xunit;

namespace SvDecode.Eval.Tests.Training;

/// <summary>With the character tokenizer: &lt;s&gt; = 1, &lt;/s&gt; = 2, character c = 3 + (c − ' ').</summary>
public sealed class WarmStartEncoderTests
{
    private static readonly ITextTokenizer Tokenizer = TokenizerLoader.Load(ReferenceModelWithTokenizer.Directory);

    private static int Id(char c) => 3 + (c - ' ');

    [Fact]
    public void BosPromptAnswerEos()
    {
        var encoded = new WarmStartEncoder(Tokenizer, 64).Encode(new WarmStartExample("ab", "c"));
        Assert.Equal([1, Id('a'), Id('b'), Id('c'), 2], encoded.Ids);
        Assert.Equal(3, encoded.AnswerStart);
        Assert.Equal(2, encoded.AnswerTokens);
        Assert.False(encoded.Truncated);
    }

    [Fact]
    public void TooLongKeepsBosTheAnswerAndThePromptsEnd()
    {
        var encoded = new WarmStartEncoder(Tokenizer, 5).Encode(new WarmStartExample("abcdef", "xy"));
        Assert.Equal([1, Id('f'), Id('x'), Id('y'), 2], encoded.Ids);
        Assert.Equal(2, encoded.AnswerStart);
        Assert.True(encoded.Truncated);
    }

    [Fact]
    public void AnAnswerLongerThanTheBudgetIsCutAtItsEnd()
    {
        var encoded = new WarmStartEncoder(Tokenizer, 4).Encode(new WarmStartExample("abc", "wxyz"));
        Assert.Equal([1, Id('c'), Id('w'), Id('x')], encoded.Ids);
        Assert.Equal(2, encoded.AnswerStart);
        Assert.True(encoded.Truncated);
    }
}
