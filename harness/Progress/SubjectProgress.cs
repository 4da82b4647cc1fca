namespace SvDecode.Eval.Progress;

/// <summary>Names what every step it starts belongs to ("warm-start [lora / boolq]"), so a stage's code labels only
/// what it does and the bar or log line still says which unit of the run it is.</summary>
public sealed class SubjectProgress(IRunProgress inner, string subject) : IRunProgress
{
    public IProgressTask Start(string label, long total, string unit = "items") => inner.Start($"{label} [{subject}]", total, unit);
}
