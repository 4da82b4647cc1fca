namespace SvDecode.Eval.Data;

/// <summary>Names of the splits a data file can provide.</summary>
public static class BenchmarkSplits
{
    public const string Test = "test";
    public const string Train = "train";
    public const string Dev = "dev";
    public const string Validation = "validation";
}
