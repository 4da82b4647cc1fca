using System.Text.Json;
using System.Text.Json.Serialization;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Tests.Steering;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Metrics;

public sealed class TruthfulQaMcTests
{
    private sealed class MetricCase
    {
        public double[] Mc1Scores { get; init; } = [];
        public double[] Mc2Scores { get; init; } = [];
        public int[] Mc2Labels { get; init; } = [];

        [JsonPropertyName("MC1")]
        public double Mc1 { get; init; }

        [JsonPropertyName("MC2")]
        public double Mc2 { get; init; }

        [JsonPropertyName("MC3")]
        public double Mc3 { get; init; }
    }

    private sealed class MetricCases
    {
        public List<MetricCase> Cases { get; init; } = [];
    }

    [SharedFact("fixtures/expected/truthfulqa-metrics.json")]
    public void MetricCasesMatchTheReference()
    {
        var file = JsonSerializer.Deserialize<MetricCases>(
            File.ReadAllText(SharedFiles.Fixture("expected", "truthfulqa-metrics.json")), SvDecodeFixture.JsonOptions)!;
        Assert.Equal(4, file.Cases.Count);
        foreach (var (c, i) in file.Cases.Select((c, i) => (c, i)))
        {
            var scores = TruthfulQaMc.Score(c.Mc1Scores, c.Mc2Scores, c.Mc2Labels);
            Assert.Equal(c.Mc1, scores.Mc1);
            Tolerance.Near(c.Mc2, scores.Mc2, Tolerance.Probabilities, what: $"case {i} MC2");
            Assert.Equal(c.Mc3, scores.Mc3);
        }
    }

    [SharedTheory("fixtures/expected/svdecode-tiny-llama-lora.json")]
    [MemberData(nameof(SvDecodeFixture.AllNames), MemberType = typeof(SvDecodeFixture))]
    public void PerQuestionAndAverageScoresMatchTheSvDecodeFixtures(string name)
    {
        var mc = SvDecodeFixture.Load(name).TruthfulQaMc;
        Assert.Equal(["adapted", "base", "steered_soft"], mc.Results.Keys.Order());
        foreach (var (condition, result) in mc.Results)
        {
            var all = new List<TruthfulQaMcScores>();
            for (var q = 0; q < result.PerQuestion.Count; q++)
            {
                var expected = result.PerQuestion[q];
                var question = mc.Questions[q];
                Assert.Equal([1, 0, 0, 0], question.Mc1Targets.Labels);   // gold at index 0, as MC1 assumes
                var scores = TruthfulQaMc.Score(expected.Mc1Scores, expected.Mc2Scores, question.Mc2Targets.Labels);
                var what = $"{name} {condition} q{q}";
                Assert.True(expected.Mc1 == scores.Mc1, what + " MC1");
                Tolerance.Near(expected.Mc2, scores.Mc2, Tolerance.Probabilities, what: what + " MC2");
                Tolerance.Near(expected.Mc3, scores.Mc3, 1e-6, what: what + " MC3");   // a fraction, stored to 7 digits
                all.Add(scores);
            }
            Tolerance.Near(result.Average.Mc1, all.Average(s => s.Mc1), 1e-6, what: $"{name} {condition} avg MC1");
            Tolerance.Near(result.Average.Mc2, all.Average(s => s.Mc2), Tolerance.Probabilities, what: $"{name} {condition} avg MC2");
            Tolerance.Near(result.Average.Mc3, all.Average(s => s.Mc3), 1e-6, what: $"{name} {condition} avg MC3");
        }
    }

    [Fact]
    public void HandComputedScores()
    {
        // mc2: true scores ln 0.2 and ln 0.3, false ln 0.5 → MC2 = 0.5; MC3: best false ln 0.5 beats both → 0.
        var scores = TruthfulQaMc.Score([-1.0, -1.0000001], [Math.Log(0.2), Math.Log(0.3), Math.Log(0.5)], [1, 1, 0]);
        Assert.Equal(1.0, scores.Mc1);
        Assert.Equal(0.5, scores.Mc2, 12);
        Assert.Equal(0.0, scores.Mc3);
        Assert.Equal(0.5, scores.Average, 12);
        Assert.Equal(0.0, TruthfulQaMc.Mc1([-1.0, -1.0, -3.0]));   // a tie is not "above"
        Assert.Equal(0.5, TruthfulQaMc.Mc3([-1.0, -4.0, -2.0], [1, 1, 0]));
    }

