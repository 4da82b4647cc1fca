using SvDecode.Eval.Calibration;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Steering;
using SvDecode.Eval.Tests.Models;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>
/// Every quantity of svdecode-ref-llama-&lt;kind&gt;.json reproduced through the real decoding path: a steered session
/// factory over the (base, adapted) pair of the reference model and adapter — δ, keep, steered logits, μ* and μ̄,
/// steered greedy tokens (μ̄ and fixed ±10), soft and hard log-likelihoods, and TruthfulQA MC1/MC2/MC3 for base,
/// adapted and steered. Tolerances are the fixtures README's.
/// </summary>
public sealed class SteeredSessionReferenceTests
{
    [Theory]
    [InlineData("prompt", PairForward.LockStep)]
    [InlineData("prompt", PairForward.Batched)]
    [InlineData("prefix", PairForward.LockStep)]
    [InlineData("prefix", PairForward.Batched)]
    public void VirtualTokenAdaptersReproduceTheReference(string kind, PairForward forward) => CheckAll(kind, forward);

    [Theory]
    [InlineData("lora", PairForward.LockStep)]
    [InlineData("lora", PairForward.Batched)]
    [InlineData("ia3", PairForward.LockStep)]
    [InlineData("ia3", PairForward.Batched)]
    public void ModuleWrapperAdaptersReproduceTheReference(string kind, PairForward forward) => CheckAll(kind, forward);

    private static void CheckAll(string kind, PairForward forward)
    {
        var reference = SteeringReference.Load(kind);
        using var model = SteeringReference.LoadModel();
        using var adapter = SteeringReference.Attach(model, kind);
        Contexts(reference, adapter, forward, kind);
        Calibration(reference, adapter, forward, kind);
        SteeredGreedy(reference, adapter, forward, kind);
        SteeredLogLikelihood(reference, adapter, forward, kind);
        TruthfulQa(reference, adapter, forward, kind);
    }

    private static SteeredSessionFactory Steered(IPeftAdapter adapter, PairForward forward, double mu, SteeringOptions options) =>
        new(() => adapter.OpenPair(forward), adapter.Model.Config.VocabSize, mu, options);

    private static void Contexts(SteeringReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        var soft = Steered(adapter, forward, reference.MuBarUsed, SteeringOptions.ForScoring with { Alpha = reference.Alpha });
        var hard = soft.With(reference.MuBarUsed, SteeringOptions.ForGeneration with { Alpha = reference.Alpha });
        var index = 0;
        foreach (var context in reference["contexts"].EnumerateArray())
        {
            var what = $"{kind} context {index++}";
            IReadOnlyList<IReadOnlyList<int>> prompt = [SteeringReference.Ints(context.GetProperty("context_ids"))];
            using var scope = torch.NewDisposeScope();
            using var pair = adapter.OpenPair(forward);
            var (zTheta, zPhi) = pair.Start(prompt);                                     // (1, V) each
            Tolerance.AllNear(SteeringReference.Doubles(context.GetProperty("z_theta")), Row(zTheta), Tolerance.Logits, what: what + " z_theta");
            Tolerance.AllNear(SteeringReference.Doubles(context.GetProperty("z_phi")), Row(zPhi), Tolerance.Logits, what: what + " z_phi");
            var steering = SteeringVector.Compute(zTheta, zPhi);
            var keep = ConfidenceMask.Compute(steering.AdaptedProbs, reference.Alpha);
            Tolerance.AllNear(SteeringReference.Doubles(context.GetProperty("delta")), Row(steering.Delta), Tolerance.Probabilities, what: what + " delta");
            Tolerance.Near(context.GetProperty("kl").GetDouble(), steering.Kl.item<float>(), Tolerance.Probabilities, what: what + " kl");
            Assert.Equal(SteeringReference.Ints(context.GetProperty("keep")).Select(k => k == 1), keep[0].data<bool>().ToArray());
            Assert.Equal(context.GetProperty("n_keep").GetInt32(), ConfidenceMask.CountKept(keep).item<long>());
            Tolerance.Near(0, Row(steering.Delta).Sum(), Tolerance.Probabilities, what: what + " Σδ");

            using var softSession = soft.Open();
            Tolerance.AllNear(SteeringReference.Doubles(context.GetProperty("steered_soft")), Row(softSession.Start(prompt)), Tolerance.Logits, what: what + " steered_soft");
            using var hardSession = hard.Open();
            Assert.Equal(context.GetProperty("argmax_hard").GetInt32(), hardSession.Start(prompt).argmax(-1).item<long>());
        }
        Assert.Equal(0, soft.Diagnostics.NonFinitePositions);
        Assert.Equal(reference["contexts"].GetArrayLength(), soft.Diagnostics.Positions);
    }

