using Microsoft.Extensions.Logging;

namespace SvDecode.Eval.Progress;

/// <summary>
/// For CI logs and redirected output: one line at the first unit done (with the first rate), at every 10% reached
/// and at 100% (also when a step ends early), each with the units done, the rate and the
/// estimated time left (<see cref="ProgressRate"/>), measured on <paramref name="time"/> (the system clock unless a
/// test injects one).
/// </summary>
public sealed class LogRunProgress(ILogger logger, TimeProvider? time = null) : IRunProgress
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IProgressTask Start(string label, long total, string unit = "items") =>
        new Task(logger, _time, label, Math.Max(total, 1), unit);

    /// <summary>The log line of a step at <paramref name="rate"/>: "score x: 40% (40/100 items), 2.50 items/s, ETA 0:00:24".</summary>
    public static string Line(string label, ProgressRate rate, string unit)
    {
        var percent = rate.Done * 100 / Math.Max(rate.Total, 1);
        var speed = rate.Describe(unit);
        return FormattableString.Invariant($"{label}: {percent}% ({rate.Done}/{rate.Total} {unit})") + (speed.Length > 0 ? ", " + speed : "");
    }

    private sealed class Task(ILogger logger, TimeProvider time, string label, long total, string unit) : IProgressTask
    {
        private readonly long _started = time.GetTimestamp();
        private long _done;
        private int _lastDecile = -1;

        public void Increment(long amount = 1)
        {
            _done = Math.Min(total, _done + amount);
            var decile = (int)(_done * 10 / total);
            if (decile > _lastDecile)
            {
                _lastDecile = decile;
                var line = Line(label, new ProgressRate(_done, total, time.GetElapsedTime(_started)), unit);
#pragma warning disable CA2254 // the line is built once, invariantly, so the log and the tests read the same text
                logger.LogInformation(line);
#pragma warning restore CA2254
            }
        }

        public void Dispose()
        {
            if (_lastDecile < 10)
            {
                Increment(total - _done);
            }
        }
    }
}
