using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace SvDecode.Eval.Tool.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM stop the host, which cancels the run; unlike the default console lifetime it
/// prints no "Application started" banner, so stdout stays machine-readable.
/// </summary>
internal sealed class QuietConsoleLifetime(IHostApplicationLifetime lifetime) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // The first signal cancels the run and keeps the process alive until it has flushed;
                // a second one terminates at once, as a user pressing Ctrl+C twice expects.
                context.Cancel = Interlocked.Increment(ref _signals) == 1;
                lifetime.StopApplication();
            }));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