    private static void Calibration(SteeringReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        var items = reference["calibration"].GetProperty("items").EnumerateArray().ToList();
        var tokens = SteeringReference.CheckCalibration(items, () => adapter.OpenPair(forward), new StrengthSolverOptions { Alpha = reference.Alpha }, "mu", "num", "den", kind);
        var report = StrengthReportBuilder.Report(tokens, StrengthAggregation.Mean);
        var muBar = reference["calibration"].GetProperty("mu_bar");
        Tolerance.Near(muBar.GetProperty("mean").GetDouble(), report.MuBar, 0, 1e-3, kind + " mu_bar mean");
        Tolerance.Near(muBar.GetProperty("median").GetDouble(), report.Aggregates.Median, 0, 1e-3, kind + " mu_bar median");
        Tolerance.Near(muBar.GetProperty("ratio_of_sums").GetDouble(), report.Aggregates.Ratio, 0, 1e-3, kind + " mu_bar ratio");
        Assert.Equal(muBar.GetProperty("n_tokens").GetInt32(), report.TokensUsed);
        Assert.Equal(muBar.GetProperty("frac_negative").GetDouble(), report.FractionNegative, 1e-9);
    }

    private static void SteeredGreedy(SteeringReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        foreach (var run in reference["steered_greedy"].EnumerateArray().Concat(reference["steered_greedy_fixed_mu"].EnumerateArray()))
        {
            var mu = run.GetProperty("mu").GetDouble();
            Assert.Equal("hard", run.GetProperty("mode").GetString());
            var steered = Steered(adapter, forward, mu, SteeringOptions.ForGeneration with { Alpha = reference.Alpha });
            var options = new GenerationOptions { MaxNewTokens = run.GetProperty("max_new_tokens").GetInt32() };
            var generated = new SessionLanguageModel(steered).Generate([new GenerationRequest(SteeringReference.Ints(run.GetProperty("prompt_ids")), options)])[0];
            Assert.Equal(SteeringReference.Ints(run.GetProperty("output_ids")), generated.TokenIds);
            // One steered position per generated token; the mask sizes add up to the oracle's per-step n_keep.
            var steps = run.GetProperty("steps").EnumerateArray().ToList();
            Assert.Equal(steps.Count, steered.Diagnostics.Positions);
            Assert.Equal(steps.Sum(s => s.GetProperty("n_keep").GetInt64()), steered.Diagnostics.KeptTokens);
        }
    }

