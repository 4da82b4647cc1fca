namespace SvDecode.Eval.Tests.Support;

/// <summary>A finished child process: its exit code and everything it printed.</summary>
public sealed record ChildProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for an assertion message.</summary>
    public string Printed => Stdout + "\n" + Stderr;
}
