using SvDecode.Eval.Engine;

namespace SvDecode.Eval.Tests.Engine;

/// <summary>
/// The entry point of this assembly when started as a process (the test host never calls it): runs a pipeline with
/// the test stages, so a test can kill a real run with SIGKILL and resume it.
/// Usage: dotnet SvDecode.Eval.Tests.dll run-child &lt;pipeline&gt; &lt;output&gt; &lt;log&gt; &lt;kill-after&gt; [--resume]
/// With kill-after n &gt; 0 the process sends itself SIGKILL right after the n-th score stage did its work and before
/// the engine committed it: the worst moment, and one a polling parent on a busy 2-core machine cannot hit reliably.
/// </summary>
public static class ChildRunProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 5 || args[0] != "run-child")
        {
            await Console.Error.WriteLineAsync("usage: run-child <pipeline> <output> <log> <kill-after> [--resume]");
            return 2;
        }
        var log = new ExecutionLog(args[3]);
        var killAfter = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        var scored = 0;
        using var services = TestRunHost.Services(log, onScored: _ =>
        {
            if (++scored == killAfter)
            {
                System.Diagnostics.Process.GetCurrentProcess().Kill(); // SIGKILL: no finally block, no flush
            }
        });
        var request = new RunRequest(TestRunHost.Load(args[1]), args[2], Resume: args.Contains("--resume"));
        await PipelineRunner.RunAsync(request, services, CancellationToken.None);
        return 0;
    }
}
