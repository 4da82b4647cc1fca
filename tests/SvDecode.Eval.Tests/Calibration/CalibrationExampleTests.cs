using SvDecode.Eval.Calibration;
using SvDecode.Eval.Data;
using SvDecode.Eval.Tests.Stages;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using SvDecode.Eval.Training;
using Xunit;

namespace SvDecode.Eval.Tests.Calibration;

/// <summary>Calibration targets are the warm-start's training targets, EOS included (method.md §9). With the character
/// tokenizer: &lt;s&gt; = 1, &lt;/s&gt; = 2, character c = 3 + (c − ' ').</summary>
public sealed class CalibrationExampleTests : IDisposable
{
    private static readonly ITextTokenizer Tokenizer = TokenizerLoader.Load(ReferenceModelWithTokenizer.Directory);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static int Id(char c) => 3 + (c - ' ');

    [Fact]
    public void TargetsAreTheTokensTheWarmStartLearnsEosIncluded()
    {
        var example = new WarmStartExample("ab", "cd");
        var encoded = new WarmStartEncoder(Tokenizer, 64).Encode(example);
        var calibration = CalibrationExample.FromWarmStart(Tokenizer, example);

        Assert.Equal(encoded.Ids.Take(encoded.AnswerStart), calibration.PromptIds);
        Assert.Equal(encoded.Ids.Skip(encoded.AnswerStart), calibration.TargetIds);
        Assert.Equal([Id('c'), Id('d'), 2], calibration.TargetIds);
        // Scoring a continuation adds no EOS.
        Assert.Equal([Id('c'), Id('d')], CalibrationExample.FromText(Tokenizer, "ab", "cd").TargetIds);
    }

    [Fact]
    public void WithoutAnEosTokenTheTargetsAreTheAnswerTokens()
    {
        var tokenizer = new CodePointTokenizer(201, modulus: 200, offset: 1);
        Assert.Equal(tokenizer.Encode("xy", addSpecialTokens: false), CalibrationExample.FromWarmStart(tokenizer, new WarmStartExample("q", "xy")).TargetIds);
    }

    [Fact]
    public void TheCalibrateCommandsTextTargetsGetEosAndItsIdTargetsAreUsedAsGiven()
    {
        var path = _dir.File("calibration.jsonl", "{\"prompt\": \"ab\", \"target\": \"c\"}\n{\"prompt_ids\": [1, 5], \"target_ids\": [6, 7]}\n");
        var examples = CalibrationFile.Read(path, Tokenizer, Tokenizer.VocabSize);
        Assert.Equal([Id('c'), 2], examples[0].TargetIds);
        Assert.Equal([6, 7], examples[1].TargetIds);

        // A text target must still hold an answer token besides the EOS.
        var empty = _dir.File("empty.jsonl", "{\"prompt\": \"ab\", \"target\": \"\"}\n");
        var error = Assert.Throws<InputException>(() => CalibrationFile.Read(empty, Tokenizer, Tokenizer.VocabSize));
        Assert.Contains("at least one token", error.Message, StringComparison.Ordinal);
    }
}
