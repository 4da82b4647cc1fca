namespace SvDecode.Eval.Models;

/// <summary>
/// The architecture hyper-parameters read from a Hugging Face config.json, normalised across families
/// (GPT-2's n_embd/n_layer/n_head land in the same fields). Built by <see cref="ModelConfigParser"/>.
/// </summary>
public sealed record ModelConfig
{
    public required ModelArchitecture Architecture { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumLayers { get; init; }
    public required int NumHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public required int MaxPositionEmbeddings { get; init; }

    /// <summary>RMSNorm eps (Llama family) or LayerNorm eps (GPT-2).</summary>
    public required double NormEps { get; init; }
    public double RopeTheta { get; init; } = 10000;
    public RopeScaling? RopeScaling { get; init; }
    public required bool TieWordEmbeddings { get; init; }

    /// <summary>Bias on q/k/v (Qwen2 always; Llama when attention_bias).</summary>
    public bool QkvBias { get; init; }

    /// <summary>Mistral's sliding window: a query attends only the last W positions (itself included). Null = unlimited.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>Bias on o_proj (Llama with attention_bias only).</summary>
    public bool OutputBias { get; init; }
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }

    /// <summary>Query heads sharing one key/value head (GQA): query head h reads kv head h / KvGroups.</summary>
    public int KvGroups => NumHeads / NumKeyValueHeads;
}
