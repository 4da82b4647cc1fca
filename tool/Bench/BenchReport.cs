using System.Globalization;
using System.Text;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// A bench run's result: when, where and from which commit, every figure with its unit, and the measurements that were
/// not taken (an extension slot nobody filled, no PyTorch peer) so a reader can tell "absent" from "forgotten".
/// </summary>
public sealed record BenchReport(
    string Suite,
    DateTimeOffset Date,
    string ToolVersion,
    string? Commit,
    BenchMachine Machine,
    bool PeakMemoryPerMeasurement,
    IReadOnlyList<BenchFigure> Figures,
    IReadOnlyList<string> NotMeasured)
{
    /// <summary>The PyTorch peer's CPU, torch and BLAS as it reported them; absent without a peer.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public PeerMachine? Peer { get; init; }

    /// <summary>Why the peer gave no figures when it was asked for and failed; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? PeerFailure { get; init; }

    public BenchFigure? Find(string name) => Figures.FirstOrDefault(f => f.Name == name);

    /// <summary>A readable table: name, value, unit (and note), one figure per line.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"svdecode-eval bench --suite {Suite}  {Date:yyyy-MM-dd HH:mm}Z  commit {Commit ?? "unknown"}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{Machine.Cpu} ({Machine.CpuVendor}: {Machine.CpuFlags}), {Machine.LogicalCores} logical cores, {Machine.MemoryBytes / (1L << 30)} GiB, torch threads {Machine.TorchThreads}, load average {Machine.LoadAverage}\n");
        sb.Append(CultureInfo.InvariantCulture, $"oneMKL vendor test: {Machine.MklVendorCheck}\n");
        if (Peer is { } peer)
        {
            var overrides = peer.BlasOverrides.Count == 0 ? "no OpenBLAS overrides" : "overrides " + string.Join(", ", peer.BlasOverrides);
            sb.Append(CultureInfo.InvariantCulture, $"peer: torch {peer.Torch}, {peer.Threads} threads, {peer.Blas}, kernel {peer.BlasKernel}, {overrides}; {peer.Cpu} ({peer.CpuVendor}: {peer.CpuFlags})\n");
        }
        var width = Figures.Count == 0 ? 10 : Figures.Max(f => f.Name.Length);
        foreach (var figure in Figures)
        {
            sb.Append(figure.Name.PadRight(width));
            sb.Append(CultureInfo.InvariantCulture, $"  {Format(figure.Value),12}  {figure.Unit}");
            if (figure.Note is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  ({figure.Note})");
            }
            sb.Append('\n');
        }
        foreach (var missing in NotMeasured)
        {
            sb.Append(CultureInfo.InvariantCulture, $"not measured: {missing}\n");
        }
        return sb.ToString();
    }

    private static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("0.000", CultureInfo.InvariantCulture);
}
