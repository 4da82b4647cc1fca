namespace SvDecode.Eval.Hosting;

/// <summary>The tool's exit codes (README, "Exit codes").</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int RunFailed = 1;
    public const int BadInput = 2;
    public const int Cancelled = 130;
}
