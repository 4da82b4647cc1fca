using Xunit;

namespace SvDecode.Eval.Tests.Steering;

/// <summary>A fact that runs only when SVDECODE_FIGURES=1: measurements for the closing note, never timed assertions.</summary>
public sealed class FiguresFactAttribute : FactAttribute
{
    public FiguresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SVDECODE_FIGURES") != "1")
        {
            Skip = "a measurement, not a test: set SVDECODE_FIGURES=1 to print the figures";
        }
    }
}
