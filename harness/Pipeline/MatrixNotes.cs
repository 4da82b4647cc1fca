using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Pipeline;

/// <summary>What a valid matrix will not do that its file might suggest: said by `validate` and logged by a run, so a
/// missing cell is never a surprise.</summary>
public static class MatrixNotes
{
    public static IEnumerable<string> Of(PipelineSpec spec)
    {
        var matrix = spec.Matrix;
        if (matrix.Peft.Contains(MatrixPeft.None) && matrix.Methods.Any(m => m != MatrixDecoding.Off))
        {
            yield return "peft none is scored without steering only: SVDecode and the other decoding methods contrast an adapted model with the " +
                         "pre-trained one, and the pre-trained model has no adapter (δ = 0), so 'none+svdecode' would equal 'none'.";
        }
        foreach (var (axis, listed) in new[] { ("matrix.warmstart_epochs", matrix.WarmstartEpochs is not null), ("matrix.seeds", matrix.Seeds is not null) })
        {
            foreach (var method in matrix.Peft.Where(p => listed && p != MatrixPeft.None && spec.Warmstart.AdapterFor(p.Method()!.Value) is not null))
            {
                yield return $"{axis} does not apply to {SpecBinder.SnakeCase(method.ToString())}: its existing adapter (warmstart.adapter) is evaluated once.";
            }
        }
        if (matrix.WarmstartEpochs is not null && matrix.Peft.Contains(MatrixPeft.None))
        {
            yield return "matrix.warmstart_epochs does not apply to peft none: the pre-trained model is not warm-started, so it is one cell (the budget curve's baseline).";
        }
        if (matrix.Methods.All(s => s == MatrixDecoding.Off) && (matrix.SteeringAlpha is not null || matrix.Strength is not null))
        {
            yield return "matrix.steering_alpha and matrix.strength apply to steered cells only, and the matrix has none (steering: [off]).";
        }
        else if (matrix.Strength is not null && !matrix.Methods.Contains(MatrixDecoding.SvDecode))
        {
            yield return "matrix.strength sweeps SVDecode's mu-bar and the matrix has no svdecode cell; extrapolation's lambda is extrapolation.lambda.";
        }
        if (matrix.ScoringMask is not null && matrix.Methods.Contains(MatrixDecoding.Contrastive))
        {
            yield return matrix.Methods.Any(m => m is MatrixDecoding.SvDecode or MatrixDecoding.Extrapolation)
                ? "matrix.scoring_mask does not apply to contrastive decoding: its plausibility mask is always hard, so it is one cell per adapter and alpha."
                : "matrix.scoring_mask applies to svdecode and extrapolation cells, and the matrix has none (contrastive decoding always masks hard).";
        }
        else if (matrix.ScoringMask is not null && matrix.Methods.All(m => m == MatrixDecoding.Off))
        {
            yield return "matrix.scoring_mask applies to steered cells only, and the matrix has none (steering: [off]).";
        }
        foreach (var method in spec.Warmstart.Adapter?.Keys ?? [])
        {
            if (!matrix.Peft.Any(p => SpecBinder.SnakeCase(p.ToString()) == method))
            {
                yield return $"warmstart.adapter.{method} is not used: {method} is not in matrix.peft.";
            }
        }
    }
}
