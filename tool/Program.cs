using SvDecode.Eval.Tool.Cli;

namespace SvDecode.Eval.Tool;

internal static class Program
{
    public static Task<int> Main(string[] args) => CliApp.InvokeAsync(args, Console.Out, Console.Error);
}
