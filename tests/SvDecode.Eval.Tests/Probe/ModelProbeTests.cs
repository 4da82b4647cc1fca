using System.Text.Json;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Probe;
using SvDecode.Eval.Tests.Models;
using Xunit;

namespace SvDecode.Eval.Tests.Probe;

public sealed class ModelProbeTests
{
    [Fact]
    public void ProbeReportsLogitsArgmaxTargetsAndGreedyContinuation()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.Qwen2Config);
        using var model = folder.Load();
        int[] input = [4, 8, 15, 16];
        int[] targets = [23, 42];
        var result = ModelProbe.Run(model, input, targets, generate: 5);

        var logits = ReferenceChecker.FullForward(model, [input.Concat(targets).ToArray()], left: true)[0];
        Assert.Equal(input, result.InputIds);
        ModelInvariantTests.AssertRowClose(logits[3], result.LastLogits.ToArray());
        Assert.Equal(logits.Take(4).Select(ReferenceChecker.ArgMax), result.Argmax);
        for (var j = 0; j < targets.Length; j++)
        {
            var row = logits[3 + j];
            var max = row.Max();
            Assert.Equal(row[targets[j]] - max - Math.Log(row.Sum(x => Math.Exp(x - max))), result.TargetLogProbs[j], 1e-4);
        }
        Assert.Equal(5, result.GeneratedIds.Count);
        using var session = new ModelLogitsSession(model);
        Assert.Equal(TokenGenerator.Generate(session, [input], new GenerationOptions { MaxNewTokens = 5 })[0].TokenIds, result.GeneratedIds);

        var json = JsonSerializer.Serialize(result);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(["input_ids", "last_logits", "argmax", "target_logprobs", "generated_ids"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void ProbeRejectsIdsOutsideTheVocabulary()
    {
        using var folder = new TinyModelFolder(TinyModelFolder.LlamaConfig);
        using var model = folder.Load();
        var error = Assert.Throws<InputException>(() => ModelProbe.Run(model, [1, 61]));
        Assert.Contains("61", error.Message);
    }
}
