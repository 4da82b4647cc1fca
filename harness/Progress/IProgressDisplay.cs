namespace SvDecode.Eval.Progress;

/// <summary>
/// How a run shows its progress: it wraps the run and hands it the <see cref="IRunProgress"/> to report to. The
/// harness logs progress (<see cref="LogProgressDisplay"/>); a host with a terminal registers its own (the tool draws
/// live bars), so a host embedding the harness gets no terminal UI.
/// </summary>
public interface IProgressDisplay
{
    Task<T> RunAsync<T>(Func<IRunProgress, Task<T>> run);
}
