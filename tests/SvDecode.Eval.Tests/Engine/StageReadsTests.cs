using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Stages;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Engine;

/// <summary>
/// Stages get what earlier stages wrote only through the outputs they declare: the engine refuses a wiring in which
/// a stage reads what runs after it, and a stage that reads an output it did not declare fails its unit.
/// </summary>
public sealed class StageReadsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ExecutionLog _log;

    public StageReadsTests() => _log = new ExecutionLog(_dir.Combine("log"));

    public void Dispose() => _dir.Dispose();

    private async Task<Exception?> RunAsync(IPipelineStage stage)
    {
        using var services = TestRunHost.Services(_log, extra: s => s.AddSingleton(stage));
        var request = new RunRequest(TestRunHost.Load(TestPipelines.WriteMultiCell(_dir)), _dir.Combine("run"));
        return await Record.ExceptionAsync(() => PipelineRunner.RunAsync(request, services, CancellationToken.None));
    }

    [Fact]
    public async Task AStageThatReadsALaterStagesOutputIsRefusedBeforeAnyWork()
    {
        // Order 5: before the dataset stage (10) whose output it reads.
        var error = await RunAsync(new ReadingStage(order: 5, reads: [StageOutputs.Dataset], read: StageOutputs.Dataset));

        var refused = Assert.IsType<InvalidOperationException>(error);
        Assert.Equal("Stage 'test-read' (order 5) reads dataset/dataset.json, but 'dataset' (order 10) does not run before it.", refused.Message);
        Assert.Empty(_log.Entries);
        Assert.False(Directory.Exists(_dir.Combine("run", "artifacts", "dataset")));
    }

    [Fact]
    public async Task ReadingAnUndeclaredOutputFailsTheUnitAndNamesIt()
    {
        var error = await RunAsync(new ReadingStage(order: 60, reads: [], read: StageOutputs.Dataset));

        Assert.Equal("Stage 'test-read' reads dataset/dataset.json without declaring it in its Reads.", Assert.IsType<InvalidOperationException>(error).Message);
    }

    [Fact]
    public async Task ADeclaredOutputIsHandedOverTypedAndOneOfAnUnregisteredStageIsAbsent()
    {
        var stage = new ReadingStage(order: 60, reads: [StageOutputs.Dataset, StageOutputs.Strength], read: StageOutputs.Dataset);

        Assert.Null(await RunAsync(stage));

        Assert.NotEmpty(stage.TestCounts);
        Assert.All(stage.TestCounts, n => Assert.True(n > 0));
        Assert.All(stage.StrengthPresent, Assert.False); // no strength stage is registered in the engine tests
    }

    private sealed class ReadingStage(int order, IReadOnlyList<StageOutput> reads, StageOutput<DatasetArtifact> read) : IPipelineStage
    {
        public List<int> TestCounts { get; } = [];

        public List<bool> StrengthPresent { get; } = [];

        public string Name => "test-read";

        public string Description => "test: reads an output";

        public int Order => order;

        public int Version => 1;

        public IReadOnlyList<StageOutput> Reads => reads;

        public object Fingerprint(StageContext context) => new { context.Cell.Id, order };

        public Task RunAsync(StageContext context, CancellationToken cancellationToken)
        {
            TestCounts.Add(context.Read(read).Test.Count);
            if (reads.Contains(StageOutputs.Strength))
            {
                StrengthPresent.Add(context.Has(StageOutputs.Strength));
            }
            return Task.CompletedTask;
        }
    }
}