    private static void SteeredLogLikelihood(SteeringReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        var pairs = reference["steered_loglik"].EnumerateArray().ToList();
        var requests = pairs.Select(p => new LogLikelihoodRequest(SteeringReference.Ints(p.GetProperty("context_ids")), SteeringReference.Ints(p.GetProperty("continuation_ids")))).ToList();
        var soft = Steered(adapter, forward, reference.MuBarUsed, SteeringOptions.ForScoring with { Alpha = reference.Alpha });
        var hard = soft.With(reference.MuBarUsed, SteeringOptions.ForGeneration with { Alpha = reference.Alpha });
        var adapted = new SessionLanguageModel(adapter.AdaptedSessions).LogLikelihood(requests);
        var softScores = new SessionLanguageModel(soft).LogLikelihood(requests);
        var hardScores = new SessionLanguageModel(hard).LogLikelihood(requests);
        for (var i = 0; i < pairs.Count; i++)
        {
            var what = $"{kind} loglik {i}";
            Tolerance.AllNear(SteeringReference.Doubles(pairs[i].GetProperty("adapted_logprobs")), adapted[i].TokenLogProbs, Tolerance.Logits, what: what + " adapted");
            Tolerance.AllNear(SteeringReference.Doubles(pairs[i].GetProperty("soft_logprobs")), softScores[i].TokenLogProbs, Tolerance.Logits, what: what + " soft");
            Tolerance.Near(SteeringReference.Double(pairs[i].GetProperty("soft_sum")), softScores[i].Sum, Tolerance.Logits, what: what + " soft_sum");
            Tolerance.AllNear(SteeringReference.Doubles(pairs[i].GetProperty("hard_logprobs")), hardScores[i].TokenLogProbs, Tolerance.Logits, what: what + " hard");
            Tolerance.Near(SteeringReference.Double(pairs[i].GetProperty("hard_sum")), hardScores[i].Sum, Tolerance.Logits, what: what + " hard_sum");
            Assert.Equal(SteeringReference.Ints(pairs[i].GetProperty("gold_kept")).Select(k => k == 1), hardScores[i].TokenLogProbs.Select(double.IsFinite));
        }
        Assert.Equal(0, soft.Diagnostics.NonFinitePositions);
    }

    private static void TruthfulQa(SteeringReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        var mc = reference["truthfulqa_mc"];
        var questions = mc.GetProperty("questions").EnumerateArray().ToList();
        var soft = Steered(adapter, forward, reference.MuBarUsed, SteeringOptions.ForScoring with { Alpha = reference.Alpha });
        foreach (var (name, sessions) in new (string, ILogitsSessionFactory)[] { ("base", adapter.BaseSessions), ("adapted", adapter.AdaptedSessions), ("steered_soft", soft) })
        {
            var expected = mc.GetProperty("results").GetProperty(name);
            var scorer = new SessionLanguageModel(sessions);
            var perQuestion = new List<TruthfulQaMcScores>();
            for (var q = 0; q < questions.Count; q++)
            {
                var what = $"{kind} {name} question {q}";
                var question = SteeringReference.Ints(questions[q].GetProperty("question_ids"));
                double[] Scores(string targets) => [.. scorer.LogLikelihood(
                    [.. questions[q].GetProperty(targets).GetProperty("answers").EnumerateArray().Select(a => new LogLikelihoodRequest(question, SteeringReference.Ints(a)))])
                    .Select(r => r.Sum)];
                var mc1 = Scores("mc1_targets");
                var mc2 = Scores("mc2_targets");
                var want = expected.GetProperty("per_question")[q];
                Tolerance.AllNear(SteeringReference.Doubles(want.GetProperty("mc1_scores")), mc1, Tolerance.Logits, what: what + " mc1_scores");
                Tolerance.AllNear(SteeringReference.Doubles(want.GetProperty("mc2_scores")), mc2, Tolerance.Logits, what: what + " mc2_scores");
                var scores = TruthfulQaMc.Score(mc1, mc2, SteeringReference.Ints(questions[q].GetProperty("mc2_targets").GetProperty("labels")));
                Assert.Equal(want.GetProperty("MC1").GetDouble(), scores.Mc1);
                Tolerance.Near(want.GetProperty("MC2").GetDouble(), scores.Mc2, Tolerance.Probabilities, what: what + " MC2");
                Assert.Equal(want.GetProperty("MC3").GetDouble(), scores.Mc3, 1e-6);
                perQuestion.Add(scores);
            }
            var average = expected.GetProperty("average");
            Tolerance.Near(average.GetProperty("MC1").GetDouble(), perQuestion.Average(s => s.Mc1), 1e-6, what: $"{kind} {name} MC1");
            Tolerance.Near(average.GetProperty("MC2").GetDouble(), perQuestion.Average(s => s.Mc2), Tolerance.Probabilities, what: $"{kind} {name} MC2");
            Tolerance.Near(average.GetProperty("MC3").GetDouble(), perQuestion.Average(s => s.Mc3), 1e-6, what: $"{kind} {name} MC3");
        }
    }

    private static double[] Row(torch.Tensor logits) => logits[0].to_type(torch.ScalarType.Float64).data<double>().ToArray();
}
