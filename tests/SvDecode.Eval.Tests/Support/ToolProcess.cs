using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SvDecode.Eval.Tests.Support;

/// <summary>The built svdecode-eval tool started as a real process, for signal and exit-code tests.</summary>
public sealed partial class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private ToolProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { lock (_gate) { _stdout.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_gate) { _stderr.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ToolProcess Start(params string[] args) => StartWith(new Dictionary<string, string?>(), args);

    /// <summary>Starts the tool with these environment variables set (or, for a null value, removed) on top of this process's.</summary>
    public static ToolProcess StartWith(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "svdecode-eval.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["CI"] = "true"; // no live bars: plain progress lines
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        return new ToolProcess(Process.Start(info)!);
    }

    public string Stdout { get { lock (_gate) { return _stdout.ToString(); } } }

    public string Stderr { get { lock (_gate) { return _stderr.ToString(); } } }

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    public async Task<bool> WaitForStderrAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || clock.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(25);
        }
        return true;
    }

    /// <summary>Sends a POSIX signal (SIGINT 2, SIGTERM 15), as Ctrl+C or a job scheduler would.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // drains the redirected streams
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
