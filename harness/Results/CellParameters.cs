using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Results;

/// <summary>The settings recorded per cell, so sweeps over them can be told apart, summarised and plotted.</summary>
public static class CellParameters
{
    public const string Alpha = "alpha";
    public const string Mu = "mu";
    public const string Seed = "seed";

    /// <summary>Cells with a decoding method: the mask threshold α, and for SVDecode μ when the strength is fixed rather
    /// than solved; the warm-start seed of a cell from matrix.seeds. Unsteered cells without seeds: none.</summary>
    public static IReadOnlyDictionary<string, double> Of(MatrixCell cell, PipelineSpec spec)
    {
        var parameters = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (cell.Steering == SteeringSwitch.On)
        {
            parameters[Alpha] = cell.SteeringOf(spec).Alpha;
            if (cell.Decoding == MatrixDecoding.SvDecode && cell.StrengthOf(spec) is { Aggregate: StrengthAggregateKind.Fixed, Fixed: { } mu })
            {
                parameters[Mu] = mu;
            }
        }
        if (cell.Seed is { } seed)
        {
            parameters[Seed] = seed;
        }
        return parameters;
    }

    /// <summary>How an SVDecode cell's μ̄ or an extrapolation cell's λ̄ was chosen ("mean", "median", "trimmed",
    /// "ratio", "fixed"); null for the other cells.</summary>
    public static string? AggregateOf(MatrixCell cell, PipelineSpec spec) => cell.Decoding switch
    {
        MatrixDecoding.SvDecode => StrengthAggregation.ToName(cell.StrengthOf(spec).Aggregate),
        MatrixDecoding.Extrapolation => StrengthAggregation.ToName(spec.Extrapolation.Lambda.Aggregate),
        _ => null,
    };
}
