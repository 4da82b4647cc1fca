using Microsoft.Extensions.Logging;

namespace SvDecode.Eval.Progress;

/// <summary>For CI logs and redirected output: one line at 0%, every 10%, and 100%.</summary>
public sealed class LogRunProgress(ILogger logger) : IRunProgress
{
    public IProgressTask Start(string label, long total) => new Task(logger, label, Math.Max(total, 1));

    private sealed class Task(ILogger logger, string label, long total) : IProgressTask
    {
        private long _done;
        private int _lastDecile = -1;

        public void Increment(long amount = 1)
        {
            _done = Math.Min(total, _done + amount);
            var decile = (int)(_done * 10 / total);
            if (decile > _lastDecile)
            {
                _lastDecile = decile;
                logger.LogInformation("{Label}: {Percent}% ({Done}/{Total})", label, decile * 10, _done, total);
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
