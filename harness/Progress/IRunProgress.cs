namespace SvDecode.Eval.Progress;

/// <summary>Progress of long steps: live bars on an interactive terminal, log lines at fixed steps otherwise.</summary>
public interface IRunProgress
{
    /// <param name="label">What is being done, e.g. "score lora+svdecode/boolq (log-likelihood)".</param>
    /// <param name="total">How many <paramref name="unit"/> the step has.</param>
    /// <param name="unit">What is counted (plural): "items", "steps"; shown with the count and the rate.</param>
    IProgressTask Start(string label, long total, string unit = "items");
}