    [Fact]
    public void SummaryAveragesQuestionsWithStandardErrors()
    {
        var summary = TruthfulQaMc.Summarise([new TruthfulQaMcScores(1, 0.5, 1), new TruthfulQaMcScores(0, 0.25, 0.5)]);
        Assert.Equal(["mc1", "mc2", "mc3", "mc_avg"], summary.Select(s => s.Name));
        Assert.Equal(0.5, summary[0].Mean);
        Assert.Equal(0.5, summary[0].StdErr, 12);                      // sample std √0.5, / √2
        Assert.Equal(0.375, summary[1].Mean);
        Assert.Equal((2.5 / 3 + 0.75 / 3) / 2, summary[3].Mean, 12);
    }

    [Fact]
    public void Mc2DoesNotUnderflowAndHandlesMinusInfinity()
    {
        Assert.Equal(1.0 / (1.0 + Math.Exp(-1)), TruthfulQaMc.Mc2([-2000.0, -2001.0], [1, 0]), 12);
        Assert.Equal(1.0, TruthfulQaMc.Mc2([-5.0, double.NegativeInfinity], [1, 0]));
        Assert.True(double.IsNaN(TruthfulQaMc.Mc2([double.NegativeInfinity, double.NegativeInfinity], [1, 0])));
    }

    [Fact]
    public void HardMaskScoringBreaksTiesAmongAnswersThatLeftTheMask()
    {
        const double Out = double.NegativeInfinity;
        // mc2: true, true, false, false. Steered: one true answer kept; the other true and both false left the mask.
        // Unsteered, the second true answer (−1) ranks above both false ones (−2, −3), so it counts for MC3.
        var mc2 = AnswerScores.HardMask([-1.0, Out, Out, Out], [-9.0, -1.0, -2.0, -3.0]);
        int[] labels = [1, 1, 0, 0];
        Assert.Equal(1.0, TruthfulQaMc.Mc3(mc2, labels));
        Assert.Equal(1.0, TruthfulQaMc.Mc2(mc2, labels));   // −∞ answers carry no mass
        Assert.Equal(0.5, TruthfulQaMc.Mc3([-1.0, Out, Out, Out], labels));   // plain scores: −∞ is not above −∞
        // Gold kept, the others not: MC1 1; gold out, another kept: MC1 0, whatever the unsteered scores say.
        Assert.Equal(1.0, TruthfulQaMc.Mc1(AnswerScores.HardMask([-4.0, Out, Out], [-9.0, -1.0, -2.0])));
        Assert.Equal(0.0, TruthfulQaMc.Mc1(AnswerScores.HardMask([Out, -4.0, Out], [-1.0, -9.0, -2.0])));
        Assert.False(TruthfulQaMc.TieBreakDecides(AnswerScores.HardMask([-4.0, Out, Out], [-9.0, -1.0, -2.0]), AnswerScores.Plain([-1.0, -2.0, -3.0, -4.0]), labels));
        Assert.True(TruthfulQaMc.TieBreakDecides(AnswerScores.HardMask([-4.0, Out, Out], [-9.0, -1.0, -2.0]), mc2, labels));
    }

    [Fact]
    public void AQuestionWhoseAnswersAllLeftTheMaskIsScoredUnsteeredForEveryMetric()
    {
        const double Out = double.NegativeInfinity;
        double[] unsteered1 = [-1.0, -3.0, -2.0];
        double[] unsteered2 = [-3.0, -1.0, -2.0, -0.5];
        int[] labels = [1, 1, 0, 0];
        var steered = TruthfulQaMc.Score(AnswerScores.HardMask([Out, Out, Out], unsteered1), AnswerScores.HardMask([Out, Out, Out, Out], unsteered2), labels);
        Assert.Equal(TruthfulQaMc.Score(unsteered1, unsteered2, labels), steered);
        Assert.True(double.IsFinite(steered.Mc2));
        Assert.True(double.IsFinite(steered.Average));
        Assert.True(TruthfulQaMc.TieBreakDecides(AnswerScores.HardMask([Out, Out, Out], unsteered1), AnswerScores.HardMask([Out, Out, Out, Out], unsteered2), labels));
    }

    [Fact]
    public void MalformedInputsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => TruthfulQaMc.Mc1([-1.0]));
        Assert.Throws<ArgumentException>(() => TruthfulQaMc.Mc2([-1.0, -2.0], [1, 1]));
        Assert.Throws<ArgumentException>(() => TruthfulQaMc.Mc3([-1.0, -2.0], [1]));
        Assert.Throws<ArgumentException>(() => TruthfulQaMc.Mc3([-1.0, -2.0], [1, 2]));
    }
}
