using SvDecode.Eval.Decoding;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Peft.Lora;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Steering;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>
/// The batched (base, adapted) pair — both models as rows of one forward — against the lock-step pair of two separate
/// sessions, call by call on ragged batches (left padding, decode steps, reordering as beam search does, multi-token
/// extension), and against the reference's steered greedy tokens in a doubled batch.
/// </summary>
public sealed class BatchedPairTests
{
    [Theory]
    [InlineData("lora")]
    [InlineData("ia3")]
    [InlineData("prompt")]
    public void EveryCallMatchesTheLockStepPair(string kind)
    {
        using var model = SteeringReference.LoadModel();
        using var adapter = SteeringReference.Attach(model, kind);
        using var batched = adapter.OpenPair(PairForward.Batched);
        using var lockStep = adapter.OpenPair(PairForward.LockStep);
        Assert.IsNotType<LockStepPairSession>(batched);
        IReadOnlyList<IReadOnlyList<int>> prompts = [[5, 9, 14, 3, 22, 8], [17, 4], [2, 30, 11, 6]];

        Same(batched.Start(prompts), lockStep.Start(prompts), "start");
        Assert.Equal(3, batched.BatchSize);
        Same(batched.Advance(tensor(new long[] { 7, 12, 1 })), lockStep.Advance(tensor(new long[] { 7, 12, 1 })), "advance 1");
        var rows = tensor(new long[] { 2, 0, 0 });                                  // beam search: drop row 1, duplicate row 0
        batched.Reorder(rows);
        lockStep.Reorder(rows);
        Same(batched.Advance(tensor(new long[] { 3, 3, 9 })), lockStep.Advance(tensor(new long[] { 3, 3, 9 })), "advance after reorder");
        var more = tensor(new long[,] { { 4, 8, 15 }, { 16, 23, 42 }, { 1, 2, 3 } });  // (3, 3) continuation tokens
        var mask = tensor(new long[,] { { 1, 1, 1 }, { 1, 1, 0 }, { 1, 1, 1 } });
        using (var batchedLogits = batched.Extend(more, mask))
        using (var lockStepLogits = lockStep.Extend(more, mask))
        {
            Same(batchedLogits.All(), lockStepLogits.All(), "extend");
        }
        Same(batched.Start([[6, 6, 6]]), lockStep.Start([[6, 6, 6]]), "restart");
        Assert.Equal(1, batched.BatchSize);
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("ia3")]
    [InlineData("prompt")]
    public void SteeredGreedyInADoubledBatchGivesTheReferenceTokens(string kind)
    {
        var reference = SteeringReference.Load(kind);
        using var model = SteeringReference.LoadModel();
        using var adapter = SteeringReference.Attach(model, kind);
        foreach (var run in reference["steered_greedy"].EnumerateArray().Concat(reference["steered_greedy_fixed_mu"].EnumerateArray()))
        {
            var steered = new SteeredSessionFactory(() => adapter.OpenPair(PairForward.Batched), model.Config.VocabSize, run.GetProperty("mu").GetDouble(),
                SteeringOptions.ForGeneration with { Alpha = reference.Alpha });
            var request = new GenerationRequest(SteeringReference.Ints(run.GetProperty("prompt_ids")), new GenerationOptions { MaxNewTokens = run.GetProperty("max_new_tokens").GetInt32() });
            // A second, longer row: the first is left-padded, and the pair keeps four rows of state.
            var outputs = new SessionLanguageModel(steered).Generate([request, request with { PromptIds = [7, .. request.PromptIds] }]);
            Assert.Equal(SteeringReference.Ints(run.GetProperty("output_ids")), outputs[0].TokenIds);
        }
    }

    [Fact]
    public void TheRowSplitEndsWithTheForwardAndLeavesTheSwitchAlone()
    {
        using var model = SteeringReference.LoadModel();
        using var adapter = (LoraAdapter)SteeringReference.Attach(model, "lora");
        adapter.Enabled = false;
        using (var pair = adapter.OpenPair(PairForward.Batched))
        {
            pair.Start([[1, 2, 3]]);
        }
        Assert.False(adapter.Enabled);
        Assert.All(adapter.Layers, l => Assert.Null(l.Layer.FirstAdaptedRow));
    }

    [Fact]
    public void AMergedLoraRefusesToAdaptSomeRowsOnly()
    {
        using var model = SteeringReference.LoadModel();
        using var adapter = (LoraAdapter)SteeringReference.Attach(model, "lora");
        adapter.Merge();
        using var pair = adapter.OpenPair(PairForward.Batched);
        var error = Assert.Throws<InvalidOperationException>(() => pair.Start([[1, 2, 3]]));
        Assert.Contains("merged", error.Message, StringComparison.Ordinal);
    }

    private static void Same((Tensor Base, Tensor Adapted) batched, (Tensor Base, Tensor Adapted) lockStep, string what)
    {
        Assert.Equal(lockStep.Base.shape, batched.Base.shape);
        Assert.Equal(lockStep.Adapted.shape, batched.Adapted.shape);
        var baseGap = (batched.Base - lockStep.Base).abs().max().item<float>();
        var adaptedGap = (batched.Adapted - lockStep.Adapted).abs().max().item<float>();
        Assert.True(baseGap <= 1e-4, $"{what}: base logits differ by {baseGap}");
        Assert.True(adaptedGap <= 1e-4, $"{what}: adapted logits differ by {adaptedGap}");
        // The two halves must differ somewhere, or a pair that ignored the adapter would pass.
        Assert.True((lockStep.Adapted - lockStep.Base).abs().max().item<float>() > 1e-3, $"{what}: the adapter changes nothing here");
    }
}
