using SvDecode.Eval.Calibration;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Steering;
using TorchSharp;
using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>
/// Every value of decoding-ref-llama-&lt;kind&gt;.json reproduced through the real decoding path, for every setting
/// (off, SVDecode, contrastive at β 1 and 0.5, extrapolation at λ̄ and at a fixed λ) and mask mode: ẑ's log-softmax
/// rows from a session's Start, hard-mask greedy ids from generation, multiple-choice scores, chosen answers and
/// all-masked items from the choice scorer with the hard-mask conventions, and λ*_t (and μ*_t) per calibration token
/// with every aggregate from the strength calibrator. Tolerances are the fixtures README's.
/// </summary>
public sealed class DecodingReferenceTests
{
    private static readonly string[] Modes = ["hard", "soft", "none"];

    [Theory]
    [InlineData("lora", PairForward.Batched)]
    [InlineData("lora", PairForward.LockStep)]
    [InlineData("ia3", PairForward.Batched)]
    [InlineData("prompt", PairForward.Batched)]
    [InlineData("prefix", PairForward.LockStep)]
    public void EveryMethodReproducesTheReference(string kind, PairForward forward)
    {
        var reference = DecodingReference.Load(kind);
        using var model = SteeringReference.LoadModel();
        using var adapter = SteeringReference.Attach(model, kind);
        Contexts(reference, adapter, forward, kind);
        Greedy(reference, adapter, forward, kind);
        MultipleChoice(reference, adapter, forward, kind);
        Calibration(reference, adapter, forward, kind);
    }

    private static void Contexts(DecodingReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        var index = 0;
        foreach (var context in reference["contexts"].EnumerateArray())
        {
            IReadOnlyList<IReadOnlyList<int>> prompt = [SteeringReference.Ints(context.GetProperty("context_ids"))];
            var expected = context.GetProperty("log_softmax");
            foreach (var setting in reference.Settings)
            {
                foreach (var mode in Modes)
                {
                    var what = $"{kind} context {index} {DecodingReference.Id(setting)} {mode}";
                    using var scope = torch.NewDisposeScope();
                    using var session = reference.Sessions(adapter, forward, setting, DecodingReference.Mode(mode)).Open();
                    var row = session.Start(prompt)[0].to_type(torch.ScalarType.Float64).log_softmax(-1).data<double>().ToArray();
                    Tolerance.AllNear(SteeringReference.Doubles(expected.GetProperty(DecodingReference.Id(setting)).GetProperty(mode)), row, Tolerance.Logits, what: what);
                }
            }
            index++;
        }
    }

    private static void Greedy(DecodingReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        foreach (var run in reference["greedy"].EnumerateArray())
        {
            var mode = DecodingReference.Mode(run.GetProperty("mode").GetString()!);
            var request = new GenerationRequest(SteeringReference.Ints(run.GetProperty("prompt_ids")), new GenerationOptions { MaxNewTokens = run.GetProperty("max_new_tokens").GetInt32() });
            foreach (var setting in reference.Settings)
            {
                var generated = new SessionLanguageModel(reference.Sessions(adapter, forward, setting, mode)).Generate([request])[0];
                Assert.True(SteeringReference.Ints(run.GetProperty("output_ids").GetProperty(DecodingReference.Id(setting))).SequenceEqual(generated.TokenIds),
                    $"{kind} greedy {DecodingReference.Id(setting)}: [{string.Join(", ", generated.TokenIds)}]");
            }
        }
    }

    private static void MultipleChoice(DecodingReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        var questions = reference["multiple_choice"].GetProperty("questions").EnumerateArray().ToList();
        var requests = questions.Select(q => (IReadOnlyList<LogLikelihoodRequest>)[.. q.GetProperty("answers").EnumerateArray()
            .Select(a => new LogLikelihoodRequest(SteeringReference.Ints(q.GetProperty("question_ids")), SteeringReference.Ints(a)))]).ToList();
        var unsteered = new SessionLanguageModel(adapter.AdaptedSessions);
        foreach (var setting in reference.Settings)
        {
            foreach (var mode in Modes)
            {
                var id = DecodingReference.Id(setting);
                // As the score stage does: the unsteered scores come along wherever a score can be −∞.
                var masked = mode == "hard" || DecodingReference.Method(setting) == "contrastive";
                var sessions = reference.Sessions(adapter, forward, setting, DecodingReference.Mode(mode));
                var scored = new SteeredChoiceScorer(new SessionLanguageModel(sessions), masked ? unsteered : null).Score(requests);
                for (var q = 0; q < questions.Count; q++)
                {
                    var what = $"{kind} question {q} {id} {mode}";
                    Tolerance.AllNear(SteeringReference.Doubles(questions[q].GetProperty("scores").GetProperty(id).GetProperty(mode)), scored[q].Ranking.Scores, Tolerance.Logits, what: what);
                    Assert.True(questions[q].GetProperty("chosen").GetProperty(id).GetProperty(mode).GetInt32() == scored[q].Ranking.Best(), what + " chosen");
                    Assert.True(questions[q].GetProperty("all_masked").GetProperty(id).GetProperty(mode).GetBoolean() == scored[q].Ranking.AllMasked, what + " all_masked");
                }
            }
        }
    }

    private static void Calibration(DecodingReference reference, IPeftAdapter adapter, PairForward forward, string kind)
    {
        var calibration = reference["calibration"];
        var items = calibration.GetProperty("items").EnumerateArray().ToList();
        foreach (var (method, prefix, aggregate) in new[] { (DecodingMethod.Extrapolation, "lambda", "lambda_bar"), (DecodingMethod.SvDecode, "mu", "mu_bar") })
        {
            var options = new StrengthSolverOptions { Alpha = reference.Alpha, Method = method };
            var tokens = SteeringReference.CheckCalibration(items, () => adapter.OpenPair(forward), options, prefix, prefix + "_num", prefix + "_den", kind);
            var report = StrengthReportBuilder.Report(tokens, StrengthAggregation.Mean);
            var want = calibration.GetProperty(aggregate);
            void Near(string name, double actual) => Tolerance.Near(want.GetProperty(name).GetDouble(), actual, 1e-4, 1e-3, $"{kind} {aggregate}.{name}");
            Near("mean", report.Aggregates.Mean);
            Near("median", report.Aggregates.Median);
            Near("trimmed", report.Aggregates.Trimmed);
            Near("trimmed_tau", report.Aggregates.TrimTau);
            Near("ratio", report.Aggregates.Ratio);
            Assert.Equal(want.GetProperty("trimmed_count").GetInt32(), report.Aggregates.TrimmedCount);
            Assert.Equal(want.GetProperty("n_tokens").GetInt32(), report.TokensUsed);
            Assert.Equal(want.GetProperty("frac_negative").GetDouble(), report.FractionNegative, 1e-9);
            if (method == DecodingMethod.Extrapolation)
            {
                // The score stage's λ̄ under extrapolation.lambda: mean is the setting the reference decodes with.
                Tolerance.Near(reference["lambda_bar_used"].GetDouble(), new ExtrapolationSettings().LambdaOf(report.Aggregates), 1e-4, 1e-3, $"{kind} lambda_bar_used");
            }
        }
    }
}
