using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Tests.Models;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>
/// Saved PEFT adapters (our reference set and the shared oracle's) loaded by <see cref="PeftAdapters.Load"/> reproduce
/// the expected logits, greedy ids and log-likelihoods; their base sessions reproduce the plain model's file.
/// </summary>
public sealed class PeftReferenceTests
{
    private static void Check(string modelDir, string adapterDir, string expectedPath, string? baseExpectedPath)
    {
        using var model = ModelLoader.Load(modelDir);
        using var adapter = PeftAdapters.Load(adapterDir, model);
        CheckFactory(adapter.AdaptedSessions, expectedPath);
        if (baseExpectedPath is not null)
        {
            CheckFactory(adapter.BaseSessions, baseExpectedPath);
        }
    }

    private static void CheckFactory(ILogitsSessionFactory factory, string expectedPath)
    {
        var expected = ReferenceChecker.ReadExpected(expectedPath);
        ReferenceChecker.CheckSequences(factory, expected.GetProperty("sequences"));
        ReferenceChecker.CheckPaddedBatches(factory, expected);
        ReferenceChecker.CheckGreedy(factory, expected);
        ReferenceChecker.CheckLogLikelihood(factory, expected);
    }

    private static void CheckReference(string kind) =>
        Check(ReferenceFiles.Model("ref-llama"), ReferenceFiles.Adapter($"ref-llama-{kind}"), ReferenceFiles.Expected($"ref-llama-{kind}"), ReferenceFiles.Expected("ref-llama"));

    [ReferenceFact("ref-llama-lora", model: "ref-llama", adapter: "ref-llama-lora")]
    public void RefLlamaLora() => CheckReference("lora");

    [ReferenceFact("ref-llama-ia3", model: "ref-llama", adapter: "ref-llama-ia3")]
    public void RefLlamaIa3() => CheckReference("ia3");

    [ReferenceFact("ref-llama-prompt", model: "ref-llama", adapter: "ref-llama-prompt")]
    public void RefLlamaPromptTuning() => CheckReference("prompt");

    [ReferenceFact("ref-llama-prefix", model: "ref-llama", adapter: "ref-llama-prefix")]
    public void RefLlamaPrefixTuning() => CheckReference("prefix");

    private static void CheckShared(string family, string kind) =>
        Check(SharedFiles.Fixture("models", $"tiny-{family}"), SharedFiles.Fixture("adapters", $"tiny-{family}-{kind}"), SharedFiles.Fixture("expected", $"tiny-{family}-{kind}.json"), null);

    [SharedFact("fixtures/models/tiny-llama", "fixtures/adapters/tiny-llama-lora", "fixtures/expected/tiny-llama-lora.json")]
    public void TinyLlamaLora() => CheckShared("llama", "lora");

    [SharedFact("fixtures/models/tiny-llama", "fixtures/adapters/tiny-llama-ia3", "fixtures/expected/tiny-llama-ia3.json")]
    public void TinyLlamaIa3() => CheckShared("llama", "ia3");

    [SharedFact("fixtures/models/tiny-llama", "fixtures/adapters/tiny-llama-prompt", "fixtures/expected/tiny-llama-prompt.json")]
    public void TinyLlamaPromptTuning() => CheckShared("llama", "prompt");

    [SharedFact("fixtures/models/tiny-llama", "fixtures/adapters/tiny-llama-prefix", "fixtures/expected/tiny-llama-prefix.json")]
    public void TinyLlamaPrefixTuning() => CheckShared("llama", "prefix");

    [SharedFact("fixtures/models/tiny-gpt2", "fixtures/adapters/tiny-gpt2-lora", "fixtures/expected/tiny-gpt2-lora.json")]
    public void TinyGpt2Lora() => CheckShared("gpt2", "lora");

    [SharedFact("fixtures/models/tiny-gpt2", "fixtures/adapters/tiny-gpt2-ia3", "fixtures/expected/tiny-gpt2-ia3.json")]
    public void TinyGpt2Ia3() => CheckShared("gpt2", "ia3");

    [SharedFact("fixtures/models/tiny-gpt2", "fixtures/adapters/tiny-gpt2-prompt", "fixtures/expected/tiny-gpt2-prompt.json")]
    public void TinyGpt2PromptTuning() => CheckShared("gpt2", "prompt");

    [SharedFact("fixtures/models/tiny-gpt2", "fixtures/adapters/tiny-gpt2-prefix", "fixtures/expected/tiny-gpt2-prefix.json")]
    public void TinyGpt2PrefixTuning() => CheckShared("gpt2", "prefix");
}
