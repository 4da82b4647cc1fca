namespace SvDecode.Eval.Data;

// Placeholder of the contract the benchmarks branch implements; replaced by that branch's file on merge.
public interface IBenchmarkAdapter
{
    string Name { get; }

    string Description { get; }

    IReadOnlyList<string> Formats { get; }

    IReadOnlyList<string> Metrics { get; }
}
