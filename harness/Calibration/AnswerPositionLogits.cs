using SvDecode.Eval.Decoding;
using SvDecode.Eval.Steering;
using static TorchSharp.torch;

namespace SvDecode.Eval.Calibration;

/// <summary>
/// Teacher-forces prompt + target of a batch of examples through a (base, adapted) pair (one right-padded Prefill)
/// and gathers the logits at the positions that predict the target tokens: row b's target j is predicted at
/// position |prompt_b| − 1 + j.
/// </summary>
public static class AnswerPositionLogits
{
    /// <returns>Base and adapted logits (N, V), N = total target tokens in example order, and the N gold ids.</returns>
    public static (Tensor Base, Tensor Adapted, long[] Targets) Gather(IPairedLogitsSession pair, IReadOnlyList<CalibrationExample> batch)
    {
        if (batch.Any(e => e.PromptIds.Count == 0 || e.TargetIds.Count == 0))
        {
            throw new InputException("A calibration example needs at least one prompt token and one target token.");
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var sequences = batch.Select(e => (IReadOnlyList<int>)[.. e.PromptIds, .. e.TargetIds]).ToList();
        var (ids, mask) = PromptBatch.RightPadded(sequences);                              // (B, T)
        var (zTheta, zPhi) = pair.Prefill(ids, mask);                                      // (B, T, V) each
        var rows = new List<long>();
        var positions = new List<long>();
        for (var b = 0; b < batch.Count; b++)
        {
            for (var j = 0; j < batch[b].TargetIds.Count; j++)
            {
                rows.Add(b);
                positions.Add(batch[b].PromptIds.Count - 1 + j);
            }
        }
        var rowIndex = tensor(rows.ToArray(), device: zPhi.device);
        var positionIndex = tensor(positions.ToArray(), device: zPhi.device);
        var targets = batch.SelectMany(e => e.TargetIds.Select(t => (long)t)).ToArray();
        return (zTheta.index([rowIndex, positionIndex]).MoveToOuterDisposeScope(),          // (N, V)
                zPhi.index([rowIndex, positionIndex]).MoveToOuterDisposeScope(),            // (N, V)
                targets);
    }
}
