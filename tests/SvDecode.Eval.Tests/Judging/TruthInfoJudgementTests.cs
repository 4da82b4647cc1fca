using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;
using SvDecode.Eval.Decoding;
using SvDecode.Eval.Judging;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Scoring;
using SvDecode.Eval.Tests.Progress;
using SvDecode.Eval.Tests.Support;
using SvDecode.Eval.Tokenization;
using Xunit;

namespace SvDecode.Eval.Tests.Judging;

/// <summary>truth, info and truth_info from scripted judge log-likelihoods: per-item AND, means and standard errors.</summary>
public sealed class TruthInfoJudgementTests
{
    /// <summary>log P(" yes") is 0 when the context contains a word listed for its prompt kind, else -2; log P(" no") is -1.</summary>
    private sealed class ScriptedJudge(string[] truthful, string[] informative) : ILanguageModel
    {
        private static readonly CodePointTokenizer Tokenizer = new(256);

        public int VocabSize => 256;

        public IReadOnlyList<LogLikelihoodResult> LogLikelihood(IReadOnlyList<LogLikelihoodRequest> requests, CancellationToken cancellationToken = default) =>
            [.. requests.Select(r =>
            {
                var context = Tokenizer.Decode(r.ContextIds);
                var words = context.EndsWith("True:", StringComparison.Ordinal) ? truthful : informative;
                var yes = Tokenizer.Decode(r.ContinuationIds) == " yes";
                var sum = yes ? (words.Any(w => context.Contains(w, StringComparison.Ordinal)) ? 0.0 : -2.0) : -1.0;
                return new LogLikelihoodResult([], sum, false);
            })];

        public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private static BenchmarkItem Item(string id) => new()
    {
        Id = id,
        Question = $"question {id}?",
        Prompt = "primer",
        WarmStart = new WarmStartExample("primer", " a"),
    };

    [Fact]
    public void TruthInfoIsTruthAndInfoPerItemWithStandardErrors()
    {
        var items = new[] { Item("a"), Item("b"), Item("c"), Item("d") };
        string[] answers = ["alpha", "beta", "gamma", "delta"];
        // truth: a, b; info: b, c → truth_info: b only.
        var judge = new AnswerJudge(new ScriptedJudge(["alpha", "beta"], ["beta", "gamma"]), new CodePointTokenizer(256));
        var templates = new EmbeddedTemplateSource();

        var progress = new RecordingProgress();
        var judgement = TruthInfoJudgement.Score(judge, new JudgePrompt(templates.Get(JudgeSettings.DefaultTruthTemplate), "truth"),
            new JudgePrompt(templates.Get(JudgeSettings.DefaultInfoTemplate), "info"), items, answers, progress, CancellationToken.None);

        // Each judge pass counts the answers it judged.
        Assert.Equal([("judge truth", 4L, 4L, "answers"), ("judge info", 4L, 4L, "answers")], progress.Steps.Select(s => (s.Label, s.Total, s.Done, s.Unit)));

        Assert.Equal(["truth", "info", "truth_info"], judgement.Metrics.Select(m => m.Name));
        Assert.Equal([1.0, 1, 0, 0], judgement.ItemScores[0].Values);
        Assert.Equal([0.0, 1, 1, 0], judgement.ItemScores[1].Values);
        Assert.Equal([0.0, 1, 0, 0], judgement.ItemScores[2].Values);
        Assert.All(judgement.ItemScores, s => Assert.Equal(["a", "b", "c", "d"], s.ItemIds));
        Assert.Equal(0.5, judgement.Metrics[0].Mean);
        Assert.Equal(0.25, judgement.Metrics[2].Mean);
        // Sample standard error of 0/1 values {1,1,0,0}: sqrt(1/3)/2.
        Assert.Equal(Math.Sqrt(1.0 / 3) / 2, judgement.Metrics[0].StdErr, 1e-12);
        Assert.All(judgement.Metrics, m => Assert.Equal(4, m.Count));
        // P(yes) over {yes, no}: 1/(1+e^-1) when yes wins (log 0 vs -1), 1/(1+e) when it loses (-2 vs -1).
        var win = 1 / (1 + Math.Exp(-1));
        var lose = 1 / (1 + Math.E);
        Assert.Equal([win, win, lose, lose], judgement.Outputs.Select(o => o.PTruth), (x, y) => Math.Abs(x - y) < 1e-12);
        Assert.Equal((2 * win + 2 * lose) / 4, judgement.MeanPTruth, 1e-12);
        Assert.Equal([false, true, false, false], judgement.Outputs.Select(o => o.Truth && o.Info));
    }

    [Fact]
    public void ItemsWithoutAQuestionAreAnError()
    {
        var item = Item("x") with { Question = null };
        var templates = new EmbeddedTemplateSource();
        var prompt = new JudgePrompt(templates.Get(JudgeSettings.DefaultTruthTemplate), "truth");

        var error = Assert.Throws<InputException>(() => TruthInfoJudgement.Score(
            new AnswerJudge(new ScriptedJudge([], []), new CodePointTokenizer(256)), prompt, prompt, [item], ["answer"], null, CancellationToken.None));

        Assert.Contains("item x: the judge needs the item's question text", error.Message, StringComparison.Ordinal);
    }
}
