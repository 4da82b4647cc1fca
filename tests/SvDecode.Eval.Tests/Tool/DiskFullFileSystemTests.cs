using SvDecode.Eval.Hosting;
using SvDecode.Eval.Results;
using SvDecode.Eval.Tests.Engine;
using SvDecode.Eval.Tests.Support;
using Xunit;

namespace SvDecode.Eval.Tests.Tool;

/// <summary>
/// The tool's run on a real file system that fills up (a tmpfs too small for the run's artifacts): exit 1 with the
/// disk named as the cause, no half-written artifact, and after the file system is grown, --resume finishes with
/// results identical to a run that had room.
/// </summary>
public sealed class DiskFullFileSystemTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _small;

    public DiskFullFileSystemTests() => _small = Directory.CreateDirectory(_dir.Combine("small")).FullName;

    public void Dispose()
    {
        try
        {
            TmpfsFactAttribute.Unmount(_small);
        }
        catch (InvalidOperationException)
        {
            // not mounted (the test was skipped or failed before mounting)
        }
        _dir.Dispose();
    }

    [TmpfsFact]
    public async Task ARunThatFillsTheDiskStopsCleanlyAndResumesToTheSameResults()
    {
        var pipeline = TestPipelines.WriteMultiCell(_dir);
        var output = Path.Combine(_small, "run");
        TmpfsFactAttribute.Mount(_small, "96k");

        var (code, _, error) = await CliRunner.RunAsync("run", pipeline, "--output", output);

        Assert.True(code == ExitCodes.RunFailed, $"exit {code}: {error}");
        Assert.Contains("the disk is full (No space left on device", error, StringComparison.Ordinal);
        Assert.Contains("run again with --resume", error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output, "*.tmp*", SearchOption.AllDirectories));

        TmpfsFactAttribute.Resize(_small, "64m");
        var resumed = await CliRunner.RunAsync("run", pipeline, "--output", output, "--resume");
        Assert.True(resumed.Code == ExitCodes.Success, resumed.Error);
        var roomy = await CliRunner.RunAsync("run", pipeline, "--output", _dir.Combine("roomy"));
        Assert.True(roomy.Code == ExitCodes.Success, roomy.Error);

        Assert.Equal(RunStatus.Complete, TestRunHost.ReadResults(output).Status);
        Assert.Equal(TestRunHost.Comparable(_dir.Combine("roomy", "results.json")), TestRunHost.Comparable(Path.Combine(output, "results.json")));
    }
}
