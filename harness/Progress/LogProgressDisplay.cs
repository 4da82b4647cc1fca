using Microsoft.Extensions.Logging;

namespace SvDecode.Eval.Progress;

/// <summary>Progress as log lines (category SvDecode.Eval.Progress): the default, for CI logs and embedding hosts.</summary>
public sealed class LogProgressDisplay(ILoggerFactory loggers) : IProgressDisplay
{
    public Task<T> RunAsync<T>(Func<IRunProgress, Task<T>> run) => run(new LogRunProgress(loggers.CreateLogger("SvDecode.Eval.Progress")));
}
