using SvDecode.Eval.Engine;
using SvDecode.Eval.Metrics;
using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Results;
using SvDecode.Eval.Stages;

namespace SvDecode.Eval.Tests.Engine;

/// <summary>
/// Stages that live only in the tests and exercise the engine after the real dataset stage: each appends
/// "stage|unit" to an execution log (a file, so a second process can be checked too) when its work is done.
/// </summary>
public sealed class ExecutionLog(string path)
{
    private readonly Lock _gate = new();

    public string Path { get; } = path;

    public void Append(string stage, WorkUnit unit)
    {
        lock (_gate)
        {
            File.AppendAllText(Path, $"{stage}|{unit}\n");
        }
    }

    public IReadOnlyList<string> Entries => File.Exists(Path) ? File.ReadAllLines(Path) : [];

    public int Count(string stage) => Entries.Count(e => e.StartsWith(stage + "|", StringComparison.Ordinal));
}

/// <summary>Per cell: a deterministic "accuracy" from the cell, benchmark and seed, optionally slow.</summary>
public sealed class FakeScoreStage(ExecutionLog log, TimeSpan delay, Action<WorkUnit>? onDone = null) : IPipelineStage
{
    public string Name => "test-score";

    public string Description => "test: a deterministic metric per cell";

    public int Order => 50;

    public int Version => 1;

    public IReadOnlyList<StageOutput> Reads => [StageOutputs.Dataset];

    public object Fingerprint(StageContext context) =>
        new { cell = context.Cell.Id, batch = context.Spec.Scoring.BatchSize, seed = context.Spec.Seed };

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var dataset = context.Read(StageOutputs.Dataset);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }
        var value = (Math.Abs(StableHash($"{context.Cell.Id}/{context.Benchmark.Id}/{context.Spec.Seed}")) % 1000) / 1000.0;
        context.Output!.AddMetric(new MetricValue("acc", value, 0.01, dataset.Test.Count));
        context.Output.SetDiagnostic("mu_bar", context.Cell.Steering == SteeringSwitch.On ? -1.5 : 0);
        context.Output.WriteText("score.txt", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var ids = dataset.Test.Select(i => i.Id).ToList();
        context.Output.AddItemScores(new ItemScores("acc", ids, [.. ids.Select(id => (double)(Math.Abs(StableHash($"{context.Cell.Id}/{id}")) % 2))]));
        log.Append(Name, context.Unit);
        onDone?.Invoke(context.Unit);
    }

    internal static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}

/// <summary>Fails for one cell, to check that a failure still leaves whole results for the rest.</summary>
public sealed class FailingStage(string failingCell) : IPipelineStage
{
    public string Name => "test-fail";

    public string Description => "test: throws for one cell";

    public int Order => 60;

    public int Version => 1;

    public IReadOnlyList<StageOutput> Reads => [];

    public object Fingerprint(StageContext context) => new { cell = context.Cell.Id };

    public Task RunAsync(StageContext context, CancellationToken cancellationToken) =>
        context.Cell.Id == failingCell ? throw new InvalidOperationException("boom in " + failingCell) : Task.CompletedTask;
}
