using SvDecode.Eval.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Decoding;

/// <summary>
/// Where virtual-token PEFT methods plug into a <see cref="ModelLogitsSession"/> without touching model code.
/// </summary>
public sealed record ModelSessionOptions
{
    /// <summary>
    /// Prompt tuning: (n_v, C) embeddings placed before each row (before its left padding). They take positions
    /// 0..n_v−1, real tokens continue from n_v, and logits are returned for real tokens only.
    /// </summary>
    public Tensor? PromptEmbeddings { get; init; }

    /// <summary>
    /// Prefix tuning: given the batch size, a cache pre-filled with per-layer key/value prefixes
    /// (<see cref="KvCache.WithPrefix"/>); every query attends them and they get no RoPE.
    /// </summary>
    public Func<long, KvCache>? CacheFactory { get; init; }

    /// <summary>Added to every real token's position (HF/PEFT prefix tuning: n_virtual; 0 for the alternative convention).</summary>
    public long PositionOffset { get; init; }
}
