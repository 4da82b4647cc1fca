using Spectre.Console;
using SvDecode.Eval.Progress;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>Live progress bars (on stderr) for an interactive terminal; the tool registers it only there.</summary>
internal sealed class SpectreProgressDisplay : IProgressDisplay
{
    /// <summary>Live bars only where a person watches: stderr is a terminal and no CI variable is set.</summary>
    public static bool IsInteractive =>
        !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public async Task<T> RunAsync<T>(Func<IRunProgress, Task<T>> run)
    {
        // We only get here when stderr is a terminal; stdout may be redirected, which must not turn the bars off.
        var counts = new CountAndRateColumn();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), counts, new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(ctx => run(new Bars(ctx, counts)));
    }

    private sealed class Bars(ProgressContext context, CountAndRateColumn counts) : IRunProgress
    {
        public IProgressTask Start(string label, long total, string unit = "items")
        {
            var task = context.AddTask(Markup.Escape(label), maxValue: Math.Max(total, 1));
            counts.SetUnit(task, unit);
            return new Bar(task);
        }
    }

    private sealed class Bar(ProgressTask task) : IProgressTask
    {
        public void Increment(long amount = 1) => task.Increment(amount);

        public void Dispose() => task.Value = task.MaxValue;
    }
}
