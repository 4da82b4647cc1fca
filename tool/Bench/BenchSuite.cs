using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// What a bench run measures: which models, the prefill (batch × tokens) shapes, decode batches, the scoring workload
/// and how many timed iterations. "full" is issue 10's suite; "smoke" exercises every measurement on a tiny model in
/// seconds so CI keeps the command from rotting. "paper" measures load, prefill and unsteered and steered scoring on
/// Qwen2.5-0.5B's shape in float32 and bfloat16 (issue 20); "paper-smoke" runs its code paths on a tiny Qwen2.
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

    /// <summary>The measurements this suite runs (by <see cref="IBenchMeasurement.Name"/>), in the runner's order.</summary>
    public IReadOnlyList<string> Measurements { get; init; } = ["prefill", "decode", "scoring", "steered_decode", "warm_start"];

    /// <summary>Whether scoring also times one call per answer (the context run again for each): ~50 forwards of a
    /// context, minutes on a paper-scale model.</summary>
    public bool ScorePerAnswer { get; init; } = true;

    public int Threads { get; init; } = 2;

    public int Seed { get; init; } = 1234;

    // Before the suites: static initialisers run in textual order.
    private static readonly string[] PaperMeasurements = ["prefill", "scoring", "steered_scoring"];

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

    /// <summary>
    /// Qwen2.5-0.5B's shape (grouped-query attention, q/k/v biases, tied 151,936-token head) in float32 and bfloat16:
    /// load, prefill, and multiple-choice scoring unsteered and with SVDecode, split into where the time goes. Two
    /// scored items (~17 answers) and two samples per figure keep it near 5 minutes on 2 cores.
    /// </summary>
    public static BenchSuite Paper { get; } = new()
    {
        Name = "paper",
        Models = [BenchModelShape.Checkpoint(PaperScaleModel.Qwen25HalfB, ScalarType.Float32), BenchModelShape.Checkpoint(PaperScaleModel.Qwen25HalfB, ScalarType.BFloat16)],
        PrefillShapes = [(1, 512), (4, 128)],
        DecodeBatches = [1],
        DecodePromptTokens = 32,
        DecodeSteps = 8,
        ScoringItems = 2,
        Iterations = 2,
        WarmUpSeconds = 1.0,
        MatmulSize = 1024,
        MatvecSize = 8192,
        CeilingFlopsPerSample = 2e10,
        MatvecBytesPerSample = 2e9,
        Measurements = PaperMeasurements,
        ScorePerAnswer = false,
    };

    /// <summary>The paper suite's code paths on a tiny Qwen2 in float32 and bfloat16, in seconds (CI).</summary>
    public static BenchSuite PaperSmoke { get; } = Smoke with
    {
        Name = "paper-smoke",
        Models = [BenchModelShape.TinyQwen2, BenchModelShape.Checkpoint(BenchModelShape.TinyQwen2.Source!, ScalarType.BFloat16)],
        Measurements = PaperMeasurements,
        ScorePerAnswer = false,
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
        "paper" => Paper,
        "paper-smoke" => PaperSmoke,
        _ => throw new InputException($"--suite: unknown suite '{name}'; supported: smoke, full, paper, paper-smoke."),
    };
}
