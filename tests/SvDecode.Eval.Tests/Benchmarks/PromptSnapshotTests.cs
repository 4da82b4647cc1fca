using Snapshooter;
using Snapshooter.Xunit;
using SvDecode.Eval.Data;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Benchmarks;

/// <summary>Pins the first three rendered items of every benchmark (prompt, continuations, gold, warm-start target).</summary>
public sealed class PromptSnapshotTests
{
    [SharedTheory("data")]
    [InlineData("truthfulqa_mc")]
    [InlineData("truthfulqa_gen")]
    [InlineData("boolq")]
    [InlineData("boolq_passages")]
    [InlineData("piqa")]
    [InlineData("siqa")]
    [InlineData("hellaswag")]
    [InlineData("winogrande")]
    [InlineData("arc_easy")]
    [InlineData("arc_challenge")]
    [InlineData("openbookqa")]
    [InlineData("mmlu")]
    public void First_three_rendered_prompts(string benchmark)
    {
        var data = SharedBenchmarkData.Load(benchmark);
        var split = data.HasSplit(BenchmarkSplits.Test) ? BenchmarkSplits.Test : BenchmarkSplits.Train;
        var first = data.Split(split).Take(3).Select(i => new
        {
            i.Id,
            i.Prompt,
            i.Choices,
            i.GoldIndex,
            i.AnswerLabels,
            WarmStartTarget = i.WarmStart.Target,
        });
        Snapshot.Match(new { Template = data.Template.ToString(), Split = split, Items = first }, SnapshotNameExtension.Create(benchmark));
    }
}
