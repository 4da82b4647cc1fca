using SvDecode.Eval.Engine;
using SvDecode.Eval.Pipeline.Spec;
using SvDecode.Eval.Steering;

namespace SvDecode.Eval.Stages;

/// <summary>
/// The pair transform of a cell's decoding method under one mask mode (the scoring mask for log-likelihoods, the
/// generation mask for generation), from the pipeline's settings and, for the methods that solve one, the cell's
/// strength (μ̄ or λ̄) from the strength artifact.
/// </summary>
public static class DecodingTransforms
{
    public static IPairLogitsTransform For(StageContext context, MaskMode mask, double strength)
    {
        var options = WarmStartedAdapters.Options(context, mask);
        return context.Cell.Decoding switch
        {
            MatrixDecoding.SvDecode => new SvDecodeTransform(strength, options),
            MatrixDecoding.Extrapolation => new ExtrapolationTransform(strength, options),
            MatrixDecoding.Contrastive => new ContrastiveTransform(context.Spec.Contrastive.Beta, options.Alpha),
            var other => throw new InvalidOperationException($"{context.Unit}: decoding '{other.Name()}' has no pair transform."),
        };
    }

    /// <summary>Whether the method's likelihood scores can be −∞ under the scoring mask, so the unsteered scores must
    /// come along to break ties (the hard-mask conventions of method.md).</summary>
    public static bool ScoresCanBeMasked(StageContext context) => context.Cell.Decoding switch
    {
        MatrixDecoding.Contrastive => true,
        _ => context.Steering.ScoringMask == MaskMode.Hard,
    };

    /// <summary>The name of the cell's strength diagnostic and its value: mu_bar (SVDecode), lambda_bar
    /// (extrapolation) or beta (contrastive); null for a method without one.</summary>
    public static (string Name, double Value)? Strength(StageContext context, double solved) => context.Cell.Decoding switch
    {
        MatrixDecoding.SvDecode => ("mu_bar", solved),
        MatrixDecoding.Extrapolation => ("lambda_bar", solved),
        MatrixDecoding.Contrastive => ("beta", context.Spec.Contrastive.Beta),
        _ => null,
    };

    /// <summary>Whether the cell's method solves a strength on the calibration split (the strength stage runs).</summary>
    public static bool Calibrates(MatrixDecoding decoding) => decoding is MatrixDecoding.SvDecode or MatrixDecoding.Extrapolation;

    /// <summary>The prefix of the strength stage's aggregate diagnostics: mu (SVDecode's μ*) or lambda (λ*).</summary>
    public static string StrengthPrefix(MatrixDecoding decoding) => decoding == MatrixDecoding.Extrapolation ? "lambda" : "mu";
}
