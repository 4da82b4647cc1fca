using TorchSharp;
using static TorchSharp.torch;

namespace SvDecode.Eval.Models.Layers;

/// <summary>
/// x Wᵀ + b for one row or a handful of rows on the CPU, written so that oneMKL picks a kernel that streams the weight
/// fast. A handful of rows (8–48) is computed as (W xᵀ + b)ᵀ: LibTorch then hands oneMKL the weight as the left operand
/// and the few rows as the narrow right one, and oneMKL's kernel for that shape streams the weight at its one-row rate
/// where the x Wᵀ shape slows down with every row added; the transposed result is copied back to rows (a few
/// kilobytes). One row is computed as two copies of it: oneMKL's one-row kernel (gemv) streams a weight at 26–31 GB/s,
/// its two-row kernel at 40–49 (docs/performance.md, "Products of a few rows"); row 0 of the result is returned.
/// Only float32 on the CPU, and only for the row counts where it measured faster.
/// </summary>
public static class FewRowProduct
{
    /// <summary>Fewest rows that take this path. Measured in whole decode steps (AMD EPYC, 2026-12-06): from 12 rows
    /// it won on every model (batch 16: 1.3× on the 134M bench model, 1.9× on the 27M one, 1.1× on Qwen2.5-0.5B's
    /// shape); at 8 rows it won where the inputs are at least 768 wide (1.18× on 134M, 1.14× on Qwen2.5-0.5B) and lost
    /// on the 27M model's 512 (0.90×); at 4 rows it was even. Settable for in-process A/B measurements;
    /// <c>SVDECODE_FEW_ROW_PRODUCT=off</c> turns the path off for a process.</summary>
    public static int MinRows { get; set; } = Off ? int.MaxValue : 8;

    /// <summary>Whether one row is computed as two (measured in whole decode steps: see <see cref="Linear"/>). Settable
    /// for in-process A/B measurements; <c>SVDECODE_FEW_ROW_PRODUCT=off</c> turns it off with the few-row path.</summary>
    public static bool OneRowAsTwo { get; set; } = !Off;

    private static bool Off => Environment.GetEnvironmentVariable("SVDECODE_FEW_ROW_PRODUCT") == "off";

    /// <summary>Fewest rows that take this path when the inputs are narrower than <see cref="WideInputs"/>.</summary>
    public const int MinRowsNarrow = 12;

    /// <summary>Input width from which <see cref="MinRows"/> applies instead of <see cref="MinRowsNarrow"/>.</summary>
    public const long WideInputs = 768;

    /// <summary>Most rows that take this path (above it the usual product wins again).</summary>
    public const int MaxRows = 48;

    /// <summary><c>linear(x, weight, bias)</c>, through <see cref="Linear"/> where it applies.</summary>
    public static Tensor Product(Tensor x, Tensor weight, Tensor? bias) =>
        Applies(x, weight) ? Linear(x, weight, bias) : nn.functional.linear(x, weight, bias);

    public static bool Applies(Tensor x, Tensor weight)
    {
        if (weight.dtype != ScalarType.Float32 || weight.device_type != DeviceType.CPU || x.dtype != ScalarType.Float32)
        {
            return false;
        }
        var rows = x.numel() / weight.shape[1];
        if (rows == 1)
        {
            return OneRowAsTwo;
        }
        var least = weight.shape[1] >= WideInputs ? MinRows : Math.Max(MinRows, MinRowsNarrow);
        return rows >= least && rows <= MaxRows;
    }

    /// <summary>x (…, in), weight (out, in), bias (out) → (…, out), equal to <c>linear(x, weight, bias)</c>.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var rows = x.reshape(-1, weight.shape[1]);                                        // (M, in)
        var shape = x.shape.ToArray();
        shape[^1] = weight.shape[0];
        if (rows.shape[0] == 1)
        {
            var pair = rows.expand(2, -1).contiguous();                                    // (2, in): the row twice
            // Row 0 copied out: a view would keep both rows' storage alive with the result (a 151,936-wide head row
            // kept per item would hold twice its bytes).
            return nn.functional.linear(pair, weight, bias)[..1].clone().view(shape).MoveToOuterDisposeScope(); // (…, out)
        }
        var transposed = bias is null ? weight.matmul(rows.t()) : addmm(bias.unsqueeze(1), weight, rows.t(), 1, 1); // (out, M)
        return transposed.t().contiguous().view(shape).MoveToOuterDisposeScope();          // (…, out)
    }
}
