using System.Collections.Concurrent;
using SvDecode.Eval.Progress;
using Xunit;

namespace SvDecode.Eval.Tests.Progress;

/// <summary>An <see cref="IRunProgress"/> that keeps every step started: its label, total, unit, units done and
/// whether it was finished (disposed).</summary>
internal sealed class RecordingProgress : IRunProgress
{
    public ConcurrentQueue<Step> Steps { get; } = new();

    public IProgressTask Start(string label, long total, string unit = "items")
    {
        var step = new Step(label, total, unit);
        Steps.Enqueue(step);
        return step;
    }

    internal sealed class Step(string label, long total, string unit) : IProgressTask
    {
        public string Label => label;

        public long Total => total;

        public string Unit => unit;

        /// <summary>The units reported before the step was disposed.</summary>
        public long Done { get; private set; }

        public bool Finished { get; private set; }

        public void Increment(long amount = 1)
        {
            Assert.False(Finished, $"{label}: incremented after it finished");
            Done += amount;
        }

        public void Dispose() => Finished = true;
    }
}
