using SvDecode.Eval.Decoding;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Peft.Lora;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;
using Xunit;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tests.Peft;

/// <summary>
/// A merged LoRA folds its delta into the base weights, so the model without it is gone: every way of asking for the
/// base distribution must refuse (it used to return the adapted logits, making δ = 0), and unmerging brings it back.
/// </summary>
public sealed class LoraMergeTests
{
    [Theory]
    [InlineData(PeftTestModels.Llama)]
    [InlineData(PeftTestModels.Gpt2)]
    public void AMergedLoraRefusesEveryBaseForwardUntilUnmerged(string family)
    {
        using var model = PeftTestModels.Load(family);
        using var adapter = (LoraAdapter)PeftTestModels.Create(model, PeftMethod.Lora, family);
        PeftTestModels.Perturb(adapter);
        using var baseBefore = PeftTestModels.Logits(adapter.BaseSessions);
        using var adapted = PeftTestModels.Logits(adapter.AdaptedSessions);

        adapter.Merge();
        using (var merged = PeftTestModels.Logits(adapter.AdaptedSessions))
        {
            Assert.True((merged - adapted).abs().max().item<float>() < 1e-4, "the merged model is the adapted one");
        }
        void Refused(Action baseForward, string what)
        {
            var error = Record.Exception(baseForward);
            Assert.True(
                error is InvalidOperationException { Message: var message } && message.Contains("merged", StringComparison.Ordinal) && message.Contains("unmerge", StringComparison.Ordinal),
                $"{what}: {error?.Message ?? "no error"}");
        }
        Refused(() => PeftTestModels.Logits(adapter.BaseSessions).Dispose(), "base session");
        foreach (var forward in new[] { PairForward.LockStep, PairForward.Batched })
        {
            using var pair = adapter.OpenPair(forward);
            Refused(() => pair.Start([[5, 17, 3]]), $"{forward} pair");
        }
        var (ids, mask) = PromptBatch.LeftPadded([[5, 17, 3]]);
        adapter.Enabled = false;
        Refused(() => adapter.TrainingHidden(ids, mask).Dispose(), "disabled forward");

        adapter.Enabled = true;
        adapter.Unmerge();
        using var baseAfter = PeftTestModels.Logits(adapter.BaseSessions);
        Assert.True((baseAfter - baseBefore).abs().max().item<float>() < 1e-5, "unmerged, the base model is back");
        Assert.True((adapted - baseBefore).abs().max().item<float>() > 1e-3, "the adapter changes nothing here");
    }
}
