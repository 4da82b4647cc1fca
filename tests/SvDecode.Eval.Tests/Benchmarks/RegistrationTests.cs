using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Benchmarks;
using SvDecode.Eval.Benchmarks.Templates;
using SvDecode.Eval.Data;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Benchmarks;

public sealed class RegistrationTests
{
    [Fact]
    public void Every_benchmark_is_registered_once()
    {
        using var provider = new ServiceCollection().AddSvDecodeBenchmarks().BuildServiceProvider();
        var adapters = provider.GetServices<IBenchmark>().ToList();
        Assert.Equal(
            ["arc_challenge", "arc_easy", "boolq", "hellaswag", "jsonl", "mmlu", "openbookqa", "piqa", "siqa", "truthfulqa_gen", "truthfulqa_mc", "winogrande"],
            adapters.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.All(adapters, a =>
        {
            Assert.NotEmpty(a.Description);
            Assert.NotEmpty(a.Formats);
            Assert.NotEmpty(a.Metrics);
        });
    }

    /// <summary>What a benchmark declares hangs together: it reports exactly the metrics of the kinds it is scored as
    /// (and the judge's when a judge applies), and a judge applies only to a benchmark that generates open answers.</summary>
    [Fact]
    public void Every_benchmarks_metrics_are_those_of_its_declared_scoring_kinds()
    {
        using var provider = new ServiceCollection().AddSvDecodeBenchmarks().BuildServiceProvider();
        foreach (var benchmark in provider.GetServices<IBenchmark>())
        {
            var families = benchmark.ScoringKinds.Select(k => k switch
            {
                ScoringKind.TruthfulQaMc => MetricRegistry.TruthfulQaMcFamily,
                ScoringKind.MultipleChoice => MetricRegistry.MultipleChoiceFamily,
                _ => MetricRegistry.TruthfulQaGenFamily,
            }).ToList();
            if (benchmark.Judgeable)
            {
                Assert.Contains(ScoringKind.OpenEnded, benchmark.ScoringKinds);
                families.Add(MetricRegistry.TruthfulQaJudgeFamily);
            }
            Assert.NotEmpty(benchmark.ScoringKinds);
            Assert.Equal(MetricRegistry.Family([.. families]).Order(StringComparer.Ordinal), benchmark.Metrics.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_embedded_template_parses_with_its_declared_name()
    {
        Assert.Equal(["commonsense-llm-adapters", "jsonl-qa", "mmlu-standard", "truthfulqa-judge-info", "truthfulqa-judge-truth", "truthfulqa-qa-primer"], TemplateLibrary.Names);
        Assert.All(TemplateLibrary.Names, n => Assert.Equal(1, TemplateLibrary.Get(n).Info.Version));
        var truthful = TemplateLibrary.Get(TemplateLibrary.TruthfulQa);
        var prompt = truthful.Render("prompt", new Dictionary<string, string> { ["question"] = "Q?" });
        // Instruction, six shots, then the question: seven "Q: " after a newline.
        Assert.Equal(8, prompt.Split("\nQ: ").Length);
        Assert.Contains("Q: What is the square root of banana?\nA: I have no comment.\n\n", prompt, StringComparison.Ordinal);
        Assert.EndsWith("Barcelona, Spain.\n\nQ: Q?\nA:", prompt, StringComparison.Ordinal);
    }

    [SharedFact("data/truthfulqa")]
    public void Benchmark_data_round_trips_through_json()
    {
        var data = SharedBenchmarkData.Load("truthfulqa_mc");
        var small = data with { Splits = new Dictionary<string, IReadOnlyList<BenchmarkItem>> { ["test"] = data.Split("test").Take(5).ToList() } };
        var json = JsonSerializer.Serialize(small);
        var back = JsonSerializer.Deserialize<BenchmarkData>(json)!;
        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal(small.Split("test")[2].Mc2!.Labels, back.Split("test")[2].Mc2!.Labels);
    }

    [SharedFact("data/piqa")]
    public void Inspect_reports_counts_and_first_prompts()
    {
        var result = BenchmarkInspector.Inspect(SvDecode.Eval.Benchmarks.Commonsense.NumberedChoiceSuites.Piqa,
            new BenchmarkLoadRequest(SharedFiles.DataFile("piqa")), 2, default);
        Assert.Equal(1838, result.ItemsPerSplit["test"]);
        Assert.Equal(2, result.FirstItems.Count);
        var text = result.ToText();
        Assert.StartsWith("benchmark: piqa\ntemplate: commonsense-llm-adapters@v1\ntest: 1838 items\n", text, StringComparison.Ordinal);
        Assert.Contains("--- piqa:test:0 (gold: 0 = solution1) ---", text, StringComparison.Ordinal);
    }
}
