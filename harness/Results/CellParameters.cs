using SvDecode.Eval.Pipeline;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Results;

/// <summary>The decoding settings recorded per cell, so sweeps over them can be told apart and plotted.</summary>
public static class CellParameters
{
    public const string Alpha = "alpha";
    public const string Mu = "mu";

    /// <summary>Steered cells: the mask threshold α, and μ when the strength is fixed rather than solved. Unsteered: none.</summary>
    public static IReadOnlyDictionary<string, double> Of(MatrixCell cell, PipelineSpec spec)
    {
        var parameters = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (cell.Steering == SteeringSwitch.On)
        {
            parameters[Alpha] = spec.Steering.Alpha;
            if (spec.Strength.Aggregate == StrengthAggregateKind.Fixed && spec.Strength.Fixed is { } mu)
            {
                parameters[Mu] = mu;
            }
        }
        return parameters;
    }
}
