using SvDecode.Eval.Calibration;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Models;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>The batched (base, adapted) prompt-tuning pair gives the reference's steered outputs, like the lock-step pair.</summary>
public sealed class BatchedPromptPairTests
{
    [Fact]
    public void BatchedPairReproducesSteeredGreedyLogLikelihoodsAndCalibration()
    {
        var reference = SteeringReference.Load("prompt");
        using var model = SteeringReference.LoadModel();
        var prompt = VirtualTokenAdapters.Prompt(ReferenceFiles.Adapter("ref-llama-prompt"), model).PromptEmbeddings!;
        using var _ = prompt;
        IPairedLogitsSession Open() => new BatchedPromptPairSession(model, prompt);
        SteeredSessionFactory Steered(double mu, MaskMode mask) =>
            new(Open, model.Config.VocabSize, mu, new SteeringOptions { Alpha = reference.Alpha, Mask = mask });

        foreach (var run in reference["steered_greedy"].EnumerateArray().Concat(reference["steered_greedy_fixed_mu"].EnumerateArray()))
        {
            var options = new GenerationOptions { MaxNewTokens = run.GetProperty("max_new_tokens").GetInt32() };
            var request = new GenerationRequest(SteeringReference.Ints(run.GetProperty("prompt_ids")), options);
            // Two copies in one batch: left padding and row bookkeeping of the doubled batch.
            var outputs = new SessionLanguageModel(Steered(run.GetProperty("mu").GetDouble(), MaskMode.Hard)).Generate([request, request with { PromptIds = [7, .. request.PromptIds] }]);
            Assert.Equal(SteeringReference.Ints(run.GetProperty("output_ids")), outputs[0].TokenIds);
        }

        var pairs = reference["steered_loglik"].EnumerateArray().ToList();
        var requests = pairs.Select(p => new LogLikelihoodRequest(SteeringReference.Ints(p.GetProperty("context_ids")), SteeringReference.Ints(p.GetProperty("continuation_ids")))).ToList();
        var soft = new SessionLanguageModel(Steered(reference.MuBarUsed, MaskMode.Soft)).LogLikelihood(requests);
        var hard = new SessionLanguageModel(Steered(reference.MuBarUsed, MaskMode.Hard)).LogLikelihood(requests);
        for (var i = 0; i < pairs.Count; i++)
        {
            Tolerance.AllNear(SteeringReference.Doubles(pairs[i].GetProperty("soft_logprobs")), soft[i].TokenLogProbs, Tolerance.Logits, what: $"soft {i}");
            Tolerance.AllNear(SteeringReference.Doubles(pairs[i].GetProperty("hard_logprobs")), hard[i].TokenLogProbs, Tolerance.Logits, what: $"hard {i}");
        }

        var items = reference["calibration"].GetProperty("items").EnumerateArray().ToList();
        var examples = items.Select(i => new CalibrationExample(SteeringReference.Ints(i.GetProperty("prompt_ids")), SteeringReference.Ints(i.GetProperty("target_ids")))).ToList();
        var report = new StrengthCalibrator(Open, batchSize: 3).Calibrate(examples, new StrengthSolverOptions { Alpha = reference.Alpha }, StrengthAggregation.Mean);
        Tolerance.Near(reference["calibration"].GetProperty("mu_bar").GetProperty("mean").GetDouble(), report.MuBar, 0, 1e-3, "mu_bar");
    }
}
