using SvDecode.Eval.Decoding;
using static TorchSharp.torch;

namespace SvDecode.Eval.Probe;

/// <summary>One teacher-forced pass for the probe: the logits at the last input position and the argmax at every
/// position, read a bounded chunk of positions at a time.</summary>
public static class ProbeForward
{
    public static (float[] LastLogits, int[] Argmax) Run(ILogitsSessionFactory sessions, IReadOnlyList<int> inputIds)
    {
        using var session = sessions.Open();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (ids, mask) = PromptBatch.LeftPadded([inputIds], session.Device);
        using var logits = session.Prefill(ids, mask);                                        // 1 × T
        var last = logits.Last()[0].cpu().data<float>().ToArray();
        var argmax = new int[inputIds.Count];
        foreach (var (start, length) in LogitChunks.Ranges(inputIds.Count, logits.ChunkRows))
        {
            using var chunkScope = NewDisposeScope();
            var positions = Enumerable.Range(start, length).Select(p => (long)p).ToArray();
            var chunk = logits.At(new long[length], positions);                              // (N, V)
            chunk.argmax(-1).to(ScalarType.Int32).cpu().data<int>().ToArray().CopyTo(argmax, start);
        }
        return (last, argmax);
    }
}
