using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Models;

/// <summary>The oracle's expected outputs for the shared tiny models (../shared/fixtures).</summary>
public sealed class SharedFixtureModelTests
{
    private static void Check(string model) =>
        ReferenceChecker.CheckAll(SharedFiles.Fixture("models", model), SharedFiles.Fixture("expected", model + ".json"));

    [SharedFact("fixtures/models/tiny-llama", "fixtures/expected/tiny-llama.json")]
    public void TinyLlamaMatchesOracle() => Check("tiny-llama");

    [SharedFact("fixtures/models/tiny-qwen2", "fixtures/expected/tiny-qwen2.json")]
    public void TinyQwen2MatchesOracle() => Check("tiny-qwen2");

    [SharedFact("fixtures/models/tiny-gpt2", "fixtures/expected/tiny-gpt2.json")]
    public void TinyGpt2MatchesOracle() => Check("tiny-gpt2");

    [SharedFact("fixtures/models/stories260k", "fixtures/expected/stories260k.json")]
    public void Stories260kMatchesOracle() => Check("stories260k");
}
