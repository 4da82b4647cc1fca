namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// What a bench run measures: which models, the prefill (batch × tokens) shapes, decode batches, the scoring workload
/// and how many timed iterations. "full" is issue 10's suite; "smoke" exercises every measurement on a tiny model in
/// seconds so CI keeps the command from rotting.
/// </summary>
public sealed record BenchSuite
{
    public required string Name { get; init; }

    public required IReadOnlyList<BenchModelShape> Models { get; init; }

    /// <summary>(batch, tokens) of each prefill figure.</summary>
    public required IReadOnlyList<(int Batch, int Tokens)> PrefillShapes { get; init; }

    public required IReadOnlyList<int> DecodeBatches { get; init; }

    /// <summary>Prompt tokens per row before decoding starts (prefill time is not counted in decode figures).</summary>
    public required int DecodePromptTokens { get; init; }

    /// <summary>Greedy steps timed per decode figure (each step feeds one token per row through the KV cache).</summary>
    public required int DecodeSteps { get; init; }

    /// <summary>TruthfulQA-shaped items scored per scoring figure.</summary>
    public required int ScoringItems { get; init; }

    /// <summary>Timed repetitions per figure (the median is reported), after one warm-up.</summary>
    public required int Iterations { get; init; }

    /// <summary>Minimum wall time of each figure's warm-up (repeated short runs of the same work).</summary>
    public required double WarmUpSeconds { get; init; }

    /// <summary>Side of the square fp32 matmul whose loop gives the compute ceiling.</summary>
    public required int MatmulSize { get; init; }

    /// <summary>Side of the square fp32 matrix whose matrix-vector loop gives the memory bandwidth (fp32, beyond caches).</summary>
    public required int MatvecSize { get; init; }

    /// <summary>Floating-point operations per timed sample of the matmul ceiling loop (enough to time reliably).</summary>
    public required double CeilingFlopsPerSample { get; init; }

    /// <summary>Bytes of matrix read per timed sample of the matrix-vector bandwidth loop.</summary>
    public required double MatvecBytesPerSample { get; init; }

    public int Threads { get; init; } = 2;

    public int Seed { get; init; } = 1234;

    public static BenchSuite Full { get; } = new()
    {
        Name = "full",
        Models = [BenchModelShape.Small, BenchModelShape.Medium],
        PrefillShapes = [(1, 512), (8, 128)],
        DecodeBatches = [1, 8],
        DecodePromptTokens = 32,
        DecodeSteps = 32,
        ScoringItems = 6,
        Iterations = 3,
        WarmUpSeconds = 1.0,
        MatmulSize = 1024,
        MatvecSize = 8192,
        CeilingFlopsPerSample = 2e10,
        MatvecBytesPerSample = 2e9,
    };

    public static BenchSuite Smoke { get; } = new()
    {
        Name = "smoke",
        Models = [BenchModelShape.Tiny],
        PrefillShapes = [(1, 32), (2, 16)],
        DecodeBatches = [1, 2],
        DecodePromptTokens = 8,
        DecodeSteps = 4,
        ScoringItems = 2,
        Iterations = 1,
        WarmUpSeconds = 0,
        MatmulSize = 128,
        MatvecSize = 512,
        CeilingFlopsPerSample = 1e8,
        MatvecBytesPerSample = 1e7,
    };

    /// <summary>This suite restricted to the named models (all of them when <paramref name="names"/> is empty).</summary>
    public BenchSuite OnlyModels(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return this;
        }
        var unknown = names.Where(n => Models.All(m => m.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new InputException($"--model: the {Name} suite has no model '{unknown[0]}'; it has: {string.Join(", ", Models.Select(m => m.Name))}.");
        }
        return this with { Models = Models.Where(m => names.Contains(m.Name)).ToList() };
    }

    public static BenchSuite Parse(string name) => name.ToLowerInvariant() switch
    {
        "full" => Full,
        "smoke" => Smoke,
        _ => throw new InputException($"--suite: unknown suite '{name}'; supported: smoke, full."),
    };
}
