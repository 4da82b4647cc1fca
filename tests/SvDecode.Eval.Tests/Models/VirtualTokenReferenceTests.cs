using SvDecode.Eval.Decoding;
using SvDecode.Eval.Models;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Models;

/// <summary>Prompt- and prefix-tuning expectations replayed through the session hooks (our reference and the shared oracle).</summary>
public sealed class VirtualTokenReferenceTests
{
    private static void CheckPrompt(string modelDir, string adapterDir, string expected) =>
        ReferenceChecker.CheckAll(modelDir, expected, session: m => VirtualTokenAdapters.Prompt(adapterDir, m));

    private static void CheckPrefix(string modelDir, string adapterDir, string expectedPath)
    {
        ReferenceChecker.CheckAll(modelDir, expectedPath, session: m => VirtualTokenAdapters.Prefix(adapterDir, m));

        // The file also records the other position convention (real tokens from 0) for its sequences.
        var expected = ReferenceChecker.ReadExpected(expectedPath);
        using var model = ModelLoader.Load(modelDir);
        var factory = new ModelLogitsSessionFactory(model, VirtualTokenAdapters.Prefix(adapterDir, model, hfPositions: false));
        ReferenceChecker.CheckSequences(factory, expected.GetProperty("variant_prefix_positions_zero").GetProperty("sequences"),
            inputs: expected.GetProperty("sequences").EnumerateArray().ToList());
    }

    [ReferenceFact("ref-llama-prompt", model: "ref-llama", adapter: "ref-llama-prompt")]
    public void LlamaPromptTuningMatchesReference() =>
        CheckPrompt(ReferenceFiles.Model("ref-llama"), ReferenceFiles.Adapter("ref-llama-prompt"), ReferenceFiles.Expected("ref-llama-prompt"));

    [ReferenceFact("ref-llama-prefix", model: "ref-llama", adapter: "ref-llama-prefix")]
    public void LlamaPrefixTuningMatchesReference() =>
        CheckPrefix(ReferenceFiles.Model("ref-llama"), ReferenceFiles.Adapter("ref-llama-prefix"), ReferenceFiles.Expected("ref-llama-prefix"));

    [SharedFact("fixtures/models/tiny-llama", "fixtures/adapters/tiny-llama-prompt", "fixtures/expected/tiny-llama-prompt.json")]
    public void TinyLlamaPromptTuningMatchesOracle() =>
        CheckPrompt(SharedFiles.Fixture("models", "tiny-llama"), SharedFiles.Fixture("adapters", "tiny-llama-prompt"), SharedFiles.Fixture("expected", "tiny-llama-prompt.json"));

    [SharedFact("fixtures/models/tiny-gpt2", "fixtures/adapters/tiny-gpt2-prompt", "fixtures/expected/tiny-gpt2-prompt.json")]
    public void TinyGpt2PromptTuningMatchesOracle() =>
        CheckPrompt(SharedFiles.Fixture("models", "tiny-gpt2"), SharedFiles.Fixture("adapters", "tiny-gpt2-prompt"), SharedFiles.Fixture("expected", "tiny-gpt2-prompt.json"));

    [SharedFact("fixtures/models/tiny-llama", "fixtures/adapters/tiny-llama-prefix", "fixtures/expected/tiny-llama-prefix.json")]
    public void TinyLlamaPrefixTuningMatchesOracle() =>
        CheckPrefix(SharedFiles.Fixture("models", "tiny-llama"), SharedFiles.Fixture("adapters", "tiny-llama-prefix"), SharedFiles.Fixture("expected", "tiny-llama-prefix.json"));

    [SharedFact("fixtures/models/tiny-gpt2", "fixtures/adapters/tiny-gpt2-prefix", "fixtures/expected/tiny-gpt2-prefix.json")]
    public void TinyGpt2PrefixTuningMatchesOracle() =>
        CheckPrefix(SharedFiles.Fixture("models", "tiny-gpt2"), SharedFiles.Fixture("adapters", "tiny-gpt2-prefix"), SharedFiles.Fixture("expected", "tiny-gpt2-prefix.json"));
}
