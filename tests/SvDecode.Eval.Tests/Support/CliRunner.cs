using SvDecode.Eval.Tool.Cli;

namespace SvDecode.Eval.Tests.Support;

/// <summary>Runs the svdecode-eval command line in-process and captures what it prints.</summary>
public static class CliRunner
{
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
