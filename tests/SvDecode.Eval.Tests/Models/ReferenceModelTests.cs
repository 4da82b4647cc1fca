using SvDecode.Eval.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Models;

/// <summary>Our own float64 PyTorch reference (tests/fixtures/reference) replayed in float32.</summary>
public sealed class ReferenceModelTests
{
    private static void Check(string name, ModelLoadOptions? options = null, double scale = 1) =>
        ReferenceChecker.CheckAll(ReferenceFiles.Model(name), ReferenceFiles.Expected(name), options, scale);

    [ReferenceFact("ref-llama")]
    public void LlamaMatchesReference() => Check("ref-llama");

    [ReferenceFact("ref-qwen2")]
    public void Qwen2MatchesReference() => Check("ref-qwen2");

    [ReferenceFact("ref-mistral")]
    public void MistralMatchesReference() => Check("ref-mistral");

    [ReferenceFact("ref-llama3-rope")]
    public void Llama3RopeScalingMatchesReference() => Check("ref-llama3-rope");

    [ReferenceFact("ref-gpt2")]
    public void Gpt2MatchesReference() => Check("ref-gpt2");

    /// <summary>BF16-stored weights widened exactly to float32 must reproduce the reference computed from the same bits.</summary>
    [ReferenceFact("ref-llama-bf16")]
    public void Bf16CheckpointMatchesReferenceInFloat32() => Check("ref-llama-bf16", new ModelLoadOptions { DType = ScalarType.Float32 });
}
