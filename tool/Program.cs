using SvDecode.Eval.Tool.Cli;

namespace SvDecode.Eval.Tool;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        Platform.NativeHeap.Configure(); // before LibTorch allocates anything (every command moves large tensors)
        return CliApp.InvokeAsync(args, Console.Out, Console.Error);
    }
}
