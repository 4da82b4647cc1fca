using Microsoft.Extensions.Logging;
using SvDecode.Eval.Data;
using SvDecode.Eval.Engine;

namespace SvDecode.Eval.Stages;

/// <summary>
/// Loads a benchmark through its adapter, splits it (seeded: warm-start train, calibration, test) and applies the
/// item limit. Its key depends on the benchmark's files and settings only, so every cell shares one artifact.
/// </summary>
public sealed class DatasetStage(IEnumerable<IBenchmark> benchmarks) : IPipelineStage
{
    private readonly IReadOnlyList<IBenchmark> _benchmarks = [.. benchmarks];

    public string Name => StageOutputs.Dataset.Stage;

    public string Description => "Loads the benchmark's files, splits them (train / calibration / test, seeded) and applies the limit.";

    public int Order => 10;

    public int Version => 2; // 2: items carry the raw question (judge prompts)

    public IReadOnlyList<StageOutput> Reads => [];

    public object Fingerprint(StageContext context)
    {
        var benchmark = context.Benchmark;
        return new
        {
            benchmark.Name,
            benchmark.Id,
            Files = InputPaths(context).Select(p => new { p.Field, Sha256 = HashPath(context, p.Path) }).ToList(),
            benchmark.SkipBadRows,
            Split = Options(context),
            Limit = EffectiveLimit(context),
        };
    }

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var benchmark = context.Benchmark;
        var adapter = _benchmarks.FirstOrDefault(a => a.Name == benchmark.Name)
            ?? throw new InputException($"benchmark '{benchmark.Name}' is not registered");
        string? Resolve(string? path) => path is null ? null : context.Document.Resolve(path);
        var request = new BenchmarkLoadRequest(Resolve(benchmark.Data)!, Resolve(benchmark.TrainData), Resolve(benchmark.Passages), benchmark.SkipBadRows, Resolve(benchmark.McTask));
        var data = adapter.Load(request, cancellationToken);
        var plan = BenchmarkSplitter.Plan(data, Options(context));
        var limit = EffectiveLimit(context);
        var test = limit is { } n ? plan.Test.Take(n).ToList() : plan.Test;
        var artifact = new DatasetArtifact(data.Benchmark, data.Template, plan.Manifest, limit, plan.Train, plan.Calibration, test, data.SkippedRows, data.Files);
        context.Output!.WriteJson(StageOutputs.Dataset.FileName, artifact);
        context.Output.SetDiagnostic("items_train", plan.Train.Count);
        context.Output.SetDiagnostic("items_calibration", plan.Calibration.Count);
        context.Output.SetDiagnostic("items_test", test.Count);
        context.Output.SetDiagnostic("rows_skipped", data.SkippedRowCount);
        context.Logger.LogInformation("{Benchmark}: {Train} train, {Calibration} calibration, {Test} test items ({Template}); {Skipped} bad rows skipped",
            benchmark.Id, plan.Train.Count, plan.Calibration.Count, test.Count, data.Template, data.SkippedRowCount);
        return Task.CompletedTask;
    }

    private static SplitOptions Options(StageContext context)
    {
        var split = context.Benchmark.Split;
        return new SplitOptions
        {
            Seed = split.Seed ?? context.Spec.Seed,
            TrainFraction = split.TrainFraction,
            CalibrationFraction = split.CalibrationFraction,
            UseProvidedTrain = split.UseProvidedTrain,
        };
    }

    private static int? EffectiveLimit(StageContext context) => context.Session.Limit ?? context.Benchmark.Limit;

    private static IEnumerable<(string Field, string Path)> InputPaths(StageContext context)
    {
        var b = context.Benchmark;
        foreach (var (field, path) in new[] { ("data", b.Data), ("train_data", b.TrainData), ("passages", b.Passages), ("mc_task", b.McTask) })
        {
            if (path is not null)
            {
                yield return (field, context.Document.Resolve(path));
            }
        }
    }

    /// <summary>A file's hash, or for a folder the hash of its files' names and hashes (MMLU is a folder of CSVs).</summary>
    private static string HashPath(StageContext context, string path)
    {
        if (!Directory.Exists(path))
        {
            return context.HashFile(path, "data");
        }
        var parts = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(path, f)}={context.HashFile(f, "data")}");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", parts))));
    }
}
