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
        if (matrix.Seeds is not null)
        {
            foreach (var method in matrix.Peft.Where(p => p != MatrixPeft.None && spec.Warmstart.AdapterFor(p.Method()!.Value) is not null))
            {
                yield return $"matrix.seeds does not apply to {SpecBinder.SnakeCase(method.ToString())}: its existing adapter (warmstart.adapter) is evaluated once.";
            }
        }
        if (matrix.Methods.All(s => s == MatrixDecoding.Off) && (matrix.SteeringAlpha is not null || matrix.Strength is not null))
        {
            yield return "matrix.steering_alpha and matrix.strength apply to steered cells only, and the matrix has none (steering: [off]).";
        }
        else if (matrix.Strength is not null && !matrix.Methods.Contains(MatrixDecoding.SvDecode))
        {
            yield return "matrix.strength sweeps SVDecode's mu-bar and the matrix has no svdecode cell; extrapolation's lambda is extrapolation.lambda.";
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
