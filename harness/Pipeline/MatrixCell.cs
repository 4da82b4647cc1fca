using SvDecode.Eval.Peft;
using SvDecode.Eval.Pipeline.Spec;

namespace SvDecode.Eval.Pipeline;

/// <summary>One combination of the matrix axes, e.g. LoRA with SVDecode ("lora+svdecode").</summary>
public sealed record MatrixCell(PeftMethod Peft, SteeringSwitch Steering)
{
    public string Id => Steering == SteeringSwitch.On ? $"{PeftName}+svdecode" : PeftName;

    public string PeftName => SpecBinder.SnakeCase(Peft.ToString());

    /// <summary>The cells of a matrix, in a stable order: PEFT methods as listed, then steering as listed.</summary>
    public static IReadOnlyList<MatrixCell> Expand(MatrixSpec matrix) =>
        [.. from peft in matrix.Peft from steering in matrix.Steering select new MatrixCell(peft, steering)];
}

/// <summary>The unit of work stages run on: one cell on one benchmark.</summary>
public sealed record WorkUnit(MatrixCell Cell, BenchmarkSpec Benchmark)
{
    public override string ToString() => $"{Cell.Id} / {Benchmark.Id}";
}
