namespace SvDecode.Eval.Hosting;

/// <summary>The tool's exit codes (README, "Exit codes").</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int RunFailed = 1;
    public const int BadInput = 2;

    /// <summary>`compare --exact`: per-item scores changed although the statistical gate passed (docs/nightly.md).</summary>
    public const int ScoresChanged = 3;

    public const int Cancelled = 130;
}
