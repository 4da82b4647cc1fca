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
    public const string Epochs = "epochs";

    /// <summary>Cells with a decoding method: the mask threshold α, and for SVDecode μ when the strength is fixed rather
    /// than solved; the warm-start seed and budget (epochs) of a cell from matrix.seeds and matrix.warmstart_epochs.
    /// Unsteered cells without those axes: none.</summary>
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
        if (cell.Epochs is { } epochs)
        {
            parameters[Epochs] = epochs;
        }
        return parameters;
    }

    /// <summary>The mask mode a cell with a decoding method scored log-likelihoods under (hard, soft, none): its
    /// own (matrix.scoring_mask) or steering.scoring_mask, and hard for contrastive decoding, whose plausibility mask
    /// is always hard; null for the plain adapter and the pre-trained model.</summary>
    public static string? ScoringMaskOf(MatrixCell cell, PipelineSpec spec) => cell.Decoding switch
    {
        MatrixDecoding.Off => null,
        MatrixDecoding.Contrastive => MaskModes.ToName(MaskMode.Hard),
        _ => MaskModes.ToName(cell.SteeringOf(spec).ScoringMask),
    };

    /// <summary>How an SVDecode cell's μ̄ or an extrapolation cell's λ̄ was chosen ("mean", "median", "trimmed",
    /// "ratio", "fixed"); null for the other cells.</summary>
    public static string? AggregateOf(MatrixCell cell, PipelineSpec spec) => cell.Decoding switch
    {
        MatrixDecoding.SvDecode => StrengthAggregation.ToName(cell.StrengthOf(spec).Aggregate),
        MatrixDecoding.Extrapolation => StrengthAggregation.ToName(spec.Extrapolation.Lambda.Aggregate),
        _ => null,
    };
}
