namespace SvDecode.Eval.Benchmarks;

internal static class AssemblyMarker;
