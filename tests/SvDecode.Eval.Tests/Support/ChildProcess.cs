using System.Diagnostics;

namespace SvDecode.Eval.Tests.Support;

/// <summary>Runs a program to its end, capturing what it prints (for tests that drive the dotnet CLI or a shell).</summary>
public static class ChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(string program, IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        // Both streams are drained concurrently: a child that fills one pipe while we wait on the other would hang.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ChildProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
