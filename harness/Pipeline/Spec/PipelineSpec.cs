using System.ComponentModel.DataAnnotations;

namespace SvDecode.Eval.Pipeline.Spec;

/// <summary>A pipeline file (schema version 1), bound and validated. Paths are as written; see <see cref="PipelineDocument"/>.</summary>
public sealed record PipelineSpec : ISelfValidating
{
    /// <summary>The seed when a pipeline gives none (also `inspect`'s default, so it splits as a run does).</summary>
    public const int DefaultSeed = 1234;

    [SpecDoc("the schema version of the pipeline file; 1")]
    [Range(1, 1)]
    public int Version { get; init; } = 1;

    [SpecDoc("a short name for the run (letters, digits, '-', '_', '.')")]
    public required string Name { get; init; }

    [SpecDoc("the seed of every random choice (splits, initialisation, sampling, bootstrap)")]
    [Range(0, int.MaxValue)]
    public int Seed { get; init; } = DefaultSeed;

    [SpecDoc("the pre-trained model")]
    public required ModelSpec Model { get; init; }

    [SpecDoc("the benchmarks to evaluate (a list)")]
    public required IReadOnlyList<BenchmarkSpec> Benchmarks { get; init; }

    [SpecDoc("the axes whose product gives the cells of the run")]
    public MatrixSpec Matrix { get; init; } = new();

    public WarmStartSettings Warmstart { get; init; } = new();

    public SteeringSettings Steering { get; init; } = new();

    public StrengthSettings Strength { get; init; } = new();

    [SpecDoc("contrastive decoding's settings (matrix.decoding: contrastive)")]
    public ContrastiveSettings Contrastive { get; init; } = new();

    [SpecDoc("logit extrapolation's settings (matrix.decoding: extrapolation)")]
    public ExtrapolationSettings Extrapolation { get; init; } = new();

    public DecodeSettings Decode { get; init; } = new();

    public ScoringSettings Scoring { get; init; } = new();

    [SpecDoc("the run directory, relative to the current directory; --output overrides it")]
    public string? Output { get; init; }

    public void Validate(SpecValidationContext context)
    {
        if (Name is not null && (Name.Length == 0 || Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            context.Error("name", $"'{Name}' may contain only letters, digits, '-', '_' and '.'");
        }
        if (Benchmarks is { Count: 0 })
        {
            context.Error("benchmarks", "at least one benchmark is required");
        }
        if (Benchmarks is not null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Benchmarks.Count; i++)
            {
                if (Benchmarks[i] is { } b && !seen.Add(b.Id))
                {
                    context.Error($"benchmarks[{i}].name",
                        $"benchmark '{b.Id}' is listed twice; give one of them an 'id' to tell them apart");
                }
            }
        }
        if (Matrix?.WarmstartEpochs is not null && Warmstart?.MaxSteps is not null)
        {
            // max_steps overrides epochs, so every budget would train the same steps: a curve of one point.
            context.Error("matrix.warmstart_epochs", "matrix.warmstart_epochs sets each warm-start's budget in epochs and warmstart.max_steps overrides epochs; give one of them (on the command line, --set warmstart.max_steps=null drops the file's)");
        }
    }
}
