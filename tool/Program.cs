using System.Globalization;
using SvDecode.Eval.Tool.Cli;

namespace SvDecode.Eval.Tool;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        Platform.NativeHeap.Configure(); // before LibTorch allocates anything (every command moves large tensors)
        // Every command's output and files read the same whatever the machine's locale (ICU is on for tokenizers).
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        return CliApp.InvokeAsync(args, Console.Out, Console.Error);
    }
}
