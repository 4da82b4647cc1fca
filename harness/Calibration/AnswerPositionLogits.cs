using SvDecode.Eval.Decoding;
using SvDecode.Eval.Steering;
using static TorchSharp.torch;

namespace SvDecode.Eval.Calibration;

/// <summary>
/// Teacher-forces prompt + target of a batch of examples through a (base, adapted) pair (one right-padded Prefill)
/// and reads the logits at the positions that predict the target tokens — row b's target j is predicted at position
/// |prompt_b| − 1 + j — a bounded chunk of positions at a time (<see cref="LogitChunks"/>), so the full-vocabulary
/// tensors never cover the whole batch.
/// </summary>
public static class AnswerPositionLogits
{
    /// <summary>
    /// Calls <paramref name="use"/>(z_θ (N, V), z_φ (N, V), the N gold ids) for consecutive chunks of the batch's target
    /// tokens, in example order. The tensors belong to the call: they are freed when it returns.
    /// </summary>
    public static void ForEachChunk(IPairedLogitsSession pair, IReadOnlyList<CalibrationExample> batch, Action<Tensor, Tensor, long[]> use)
    {
        if (batch.Any(e => e.PromptIds.Count == 0 || e.TargetIds.Count == 0))
        {
            throw new InputException("A calibration example needs at least one prompt token and one target token.");
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var sequences = batch.Select(e => (IReadOnlyList<int>)[.. e.PromptIds, .. e.TargetIds]).ToList();
        var (ids, mask) = PromptBatch.RightPadded(sequences, pair.Device);                     // (B, T)
        using var logits = pair.Prefill(ids, mask);                                        // B × T, made per chunk
        var slots = batch.SelectMany((e, b) => e.TargetIds.Select((t, j) => (Row: (long)b, Position: (long)(e.PromptIds.Count - 1 + j), Target: (long)t))).ToArray();
        foreach (var (start, length) in LogitChunks.Ranges(slots.Length, logits.ChunkRows))
        {
            using var chunkScope = NewDisposeScope();
            var chunk = slots.AsSpan(start, length).ToArray();
            var (zTheta, zPhi) = logits.At([.. chunk.Select(s => s.Row)], [.. chunk.Select(s => s.Position)]); // (N, V) each
            use(zTheta, zPhi, [.. chunk.Select(s => s.Target)]);
        }
    }
}
