using SvDecode.Eval.Data;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Progress;
using SvDecode.Eval.Results;

namespace SvDecode.Eval.Judging;

/// <summary>
/// TruthfulQA's judged generation metrics (method.md §6): per answer, truth = the truthfulness judge says yes, info =
/// the informativeness judge says yes, truth_info = both. Each is a 0/1 item score, so means carry standard errors and
/// steered/unsteered cells get paired differences. The mean normalised P(yes) of each prompt is a diagnostic.
/// </summary>
public sealed class TruthInfoJudgement
{
    public List<MetricSummary> Metrics { get; } = [];

    public List<ItemScores> ItemScores { get; } = [];

    public List<JudgeItemOutput> Outputs { get; } = [];

    public double MeanPTruth { get; private set; } = double.NaN;

    public double MeanPInfo { get; private set; } = double.NaN;

    /// <param name="answers">The generated answers, parallel to <paramref name="items"/>.</param>
    /// <param name="progress">Hears each judge pass's answers done ("judge truth", "judge info").</param>
    public static TruthInfoJudgement Score(
        AnswerJudge judge, JudgePrompt truthPrompt, JudgePrompt infoPrompt,
        IReadOnlyList<BenchmarkItem> items, IReadOnlyList<string> answers, IRunProgress? progress, CancellationToken cancellationToken)
    {
        if (answers.Count != items.Count)
        {
            throw new ArgumentException($"{items.Count} items but {answers.Count} answers", nameof(answers));
        }
        var pairs = items.Select((item, k) => (Question(item), answers[k])).ToList();
        IReadOnlyList<JudgeVerdict> Pass(string name, JudgePrompt prompt)
        {
            using var task = progress?.Start($"judge {name}", pairs.Count, "answers");
            return judge.Judge(prompt, pairs, task, cancellationToken);
        }
        var truth = Pass("truth", truthPrompt);
        var info = Pass("info", infoPrompt);

        var result = new TruthInfoJudgement();
        var ids = items.Select(i => i.Id).ToList();
        var truthValues = truth.Select(v => v.Yes ? 1.0 : 0.0).ToArray();
        var infoValues = info.Select(v => v.Yes ? 1.0 : 0.0).ToArray();
        var both = truthValues.Zip(infoValues, (t, i) => t * i).ToArray();
        foreach (var (name, values) in new[] { (MetricRegistry.Truth, truthValues), (MetricRegistry.Info, infoValues), (MetricRegistry.TruthInfo, both) })
        {
            result.Metrics.Add(MetricSummary.Of(name, values));
            result.ItemScores.Add(new ItemScores(name, ids, values));
        }
        result.Outputs.AddRange(items.Select((item, k) => new JudgeItemOutput(item.Id, truth[k].Yes, info[k].Yes, truth[k].PYes, info[k].PYes)));
        if (items.Count > 0)
        {
            result.MeanPTruth = truth.Average(v => v.PYes);
            result.MeanPInfo = info.Average(v => v.PYes);
        }
        return result;
    }

    private static string Question(BenchmarkItem item) => item.Question
        ?? throw new InputException($"item {item.Id}: the judge needs the item's question text, which this data set does not give.");
}
