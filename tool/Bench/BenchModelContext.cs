using SvDecode.Eval.Models;
using static TorchSharp.torch;

namespace SvDecode.Eval.Tool.Bench;

/// <summary>
/// What a measurement gets for one benchmark model: its shape, its Hugging Face folder, the loaded model (in the shape's dtype, eval
/// mode, shared by every measurement, do not dispose it), the suite and the machine ceilings of this run.
/// </summary>
public sealed record BenchModelContext(
    BenchModelShape Shape,
    string ModelDirectory,
    CausalLanguageModel Model,
    BenchSuite Suite,
    MachineCeilings Ceilings)
{
    /// <summary>The model's device: where measurements make the inputs they feed it.</summary>
    public Device Device => Model.parameters().First().device;

    /// <summary>Prefix of every figure name for this model, e.g. "llama-27m.".</summary>
    public string Prefix => Shape.Name + ".";

    /// <summary>Bytes of the weights every decode step reads, in their dtype (the matmul weights; embedding rows are
    /// gathered, not streamed, unless the head is the embedding table).</summary>
    public double WeightBytesPerStep => Shape.MatmulWeightBytes;
}
