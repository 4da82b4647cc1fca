namespace SvDecode.Eval.Progress;

/// <summary>Progress of long steps: live bars on an interactive terminal, log lines at fixed steps otherwise.</summary>
public interface IRunProgress
{
    IProgressTask Start(string label, long total);
}

public interface IProgressTask : IDisposable
{
    void Increment(long amount = 1);
}
