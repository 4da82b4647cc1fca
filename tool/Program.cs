namespace SvDecode.Eval.Tool;

internal static class Program
{
    public static int Main() => 0;
}
