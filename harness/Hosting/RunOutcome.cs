using SvDecode.Eval.Results;

namespace SvDecode.Eval.Hosting;

/// <summary>How a hosted run ended, for the tool to map to an exit code.</summary>
public sealed class RunOutcome
{
    /// <summary>130 until the run finishes: a host stopped by Ctrl+C or SIGTERM before that was cancelled.</summary>
    public int ExitCode { get; set; } = ExitCodes.Cancelled;

    public string? Error { get; set; }

    public RunResults? Results { get; set; }
}
