using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>Token lists packed into (B, T) tensors, padded with id 0 (never attended) on one side.</summary>
public static class PromptBatch
{
    public const int PadId = 0;

    /// <summary>Left padding (generation: every row's last token sits in the last column). Returns ids and mask (B, T) int64.</summary>
    public static (Tensor Ids, Tensor Mask) LeftPadded(IReadOnlyList<IReadOnlyList<int>> rows, Device? device = null) =>
        Pack(rows, left: true, device);

    /// <summary>Right padding (teacher forcing continuations after a shared context).</summary>
    public static (Tensor Ids, Tensor Mask) RightPadded(IReadOnlyList<IReadOnlyList<int>> rows, Device? device = null) =>
        Pack(rows, left: false, device);

    private static (Tensor Ids, Tensor Mask) Pack(IReadOnlyList<IReadOnlyList<int>> rows, bool left, Device? device)
    {
        if (rows.Count == 0 || rows.Any(r => r.Count == 0))
        {
            throw new ArgumentException("Every row needs at least one token.", nameof(rows));
        }
        var width = rows.Max(r => r.Count);
        var ids = new long[rows.Count * width];
        var mask = new long[rows.Count * width];
        for (var b = 0; b < rows.Count; b++)
        {
            var start = left ? width - rows[b].Count : 0;
            for (var i = 0; i < rows[b].Count; i++)
            {
                ids[b * width + start + i] = rows[b][i];
                mask[b * width + start + i] = 1;
            }
        }
        return (tensor(ids, [rows.Count, width], device: device), tensor(mask, [rows.Count, width], device: device));
    }
}
