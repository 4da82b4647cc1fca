using Spectre.Console;

namespace SvDecode.Eval.Engine.Progress;

/// <summary>Live progress bars (on stderr) for an interactive terminal.</summary>
public sealed class SpectreRunProgress(ProgressContext context) : IRunProgress
{
    public IProgressTask Start(string label, long total) => new Task(context.AddTask(Markup.Escape(label), maxValue: Math.Max(total, 1)));

    /// <summary>Runs <paramref name="body"/> with live bars drawn on standard error.</summary>
    public static async Task<T> RunAsync<T>(Func<IRunProgress, Task<T>> body)
    {
        // We only get here when stderr is a terminal; stdout may be redirected, which must not turn the bars off.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(ctx => body(new SpectreRunProgress(ctx)));
    }

    /// <summary>Live bars only where a person watches: stderr is a terminal and no CI variable is set.</summary>
    public static bool IsInteractive =>
        !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    private sealed class Task(ProgressTask task) : IProgressTask
    {
        public void Increment(long amount = 1) => task.Increment(amount);

        public void Dispose() => task.Value = task.MaxValue;
    }
}
