using Microsoft.Extensions.DependencyInjection;
using SvDecode.Eval.Engine;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Engine;

/// <summary>
/// The disk fills up in the middle of a run (an injected ENOSPC from a stage that has half-written its artifact): the
/// run stops with a message that says what to do, leaves no half-written artifact, and a --resume once space is back
/// ends with results identical to a run that never failed. docs/reliability.md; a real full file system is
/// exercised by the tool on a small tmpfs in DiskFullFileSystemTests where the machine allows mounting one.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<RunResults> RunAsync(string output, FillingStage? filling, bool resume = false)
    {
        using var services = TestRunHost.Services(new ExecutionLog(_dir.Combine(Path.GetFileName(output) + ".log")),
            extra: s => { if (filling is not null) { s.AddSingleton<IPipelineStage>(filling); } });
        return await PipelineRunner.RunAsync(new RunRequest(TestRunHost.Load(TestPipelines.WriteMultiCell(_dir)), output, Resume: resume), services, CancellationToken.None);
    }

    [Fact]
    public async Task AFullDiskStopsTheRunCleanlyAndAResumeEndsAsIfNothingHappened()
    {
        var output = _dir.Combine("run");
        var disk = new FillingStage { FullAfter = 3 };

        var error = await Assert.ThrowsAsync<IOException>(() => RunAsync(output, disk));

        Assert.StartsWith("lora+svdecode / jsonl-again: test-fill: the disk is full (No space left on device", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("free space and run again with --resume.", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(output, "artifacts"), "*.tmp-*", SearchOption.AllDirectories));
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(output, "artifacts", "test-fill")).Length); // what finished is kept
        Assert.Equal(RunStatus.Failed, TestRunHost.ReadResults(output).Status);

        disk.FullAfter = int.MaxValue; // space is back
        await RunAsync(output, disk, resume: true);
        await RunAsync(_dir.Combine("uninterrupted"), new FillingStage { FullAfter = int.MaxValue });

        Assert.Equal(TestRunHost.Comparable(_dir.Combine("uninterrupted", "results.json")), TestRunHost.Comparable(Path.Combine(output, "results.json")));
    }

    /// <summary>Writes a file into its artifact and, after <see cref="FullAfter"/> artifacts, fails half-way through
    /// the next as a full disk does (ENOSPC, with the path in the message).</summary>
    private sealed class FillingStage : IPipelineStage
    {
        private int _written;

        public int FullAfter { get; set; }

        public string Name => "test-fill";

        public string Description => "test: writes a file, until the disk is full";

        public int Order => 55;

        public int Version => 1;

        public IReadOnlyList<StageOutput> Reads => [];

        public object Fingerprint(StageContext context) => new { Cell = context.Cell.Id, Benchmark = context.Benchmark.Id };

        public Task RunAsync(StageContext context, CancellationToken cancellationToken)
        {
            var path = context.Output!.PathOf("fill.txt");
            File.WriteAllText(path, "half");
            if (_written >= FullAfter)
            {
                throw new IOException($"No space left on device : '{path}'", 28);
            }
            _written++;
            File.AppendAllText(path, " and the rest");
            context.Output.SetDiagnostic("filled", 1);
            return Task.CompletedTask;
        }
    }
}
