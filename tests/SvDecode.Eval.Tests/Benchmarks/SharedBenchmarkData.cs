using System.Collections.Concurrent;
using SvDecode.Eval.Benchmarks.Commonsense;
using SvDecode.Eval.Benchmarks.Mmlu;
using SvDecode.Eval.Benchmarks.TruthfulQa;
using SvDecode.Eval.Data;
using SvDecode.Eval.Tests.Support;

namespace SvDecode.Eval.Tests.Benchmarks;

/// <summary>Loads each benchmark from ../shared/data once per test run (several tests read the same files).</summary>
internal static class SharedBenchmarkData
{
    private static readonly ConcurrentDictionary<string, Lazy<BenchmarkData>> Cache = new(StringComparer.Ordinal);

    public static BenchmarkData Load(string name) =>
        Cache.GetOrAdd(name, n => new Lazy<BenchmarkData>(() => Create(n))).Value;

    private static BenchmarkData Create(string name)
    {
        var (adapter, request) = name switch
        {
            "truthfulqa_mc" => ((IBenchmark)new TruthfulQaMcBenchmark(), new BenchmarkLoadRequest(SharedFiles.DataFile("truthfulqa"))),
            "truthfulqa_gen" => (new TruthfulQaGenBenchmark(), new BenchmarkLoadRequest(SharedFiles.DataFile("truthfulqa", "TruthfulQA.csv"))),
            "boolq" => (new BoolQBenchmark(), new BenchmarkLoadRequest(SharedFiles.DataFile("boolq"))),
            "boolq_passages" => (new BoolQBenchmark(), new BenchmarkLoadRequest(SharedFiles.DataFile("boolq", "test.json"),
                PassagesPath: SharedFiles.DataFile("boolq", "validation_with_passages.json"))),
            "piqa" => (NumberedChoiceSuites.Piqa, new BenchmarkLoadRequest(SharedFiles.DataFile("piqa"))),
            "siqa" => (NumberedChoiceSuites.Siqa, new BenchmarkLoadRequest(SharedFiles.DataFile("siqa"))),
            "hellaswag" => (new HellaSwagBenchmark(), new BenchmarkLoadRequest(SharedFiles.DataFile("hellaswag", "hellaswag_val_full.txt"))),
            "winogrande" => (NumberedChoiceSuites.WinoGrande, new BenchmarkLoadRequest(SharedFiles.DataFile("winogrande"))),
            "arc_easy" => (NumberedChoiceSuites.ArcEasy, new BenchmarkLoadRequest(SharedFiles.DataFile("arc_easy"))),
            "arc_challenge" => (NumberedChoiceSuites.ArcChallenge, new BenchmarkLoadRequest(SharedFiles.DataFile("arc_challenge"))),
            "openbookqa" => (NumberedChoiceSuites.OpenBookQa, new BenchmarkLoadRequest(SharedFiles.DataFile("openbookqa"))),
            "mmlu" => (new MmluBenchmark(), new BenchmarkLoadRequest(SharedFiles.DataFile("mmlu"))),
            _ => throw new ArgumentException(name, nameof(name)),
        };
        return adapter.Load(request, CancellationToken.None);
    }
}
