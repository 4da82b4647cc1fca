namespace SvDecode.Eval.Progress;

/// <summary>One step's progress; disposing it marks the step done.</summary>
public interface IProgressTask : IDisposable
{
    void Increment(long amount = 1);
}
